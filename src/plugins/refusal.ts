/**
 * A request refused before any operation ran, answered as GraphQL errors are: JSON with one
 * error that carries its `extensions.code`.
 */
export function refusal(
  fetchAPI: { Response: typeof Response },
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
