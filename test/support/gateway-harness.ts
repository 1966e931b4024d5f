import type { ExecutionResult } from 'graphql';
import { type SandboxConfigOptions, sandboxConfig } from '../../src/app/sandbox-mode.ts';
import { ResponseCache, type ResponseCacheOptions } from '../../src/cache/response-cache.ts';
import { defaultServerConfig } from '../../src/config.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import type { SandboxOptions, SandboxRoute } from '../../src/sandbox/types.ts';
import {
  type Chatgraph,
  type ChatgraphOptions,
  createChatgraph,
} from '../../src/server/create-chatgraph.ts';
import { connectAccounts } from '../../src/vendors/connect-accounts.ts';
import type { ConnectedAccounts } from '../../src/vendors/connected-accounts.ts';
import type { ConnectOptions } from '../../src/vendors/contract.ts';
import { graphqlRequest } from './graphql-request.ts';

export interface GatewayHarness {
  sandbox: Sandbox;
  /** The cache of vendor answers, when the harness was started with one. */
  cache?: ResponseCache;
  connectedAccounts: ConnectedAccounts;
  yoga: Chatgraph;
  /** Runs one operation through the app's fetch handler (real HTTP semantics, no port). */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<ExecutionResult<T> & { extensions?: { cost?: HarnessCost } }>;
  /** Vendor calls per route since the last reset, from the sandbox's counters. */
  calls(route?: SandboxRoute): number;
  close(): Promise<void>;
}

/** `extensions.cost` as the gateway reports it. */
export interface HarnessCost {
  upstreamCalls: number;
  credits: number;
  cacheHits: number;
  creditsSaved: number;
}

/**
 * A sandbox on a free port and a gateway connected to every sandbox account; with `cache`, its
 * vendors' reads go through a cache of vendor answers as `npm start`'s do (`true`: the defaults).
 */
export async function startGatewayHarness(
  options: {
    timeoutMs?: number;
    chatgraph?: Omit<ChatgraphOptions, 'connectedAccounts'>;
    sandbox?: SandboxOptions;
    /** How the vendors connect (e.g. the clock their accounts lists are kept by). */
    connect?: ConnectOptions;
    /** Signing secrets of the vendors' webhooks (a vendor without one has its path closed). */
    webhookSecrets?: SandboxConfigOptions['webhookSecrets'];
    cache?: true | Partial<ResponseCacheOptions>;
  } = {},
): Promise<GatewayHarness> {
  const sandbox = await startSandbox(options.sandbox);
  const config = sandboxConfig(
    sandbox,
    { ...defaultServerConfig({}), port: 0 },
    { webhookSecrets: options.webhookSecrets },
  );
  if (options.timeoutMs !== undefined) {
    if (config.vendors.onlyfansapi) config.vendors.onlyfansapi.timeoutMs = options.timeoutMs;
    if (config.vendors.ofauth) config.vendors.ofauth.timeoutMs = options.timeoutMs;
  }
  const cache =
    options.cache === undefined
      ? undefined
      : new ResponseCache({
          maxBytes: config.cache.maxBytes,
          ...(options.cache === true ? {} : options.cache),
        });
  const connectedAccounts = await connectAccounts(config, { ...options.connect, cache });
  const yoga = createChatgraph({ connectedAccounts: connectedAccounts, ...options.chatgraph });
  sandbox.resetStats();
  return {
    sandbox,
    cache,
    connectedAccounts: connectedAccounts,
    yoga,
    async query(query, variables, headers = {}) {
      const response = await yoga.fetch(
        'http://chatgraph/graphql',
        graphqlRequest(query, variables, headers),
      );
      return response.json();
    },
    calls(route) {
      const stats = sandbox.stats();
      return route ? stats.routes[route].calls : stats.totalCalls;
    },
    async close() {
      await connectedAccounts.close();
      await sandbox.close();
    },
  };
}
