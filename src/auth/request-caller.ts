import { refusalError } from '../errors/coded-errors.ts';
import type { Caller } from './tokens.ts';

// Keyed by the request object itself: every hook that has the request (the context factory, the
// metrics endpoint, a mounted app handed the same request) can ask who it acts for.
const callers = new WeakMap<Request, Caller>();

/** What a request without a valid token is told, with a 401 and this `WWW-Authenticate`. */
export const TOKEN_REQUIRED =
  'A valid gateway token is required: send Authorization: Bearer <token>.';
export const WWW_AUTHENTICATE = 'Bearer realm="chatgraph"';

/** Records who an admitted request acts for; only the gateway's authentication does this. */
export function admitCaller(request: Request, caller: Caller): void {
  callers.set(request, caller);
}

/** Who an admitted request acts for; undefined for a request authentication did not admit. */
export function callerOf(request: Request | null | undefined): Caller | undefined {
  return request ? callers.get(request) : undefined;
}

/**
 * Who the request acts for. A request authentication did not admit is refused here too, with the
 * same 401: there is no default caller, so a path that skipped authentication fails closed
 * instead of seeing every account.
 */
export function requireCaller(request: Request): Caller {
  const caller = callers.get(request);
  if (caller) return caller;
  throw refusalError('UNAUTHENTICATED', TOKEN_REQUIRED, {
    headers: { 'www-authenticate': WWW_AUTHENTICATE },
  });
}
