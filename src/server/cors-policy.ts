import type { CORSOptions } from 'graphql-yoga';

/** Which browser origins may call the gateway. */
export interface CorsSettings {
  /** Exact origins (`https://inbox.example.com`), or `["*"]` for any. Empty: none. */
  origins: readonly string[];
}

/**
 * Yoga's CORS options for each request: an origin that is not allowed gets no CORS header at
 * all (a preflight from it is answered 204 with nothing a browser would accept); an allowed one
 * is echoed (with `Vary: Origin`). Credentials are never allowed: callers authenticate with a
 * bearer header, never a cookie, so no browser session can be borrowed by another site.
 */
export function corsPolicy(settings: CorsSettings): (request: Request) => CORSOptions {
  const any = settings.origins.includes('*');
  const allowed = new Set(settings.origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || (!any && !allowed.has(origin))) return false;
    return {
      // Yoga echoes the request's own origin for '*' and adds Vary: Origin.
      origin: '*',
      credentials: false,
      methods: ['GET', 'POST'],
      exposedHeaders: ['x-request-id'],
      maxAge: 600,
    };
  };
}
