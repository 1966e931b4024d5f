import { errors as undiciErrors } from 'undici';
import {
  type UpstreamError,
  UpstreamInvalidResponseError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors.ts';
import type { VendorCallSite } from './vendor-http-events.ts';

/** The time limits of one attempt, in milliseconds, as the messages name them. */
export interface AttemptTimeouts {
  attemptMs: number;
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export interface TransportFailure {
  error: unknown;
  site: VendorCallSite & { status?: number | null };
  /** The attempt's own signal: aborted by its time limit or by the caller's. */
  attemptSignal: AbortSignal;
  callerSignal: AbortSignal | undefined;
  /** Whether the response's headers had arrived and its body was being read. */
  phase: 'connecting' | 'reading';
  timeouts: AttemptTimeouts;
}

/**
 * Classifies a failure without an HTTP status: the caller's deadline, our own per-attempt
 * deadline or undici's connect/headers/body timeouts are timeouts; a body that breaks off after
 * the headers is an invalid (truncated) response; anything else on the way there (refused,
 * reset) means the vendor is unavailable.
 */
export function transportError(failure: TransportFailure): UpstreamError {
  const { error, site, timeouts } = failure;
  const where = `${site.vendor} ${site.route}`;
  if (failure.callerSignal?.aborted) {
    return new UpstreamTimeoutError(`${where}: the request's deadline passed during the call`, {
      ...site,
      cause: error,
    });
  }
  const timeout = failure.attemptSignal.aborted
    ? `no answer within ${timeouts.attemptMs} ms`
    : error instanceof undiciErrors.ConnectTimeoutError
      ? `could not connect within ${timeouts.connectMs} ms`
      : error instanceof undiciErrors.HeadersTimeoutError
        ? `no response headers within ${timeouts.headersMs} ms`
        : error instanceof undiciErrors.BodyTimeoutError
          ? `the response body stalled for ${timeouts.bodyMs} ms`
          : null;
  if (timeout !== null) {
    return new UpstreamTimeoutError(`${where}: ${timeout}`, { ...site, cause: error });
  }
  if (failure.phase === 'reading') {
    return new UpstreamInvalidResponseError(`${where}: the response broke off mid-body`, {
      ...site,
      cause: error,
    });
  }
  return new UpstreamUnavailableError(`${where}: could not reach the vendor`, {
    ...site,
    cause: error,
  });
}
