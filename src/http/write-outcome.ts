import { UpstreamError } from './errors.ts';

/**
 * Whether a failed write can be known not to have been applied by the vendor: what makes a retry
 * safe without an idempotency key, and lets a caller's key be used again. Everything else that
 * fails after the request may have left (a timeout, a reset, a 5xx) leaves the outcome unknown.
 */

/** Failures stopped by the gateway's own guards before any byte was sent. */
const neverSent = new WeakSet<UpstreamError>();

/**
 * Connection failures that mean no connection was made, so no request left: refused, no such
 * host, no route, or no connection within the connect timeout.
 */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Marks a failure of the guards (deadline, breaker, rate limit, slots, call budget). */
export function markNeverSent<E>(error: E): E {
  if (error instanceof UpstreamError) neverSent.add(error);
  return error;
}

/**
 * Whether the vendor surely did not apply the write: it never left the gateway, no connection
 * was made, the vendor refused it (a 4xx other than 408: it validated and rejected the request),
 * or the vendor's own answer says so (`vendorSaysNotSent`, read from its body by the vendor's
 * folder).
 */
export function provenNotSent(
  error: UpstreamError,
  vendorSaysNotSent: (body: unknown) => boolean = () => false,
): boolean {
  if (neverSent.has(error)) return true;
  if (error.status !== null) {
    if (vendorSaysNotSent(error.vendorBody)) return true;
    return error.status >= 400 && error.status < 500 && error.status !== 408;
  }
  return causeCodes(error).some((code) => NOT_CONNECTED.has(code));
}

/** The `code` of the error's causes, outermost first, a few levels deep. */
function causeCodes(error: Error): string[] {
  const codes: string[] = [];
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    // AggregateError (happy eyeballs): every address refused.
    if (cause instanceof AggregateError) {
      const inner = cause.errors.map((item) => (item as { code?: unknown })?.code);
      if (inner.length > 0 && inner.every((item) => typeof item === 'string')) {
        if (inner.every((item) => NOT_CONNECTED.has(item as string))) codes.push('ECONNREFUSED');
      }
    }
    cause = cause.cause;
  }
  return codes;
}
