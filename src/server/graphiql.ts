import { createRequire } from 'node:module';
import type { GraphiQLOptions } from 'graphql-yoga';

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

/**
 * The inline GraphiQL page renderer, loaded on first use. The page is the same for every request
 * (9 MB of inline scripts): it is rendered once, not for every browser that asks, which anyone may
 * do without a token.
 */
export function loadGraphiQLRenderer(): (options?: GraphiQLOptions) => string {
  const require = createRequire(import.meta.url);
  const render = (
    require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql')
  ).renderGraphiQL;
  let page: string | undefined;
  return (options) => {
    page ??= render(options);
    return page;
  };
}
