/**
 * Whether a GraphQL request asks for data fresh from the vendors rather than kept answers: its
 * `Cache-Control` says `no-cache`, `no-store` or `max-age=0`, as a browser's hard reload does.
 * Its reads then go to the vendors (and what they answer is kept for later reads).
 */
export function asksForFreshData(headers: { get(name: string): string | null }): boolean {
  const value = headers.get('cache-control');
  if (value === null) return false;
  return value
    .toLowerCase()
    .split(',')
    .some((directive) => {
      const name = directive.trim();
      return name === 'no-cache' || name === 'no-store' || name.replace(/\s/g, '') === 'max-age=0';
    });
}
