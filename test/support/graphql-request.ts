/**
 * The request a GraphQL client POSTs: one operation as JSON, asking for the GraphQL-over-HTTP
 * media type so that errors keep their HTTP status. `headers` are added last (tokens, overrides).
 */
export function graphqlRequest(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  };
}
