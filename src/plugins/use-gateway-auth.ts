import type { Plugin } from 'graphql-yoga';
import { authenticate, type Caller, type GatewayTokenConfig, OPEN_CALLER } from '../auth/tokens.ts';

export interface GatewayAuthOptions {
  /**
   * The configured tokens. Empty: the gateway runs open and every caller sees every account.
   * @default []
   */
  tokens?: readonly GatewayTokenConfig[];
  /** Where the caller of each admitted request is kept for the context factory. */
  callers: WeakMap<Request, Caller>;
}

function unauthorized(fetchAPI: { Response: typeof Response }): Response {
  const body = {
    errors: [
      {
        message: 'A valid gateway token is required: send Authorization: Bearer <token>.',
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ],
  };
  return new fetchAPI.Response(JSON.stringify(body), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="chatgraph"' },
  });
}

/**
 * Admits a request only with a configured bearer token, and records who it acts for. The
 * GraphiQL page itself (a GET asking for HTML) is served without one: it holds no data.
 */
export function useGatewayAuth(options: GatewayAuthOptions): Plugin {
  const { tokens = [], callers } = options;
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (tokens.length === 0) {
        callers.set(request, OPEN_CALLER);
        return;
      }
      const wantsPage =
        request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
      const caller = authenticate(request.headers.get('authorization'), tokens);
      if (caller) callers.set(request, caller);
      else if (!wantsPage) endResponse(unauthorized(fetchAPI));
    },
  };
}
