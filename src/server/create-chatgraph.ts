import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { isPageRequest } from '../auth/page-request.ts';
import { callerOf, requireCaller } from '../auth/request-caller.ts';
import type { Caller, GatewayTokenConfig } from '../auth/tokens.ts';
import { asksForFreshData } from '../cache/fresh-data.ts';
import {
  createGatewayContext,
  DEFAULT_MAX_QUEUED_EVENTS,
  type GatewayContext,
} from '../context.ts';
import { Cursors, randomCursorSecret } from '../cursors.ts';
import { maskError } from '../errors/mask-error.ts';
import { LiveEvents } from '../events/live-events.ts';
import { type DeadlineCutoff, deadlineSignal, lifetimeSignal } from '../http/deadline.ts';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../limits/query-limits.ts';
import { SubscriptionSlots } from '../limits/subscription-slots.ts';
import { UpstreamBudgets } from '../limits/upstream-budget.ts';
import { createLogger, yogaLoggerFor } from '../observability/logger.ts';
import { useBatchItems } from '../plugins/use-batch-items.ts';
import { useBodyLimit } from '../plugins/use-body-limit.ts';
import { useCompiledExecution } from '../plugins/use-compiled-execution.ts';
import { useCompression } from '../plugins/use-compression.ts';
import { useCostReport } from '../plugins/use-cost-report.ts';
import { useErrorCodes } from '../plugins/use-error-codes.ts';
import { useGatewayAuth } from '../plugins/use-gateway-auth.ts';
import { useQueryLimits } from '../plugins/use-query-limits.ts';
import { useResponseLimit } from '../plugins/use-response-limit.ts';
import { useSharedEventExecution } from '../plugins/use-shared-event-execution.ts';
import { useSubgraphEndpoint } from '../plugins/use-subgraph-endpoint.ts';
import { useWebhooks, type WebhooksOptions } from '../plugins/use-webhooks.ts';
import { schema } from '../schema/index.ts';
import { subgraphSchema } from '../schema/subgraph.ts';
import { type ConnectedAccounts, scopedAccounts } from '../vendors/connected-accounts.ts';
import type { IdempotencyStore } from '../writes/idempotency-store.ts';
import { MemoryIdempotencyStore } from '../writes/memory-idempotency-store.ts';
import { reportCacheSizes } from './cache-sizes.ts';
import { type CorsSettings, corsPolicy } from './cors-policy.ts';
import { EXAMPLE_QUERY, loadGraphiQLRenderer } from './graphiql.ts';

