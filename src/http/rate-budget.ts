import type { WaitBudget } from './deadline.ts';
import {
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors.ts';
import type { RateLimitFigures } from './rate-limit-figures.ts';
import type { VendorCallSite } from './vendor-http-events.ts';

/** A bucket's figures, for tests, metrics and debugging. */
export interface RateLimitState {
  requestsPerMinute: number;
  burst: number;
  /** Whole tokens available now. */
  tokens: number;
  /** Calls waiting. */
  queued: number;
  /** Until when the vendor asked us to hold off (epoch milliseconds), or null. */
  pausedUntil: number | null;
}

/**
 * The allowance of vendor calls every attempt draws on (see AttemptGuards): this process's own
 * buckets ({@link import('./rate-limiter.ts').RateLimiter}), or one budget all replicas share
 * through Redis ({@link import('./shared-rate-budget.ts').SharedRateBudget}). Either way a wait
 * that does not fit the caller's budget fails at once with `UPSTREAM_RATE_LIMITED` and a
 * `retryAfterSeconds`.
 */
export interface RateBudget {
  /**
   * Resolves when the call may go. Throws `UpstreamRateLimitedError` when the wait would not fit
   * the budget, `UpstreamTimeoutError` when `signal` aborts while waiting,
   * `UpstreamUnavailableError` when the budget closes meanwhile.
   */
  acquire(site: VendorCallSite, budget: WaitBudget, signal?: AbortSignal): Promise<void>;
  /**
   * Ends a call `acquire` let through; `made: false` (it never went out, e.g. an open circuit)
   * gives its token back.
   */
  release(externalId: string | null, made: boolean): void;
  /**
   * Corrects the budget with what an answer said (a 429's `Retry-After` arrives as remaining 0
   * until then), before its call is released.
   */
  observe(externalId: string | null, figures: RateLimitFigures | null): void;
  /** This process's view of a bucket, for metrics and tests. */
  state(externalId: string | null): RateLimitState;
  /** Fails every waiting call; used when the client closes. */
  close(): void;
}

/** The refusal of a wait longer than the caller's budget. */
export function rateLimitTooLong(site: VendorCallSite, waitMs: number): UpstreamRateLimitedError {
  return new UpstreamRateLimitedError(
    `${site.vendor} ${site.route}: client-side rate limit; the next slot is ${Math.ceil(waitMs)} ms away, beyond this call's wait budget`,
    { ...site, status: null, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) },
  );
}

/** The client closed while a call waited for its turn. */
export function closedWhileWaiting(site: VendorCallSite): UpstreamUnavailableError {
  return new UpstreamUnavailableError(
    `${site.vendor} ${site.route}: the client closed while the call waited for the rate limit`,
    site,
  );
}

/** The caller's deadline passed while a call waited for its turn. */
export function deadlinePassedWhileWaiting(site: VendorCallSite): UpstreamTimeoutError {
  return new UpstreamTimeoutError(
    `${site.vendor} ${site.route}: the request's deadline passed while waiting for the rate limit`,
    site,
  );
}
