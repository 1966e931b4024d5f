import { onAbort } from './abort-listeners.ts';
import { type Clock, systemClock } from './clock.ts';
import type { WaitBudget } from './deadline.ts';
import {
  closedWhileWaiting,
  deadlinePassedWhileWaiting,
  type RateBudget,
  type RateLimitState,
  rateLimitTooLong,
} from './rate-budget.ts';
import type { RateLimitFigures } from './rate-limit-figures.ts';
import { LONGEST_TIMER_MS, TokenBucket, type Waiter } from './token-bucket.ts';
import { emit, type RateLimitWaitInfo, type VendorCallSite } from './vendor-http-events.ts';

export interface RateLimitOptions {
  /**
   * The rate the bucket refills at, in requests per minute.
   * @default the vendor's documented limit (`VendorHttpOptions.documentedRateLimit`)
   */
  requestsPerMinute?: number;
  /**
   * The bucket's size: how many calls may go at once after a quiet spell.
   * @default the vendor's documented burst (with `requestsPerMinute` given, the same
   * burst-to-rate ratio)
   */
  burst?: number;
  /**
   * Whose allowance a bucket is: the API key's (`credential`, one bucket) or each connected
   * account's (`connectedAccount`; calls made for no account share one more bucket).
   * @default the vendor's documented scope
   */
  scope?: 'credential' | 'connectedAccount';
  /**
   * Follow the figures the vendor reports (see `VendorHttpOptions.readResponseMeta`): its limit
   * per minute re-sizes the bucket, keeping the burst-to-rate ratio, and its remaining count (less
   * the calls still in flight) sets the tokens. With `false` the configured figures are a ceiling and only a lower
   * remaining count is adopted. Either way a remaining count of 0 with a reset time holds calls
   * until the reset.
   * @default true
   */
  followVendorLimits?: boolean;
}

export type ResolvedRateLimitOptions = Required<RateLimitOptions>;

/**
 * The limits a pool keeps: the configured ones over what the vendor documents (each vendor's
 * client passes its own, used until a response says otherwise).
 */
export function resolveRateLimitOptions(
  documented: ResolvedRateLimitOptions,
  options: RateLimitOptions = {},
): ResolvedRateLimitOptions {
  const defaults = documented;
  const requestsPerMinute = options.requestsPerMinute ?? defaults.requestsPerMinute;
  const burst =
    options.burst ??
    Math.max(1, Math.round((requestsPerMinute * defaults.burst) / defaults.requestsPerMinute));
  if (!(requestsPerMinute > 0 && Number.isFinite(requestsPerMinute))) {
    throw new RangeError('rateLimit.requestsPerMinute must be a positive number');
  }
  if (!(Number.isInteger(burst) && burst >= 1)) {
    throw new RangeError('rateLimit.burst must be an integer ≥ 1');
  }
  return {
    requestsPerMinute,
    burst,
    scope: options.scope ?? defaults.scope,
    followVendorLimits: options.followVendorLimits ?? defaults.followVendorLimits,
  };
}

export type { RateLimitState } from './rate-budget.ts';

// What a call that finds a token at once is given: one settled Promise shared by all, instead of
// an async function's own per call.
const GRANTED: Promise<void> = Promise.resolve();

/**
 * Client-side rate limiting: one token bucket per credential or per connected account (see
 * {@link RateLimitOptions.scope}), sized from the vendor's documented limits and corrected by the
 * figures each response carries, so a burst queues here instead of drawing 429s. A wait longer
 * than the caller's budget fails at once with `UPSTREAM_RATE_LIMITED` and a `retryAfterSeconds`.
 * The budget of one process: with Redis, replicas share theirs (SharedRateBudget), and fall
 * back on this one while Redis is unreachable.
 */
export class RateLimiter implements RateBudget {
  readonly #options: ResolvedRateLimitOptions;
  readonly #onWait: ((info: RateLimitWaitInfo) => void) | undefined;
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #clock: Clock;

  constructor(
    options: ResolvedRateLimitOptions,
    onWait?: (info: RateLimitWaitInfo) => void,
    clock: Clock = systemClock,
  ) {
    this.#options = options;
    this.#onWait = onWait;
    this.#clock = clock;
  }

  acquire(site: VendorCallSite, budget: WaitBudget, signal?: AbortSignal): Promise<void> {
    const bucket = this.#bucket(site.externalId);
    const now = this.#clock.now();
    if (bucket.take(now)) return GRANTED;
    return this.#wait(bucket, now, site, budget, signal);
  }

  /** Queues the call until its bucket has a token for it, within the budget and the signal. */
  async #wait(
    bucket: TokenBucket,
    now: number,
    site: VendorCallSite,
    budget: WaitBudget,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const waitMs = bucket.timeUntil(bucket.queue.length + 1, now);
    if (!budget.allows(waitMs, now)) throw rateLimitTooLong(site, waitMs);
    if (signal?.aborted) throw deadlinePassedWhileWaiting(site);
    emit(this.#onWait, {
      ...site,
      waitMs: Math.ceil(waitMs),
      queued: bucket.queue.length,
      reason: now < bucket.pausedUntil ? 'paused' : 'tokens',
    });
    const giveUpMs = Math.ceil(budget.remainingMs(now)) + 5;
    await new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        cancelGiveUp?.();
        stopListening?.();
      };
      const fail = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve();
        },
        close: () => fail(closedWhileWaiting(site)),
      };
      const abandon = (): void => {
        bucket.remove(waiter);
        fail(deadlinePassedWhileWaiting(site));
      };
      // The queue can slow down after joining (a vendor's lower figures): bound the wait anyway.
      const cancelGiveUp =
        giveUpMs <= LONGEST_TIMER_MS
          ? this.#clock.setTimer(giveUpMs, () => {
              bucket.remove(waiter);
              fail(rateLimitTooLong(site, bucket.timeUntil(1, this.#clock.now())));
            })
          : null;
      const stopListening = signal && onAbort(signal, abandon);
      bucket.enqueue(waiter);
    });
  }

  release(externalId: string | null, made: boolean): void {
    this.#bucket(externalId).release(this.#clock.now(), !made);
  }

  observe(externalId: string | null, figures: RateLimitFigures | null): void {
    if (figures === null) return;
    this.#bucket(externalId).adopt(figures, this.#options.followVendorLimits, this.#clock.now());
  }

  state(externalId: string | null = null): RateLimitState {
    const bucket = this.#bucket(externalId);
    const now = this.#clock.now();
    bucket.refill(now);
    return {
      requestsPerMinute: Math.round(bucket.perMs * 60_000),
      burst: bucket.capacity,
      tokens: Math.floor(bucket.tokens),
      queued: bucket.queue.length,
      pausedUntil: bucket.pausedUntil > now ? bucket.pausedUntil : null,
    };
  }

  close(): void {
    for (const bucket of this.#buckets.values()) bucket.close();
  }

  #bucket(externalId: string | null): TokenBucket {
    const key = this.#options.scope === 'credential' ? '' : (externalId ?? '');
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.#options, this.#clock);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