export interface ChatgraphOptions {
  connectedAccounts: ConnectedAccounts;
  /**
   * Serve GraphiQL on GET /graphql, to a browser asking for a page (a GET preferring HTML), with
   * no token needed for the page itself: its queries need one like any other.
   * @default true
   */
  graphiql?: boolean;
  /**
   * Answer introspection queries.
   * @default true
   */
  introspection?: boolean;
  /**
   * Browser origins allowed to call the gateway (CORS): exact origins, or `["*"]` for any.
   * Credentials are never allowed. The CLI passes `server.cors`.
   * @default { origins: [] }
   */
  cors?: CorsSettings;
  /**
   * Gateway tokens; with none the gateway runs open (every caller sees every account).
   * @default []
   */
  tokens?: readonly GatewayTokenConfig[];
  /**
   * Limits on documents (depth, aliases, directives, cost, vendor calls, tokens) and on response
   * size; `maxUpstreamCalls` also bounds the vendor calls a request actually makes (past it, calls
   * fail unsent). @default DEFAULT_QUERY_LIMITS
   */
  limits?: Partial<QueryLimits>;
  /**
   * Largest request body, in bytes.
   * @default 1048576
   */
  maxBodyBytes?: number;
  /**
   * Operations allowed in one batched request.
   * @default 10
   */
  maxBatch?: number;
  /**
   * How long one GraphQL request may wait for vendors, in milliseconds: then unfinished fields
   * fail with UPSTREAM_TIMEOUT and the rest of the data is returned.
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Brought forward when the server shuts down (`drainServer`): no request's deadline lasts past
   * it, so requests still waiting for vendors answer before the grace period ends.
   */
  deadlineCutoff?: DeadlineCutoff;
  /** More plugins (logging, metrics), run after the gateway's own. */
  plugins?: Plugin[];
  /**
   * Plugins that answer before authentication and limits: probes an orchestrator calls
   * without a token (readiness).
   * @default []
   */
  probes?: Plugin[];
  /**
   * Which schema to serve: the published one on /graphql (`plain`), the Apollo Federation v2
   * subgraph on /graphql (`subgraph`), or both, the subgraph on /subgraph (`both`).
   * @default 'plain'
   */
  mode?: SchemaMode;
  /**
   * Run operations compiled (graphql-jit), each document compiled once; refusals (invalid
   * variables, an operation type the schema lacks) still come from the standard executor.
   * `false` runs everything through the standard executor.
   * @default true
   */
  compiledExecution?: boolean;
  /**
   * Signs paging cursors (config `server.cursorSecret`). Without one, a random secret is made
   * here: cursors then do not survive a restart, nor pass between replicas.
   * @default a random secret per instance
   */
  cursorSecret?: string;
  /**
   * Runs of a query text before it is compiled (see useCompiledExecution).
   * @default 2
   */
  compileAfter?: number;
  /**
   * The clock of the per-token budgets of vendor calls, in epoch milliseconds (tests inject one).
   * @default Date.now
   */
  clock?: () => number;
  /**
   * The record of `sendMessage` idempotency keys. Replicas must share one (Redis) for a key to
   * hold across them. The caller that made it closes it (on shutdown).
   * @default a store in this process's memory
   */
  idempotencyStore?: IdempotencyStore;
  /**
   * The live events writes announce and subscriptions hear. Replicas must share a bus (Redis)
   * for an event on one to reach subscribers on all. The caller that made it closes it.
   * @default events within this process
   */
  events?: LiveEvents;
  /**
   * How vendor webhook deliveries are received on `POST /webhooks/<vendor>`, before
   * authentication (they are authenticated by signature). Each vendor's `webhooks` come from
   * `connectedAccounts`, and their events are announced on `events`.
   * @default {}
   */
  webhooks?: Omit<WebhooksOptions, 'connectedAccounts' | 'events'>;
  /**
   * Events a subscriber may leave unread (`limits.maxQueuedEvents`); past it its subscription
   * ends with SUBSCRIBER_TOO_SLOW, so a stuck client holds at most this many events.
   * @default 100
   */
  maxQueuedEvents?: number;
  /**
   * Subscriptions this instance serves at once (`limits.maxSubscriptions`), over SSE and
   * WebSocket together; past it a subscription is refused with TOO_MANY_SUBSCRIPTIONS.
   * @default 1000
   */
  maxSubscriptions?: number;
}

export type SchemaMode = 'plain' | 'subgraph' | 'both';

export type Chatgraph = YogaServerInstance<Record<string, never>, GatewayContext>;

/**
 * The GraphQL app: schema, per-request context, auth, limits, error masking, GraphiQL and
 * /health. Each request gets a context that sees only the caller's accounts.
 */
