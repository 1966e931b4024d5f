import { createGraphQLError, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { createGatewayContext, type GatewayContext } from './context.ts';
import type { Gateway } from './gateway.ts';
import { UpstreamError } from './http/errors.ts';
import { maskError, upstreamExtensions } from './schema/errors.ts';
import { schema } from './schema/index.ts';

/** The query GraphiQL opens with: an inbox of every connected account. */
export const EXAMPLE_QUERY = `# An inbox: the newest chats of every connected account.
query Inbox {
  connectedAccounts {
    platform
    vendor
    externalId
    chats(first: 5) {
      edges {
        node {
          id
          unreadCount
          lastActivityAt
          partner { username displayName }
          lastMessage { text createdAt isFromCreator }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`;

export interface ChatgraphOptions {
  gateway: Gateway;
  /**
   * Serve GraphiQL on GET /graphql.
   * @default true
   */
  graphiql?: boolean;
}

/**
 * Reports on every response what it cost upstream (`extensions.cost`), vendor failures of part
 * of a field that still answered (in `errors`), and failures that did not fail a field at all
 * (`extensions.warnings`).
 */
function useCostReport(): Plugin<GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          if (!result || Symbol.asyncIterator in result) return;
          const context = args.contextValue as GatewayContext;
          const warnings = context.warnings.map((warning) =>
            warning instanceof UpstreamError
              ? { message: warning.message, ...upstreamExtensions(warning) }
              : { message: 'a lookup failed' },
          );
          const partial = context.partialErrors.map(({ error, path }) =>
            createGraphQLError(error.message, { path, extensions: upstreamExtensions(error) }),
          );
          setResult({
            ...result,
            ...(partial.length > 0 ? { errors: [...(result.errors ?? []), ...partial] } : {}),
            extensions: {
              ...result.extensions,
              cost: { ...context.cost },
              ...(warnings.length > 0 ? { warnings } : {}),
            },
          });
        },
      };
    },
  };
}

export type Chatgraph = YogaServerInstance<Record<string, never>, GatewayContext>;

/** The GraphQL app: schema, per-request context, error masking, GraphiQL and /health. */
export function createChatgraph(options: ChatgraphOptions): Chatgraph {
  const { gateway, graphiql = true } = options;
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    context: ({ request }) => createGatewayContext(gateway, request.signal),
    maskedErrors: { maskError },
    graphiql: graphiql ? { title: 'chatgraph', defaultQuery: EXAMPLE_QUERY } : false,
    plugins: [useCostReport()],
  }) as unknown as Chatgraph;
}
