import { type Clock, sleep, systemClock, WaitAbortedError } from './clock.ts';
import type { WaitBudget } from './deadline.ts';
import {
  UpstreamCircuitOpenError,
  type UpstreamError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors.ts';

export interface RetryOptions {
  /**
   * Retries after the first attempt; 0 turns retrying off.
   * @default 2
   */
  retries?: number;
  /**
   * Base of the exponential backoff, in milliseconds: retry n waits a random time from 0 to
   * `min(maxDelayMs, baseDelayMs * 2^(n-1))` ("full jitter").
   * @default 100
   */
  baseDelayMs?: number;
  /**
   * Ceiling of the backoff, in milliseconds. A longer `Retry-After` from the vendor still wins,
   * within the wait budget.
   * @default 2000
   */
  maxDelayMs?: number;
  /**
   * Statuses worth another attempt. Connection failures and timeouts are retried too.
   * @default [429, 502, 503, 504]
   */
  retryOnStatus?: readonly number[];
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  retries: 2,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
  retryOnStatus: [429, 502, 503, 504],
};

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved = { ...DEFAULT_RETRY_OPTIONS, ...withoutUndefined(options) };
  if (!Number.isInteger(resolved.retries) || resolved.retries < 0) {
    throw new RangeError('retry.retries must be an integer ≥ 0');
  }
  if (!(resolved.baseDelayMs >= 0 && resolved.maxDelayMs >= resolved.baseDelayMs)) {
    throw new RangeError('retry delays must satisfy 0 ≤ baseDelayMs ≤ maxDelayMs');
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

/**
 * Only these methods are ever retried: a repeated GET or HEAD cannot do anything twice. A POST
 * (sending a message) that timed out may still have been delivered, so it runs once, as undici's
 * `retry()` does.
 */
export const RETRYABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Whether another attempt can help. Not when the caller gave up (its deadline), not for a
 * client-side refusal (an open circuit, a rate-limit wait too long for the deadline), and never for
 * answers that would come back the same (4xx other than 429, malformed or truncated bodies).
 */
export function isRetryableFailure(
  error: UpstreamError,
  options: ResolvedRetryOptions,
  callerAborted: boolean,
): boolean {
  if (callerAborted || error instanceof UpstreamCircuitOpenError) return false;
  if (error.status !== null) return options.retryOnStatus.includes(error.status);
  return error instanceof UpstreamTimeoutError || error instanceof UpstreamUnavailableError;
}

/** The full-jitter backoff before retry `retryNumber` (1-based). */
export function backoffDelayMs(
  retryNumber: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** A refusal of our own rate limiter: a rate-limited error without an HTTP status. */
function isClientSideRateLimit(error: UpstreamError): boolean {
  return error instanceof UpstreamRateLimitedError && error.status === null;
}

/** What the vendor asked for with `Retry-After`, in milliseconds, or null. */
export function retryAfterMsOf(error: UpstreamError): number | null {
  if (error instanceof UpstreamRateLimitedError && error.retryAfterSeconds !== null) {
    return error.retryAfterSeconds * 1000;
  }
  return null;
}

export interface RetryPlan {
  /** The HTTP method: anything but GET and HEAD runs once unless `mayRetry` allows another. */
  method: string;
  /**
   * For a write: whether this failure leaves another attempt safe (proven not applied, or
   * protected by the vendor's idempotency key). Absent: a write runs exactly once.
   */
  mayRetry?(error: UpstreamError): boolean;
  options: ResolvedRetryOptions;
  /** Bounds each wait between attempts. */
  budget: WaitBudget;
  /** The caller's signal: a wait it interrupts ends the call. */
  signal?: AbortSignal;
  /** Told before each retry's wait. */
  onRetry?(details: {
    attempt: number;
    delayMs: number;
    retryAfterMs: number | null;
    error: UpstreamError;
  }): void;
  /** The error to fail with when the caller's signal ends a wait. */
  abortedWhileWaiting(lastError: UpstreamError): UpstreamError;
  random?: () => number;
  /** What the waits between attempts run on. @default systemClock */
  clock?: Clock;
}

/**
 * Runs `attempt` (1-based) until it succeeds, fails for good, or the retries or the wait budget
 * run out; then throws the last attempt's error. A `Retry-After` longer than the budget fails at
 * once with the vendor's error (it carries `retryAfterSeconds`) rather than sleeping past the
 * caller's deadline.
 */
export async function runWithRetries<T>(
  plan: RetryPlan,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  const idempotent = RETRYABLE_METHODS.has(plan.method.toUpperCase());
  const maxAttempts = idempotent || plan.mayRetry !== undefined ? plan.options.retries + 1 : 1;
  let previous: UpstreamError | null = null;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const upstream = error as UpstreamError;
      // A retry the rate limiter could not fit in the budget was never sent: the vendor's own
      // failure is the better answer.
      if (previous !== null && isClientSideRateLimit(upstream)) throw previous;
      previous = upstream;
      const callerAborted = plan.signal?.aborted ?? false;
      if (
        attemptNumber >= maxAttempts ||
        !isRetryableFailure(upstream, plan.options, callerAborted) ||
        !(idempotent || (plan.mayRetry?.(upstream) ?? false))
      ) {
        throw upstream;
      }
      const retryAfterMs = retryAfterMsOf(upstream);
      const backoff = backoffDelayMs(attemptNumber, plan.options, plan.random);
      const delayMs = Math.max(backoff, retryAfterMs ?? 0);
      if (!plan.budget.allows(delayMs)) throw upstream;
      plan.onRetry?.({ attempt: attemptNumber, delayMs, retryAfterMs, error: upstream });
      try {
        await sleep(plan.clock ?? systemClock, delayMs, plan.signal);
      } catch (sleepError) {
        if (sleepError instanceof WaitAbortedError) throw plan.abortedWhileWaiting(upstream);
        throw sleepError;
      }
    }
  }
}