export function createChatgraph(options: ChatgraphOptions): Chatgraph {
  const {
    connectedAccounts,
    graphiql = true,
    introspection = true,
    tokens = [],
    cors = { origins: [] },
    limits = {},
    maxBodyBytes,
    maxBatch = 10,
    requestTimeoutMs = 30_000,
    deadlineCutoff,
    plugins = [],
    probes = [],
    mode = 'plain',
    compiledExecution = true,
    cursorSecret = randomCursorSecret(),
    compileAfter,
    clock,
    idempotencyStore = new MemoryIdempotencyStore(),
    events = new LiveEvents(),
    webhooks = {},
    maxQueuedEvents = DEFAULT_MAX_QUEUED_EVENTS,
    maxSubscriptions = 1000,
  } = options;
  // One count for every app of this instance, whichever endpoint a subscription came through.
  const slots = new SubscriptionSlots(maxSubscriptions);
  // One for every app of this instance (`both` serves two): a cursor pages on either endpoint.
  const cursors = new Cursors(cursorSecret);
  // Yoga's own log until a logging plugin (useYogaLogger) replaces it: the gateway's logger at
  // error level, so an unexpected, masked error is a line with its stack while a vendor failure,
  // a known outcome already answered with its code, is not an error of this process.
  const yogaLogger = yogaLoggerFor(createLogger({ level: 'error' }));
  const budgets = new UpstreamBudgets(
    new Map(
      tokens.flatMap((token) =>
        token.upstreamCallsPerMinute === undefined
          ? []
          : [[token.name, token.upstreamCallsPerMinute] as const],
      ),
    ),
    clock,
  );
  const views = new Map<string, ConnectedAccounts>();
  // Keyed by the scope itself, not the token's name: two tokens must never share a view
  // unless they see exactly the same accounts.
  const viewFor = (caller: Caller) => {
    const scope = caller.accounts === null ? '*' : [...caller.accounts].sort().join(',');
    let view = views.get(scope);
    if (!view) {
      view = scopedAccounts(connectedAccounts, caller.accounts);
      views.set(scope, view);
    }
    return view;
  };
  // An unknown caller (refused by auth anyway) is priced as seeing every account.
  const accountCount = (request: Request) => {
    const caller = callerOf(request);
    return caller ? viewFor(caller).accounts.length : connectedAccounts.accounts.length;
  };
  const app = (
    served: GraphQLSchema,
    graphqlEndpoint: string,
    mounted: Plugin[] = [],
    receivers: Plugin[] = [],
  ) => {
    // Parsed documents by text, at most 1000 of them and 4 MB of their texts. Validation results
    // are kept by useQueryLimits: yoga's own cache would keep a refusal that depends on the
    // variables as the document's verdict.
    const documents = new LRUCache<string, DocumentNode>({
      max: 1000,
      maxSize: 4_000_000,
      sizeCalculation: (_document, query) => query.length || 1,
    });
    const limiter = useQueryLimits({ limits, connectedAccounts: accountCount, budgets });
    const compiler = compiledExecution ? useCompiledExecution({ documents, compileAfter }) : null;
    const yoga = createYoga<Record<string, never>, GatewayContext>({
      schema: served,
      graphqlEndpoint,
      landingPage: false,
      cors: corsPolicy(cors),
      batching: { limit: maxBatch },
      // useBodyLimit refuses a body by its Content-Length, before it is read.
      maxRequestBodySize: false,
      parserAndValidationCache: {
        documentCache: documents,
        errorCache: new LRUCache<string, Error>({ max: 100 }),
        validationCache: false,
      },
      context: ({ request }) => {
        // No default caller: a request authentication did not admit is refused here too.
        const caller = requireCaller(request);
        return createGatewayContext(caller, viewFor(caller), {
          signal: deadlineSignal(requestTimeoutMs, request.signal, deadlineCutoff),
          // Not bound to this client's connection: an event's execution may be shared by other
          // subscribers (useSharedEventExecution), whom this one leaving must not fail.
          eventSignal: () => deadlineSignal(requestTimeoutMs, undefined, deadlineCutoff),
          live: {
            maxQueued: maxQueuedEvents,
            slots,
            lifetime: () => lifetimeSignal(request.signal, deadlineCutoff),
          },
          cursors,
          idempotencyStore,
          events,
          maxUpstreamCalls: limits.maxUpstreamCalls,
          freshData: asksForFreshData(request.headers),
        });
      },
      maskedErrors: { maskError },
      logging: yogaLogger,
      // Only a page request gets the page; anything else goes on to authentication.
      graphiql: graphiql
        ? (request) =>
            isPageRequest(request)
              ? // POST: GraphiQL would send a subscription as a GET, which CSRF prevention
                // refuses without a header it does not send; a JSON POST streams the same SSE.
                { title: 'chatgraph', defaultQuery: EXAMPLE_QUERY, method: 'POST' }
              : false
        : false,
      // The playground's scripts and styles are served inline, not from a CDN: it works offline
      // and behind strict networks. The bundle weighs ~80 MB in memory: loaded only when served.
      ...(graphiql ? { renderGraphiQL: loadGraphiQLRenderer() } : {}),
      plugins: [
        ...mounted,
        ...probes,
        ...receivers,
        useBodyLimit({ maxBytes: maxBodyBytes }),
        useGatewayAuth({ tokens }),
        useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
        useBatchItems(),
        ...(introspection ? [] : [useDisableIntrospection()]),
        limiter,
        useCostReport(),
        useErrorCodes(),
        ...(compiler ? [compiler] : []),
        useSharedEventExecution(),
        useResponseLimit({
          maxBytes: limits.maxResponseBytes ?? DEFAULT_QUERY_LIMITS.maxResponseBytes,
        }),
        ...plugins,
        useCompression(),
      ],
    }) as unknown as Chatgraph;
    reportCacheSizes(yoga, () => ({
      ...limiter.cacheSizes(),
      ...(compiler?.cacheSizes() ?? { plans: 0, sightings: 0 }),
      documents: documents.size,
    }));
    return yoga;
  };
  // Served by the app that listens, once, whatever the mode.
  const receivers = [useWebhooks({ ...webhooks, connectedAccounts, events })];
  if (mode === 'plain') return app(schema, '/graphql', [], receivers);
  if (mode === 'subgraph') return app(subgraphSchema(), '/graphql', [], receivers);
  // Both: the published schema on /graphql, the federation subgraph on /subgraph, one listener.
  const subgraph = app(subgraphSchema(), '/subgraph');
  return app(schema, '/graphql', [useSubgraphEndpoint({ app: subgraph })], receivers);
}
