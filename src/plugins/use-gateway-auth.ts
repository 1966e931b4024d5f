import type { Plugin } from 'graphql-yoga';
import { admitCaller, TOKEN_REQUIRED, WWW_AUTHENTICATE } from '../auth/request-caller.ts';
import { authenticate, type GatewayTokenConfig, OPEN_CALLER } from '../auth/tokens.ts';
import { refusalResponse } from '../errors/coded-errors.ts';

export interface GatewayAuthOptions {
  /**
   * The configured tokens. Empty: the gateway runs open and every caller sees every account.
   * @default []
   */
  tokens?: readonly GatewayTokenConfig[];
}

/**
 * Admits a request only with a configured bearer token, and records who it acts for
 * (`callerOf`). Everything after it (execution, the metrics) runs only for an admitted request.
 * What yoga answers before the app's plugins run needs no token: `/health`, CORS preflights, and
 * the GraphiQL page when enabled (yoga serves it only to a page request, see `isPageRequest`).
 */
export function useGatewayAuth(options: GatewayAuthOptions = {}): Plugin {
  const { tokens = [] } = options;
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (tokens.length === 0) {
        admitCaller(request, OPEN_CALLER);
        return;
      }
      const caller = authenticate(request.headers.get('authorization'), tokens);
      if (caller) {
        admitCaller(request, caller);
        return;
      }
      endResponse(
        refusalResponse(fetchAPI, 'UNAUTHENTICATED', TOKEN_REQUIRED, {
          'www-authenticate': WWW_AUTHENTICATE,
        }),
      );
    },
  };
}
