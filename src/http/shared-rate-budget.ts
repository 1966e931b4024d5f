import type { Vendor } from '../domain.ts';
import { onAbort } from './abort-listeners.ts';
import type { Clock } from './clock.ts';
import type { WaitBudget } from './deadline.ts';
import {
  closedWhileWaiting,
  deadlinePassedWhileWaiting,
  type RateBudget,
  type RateLimitState,
  rateLimitTooLong,
} from './rate-budget.ts';
import type { RateLimitFigures } from './rate-limit-figures.ts';
import type { RateLimiter, ResolvedRateLimitOptions } from './rate-limiter.ts';
import type { BucketAnswer, BucketLimits, RedisTokenBucket } from './redis-token-bucket.ts';
import { emit, type RateLimitWaitInfo, type VendorCallSite } from './vendor-http-events.ts';

/** The longest a vendor's reset time holds the bucket, whatever it says (as the local one). */
const LONGEST_PAUSE_MS = 60_000;

/** Where a shared budget reaches Redis, and whom it tells when Redis goes and comes back. */
export interface SharedBucketAccess {
  bucket: RedisTokenBucket;
  /** Whether commands can be sent now: when not, the local fallback serves at once. */
  ready(): boolean;
  /** `name` under the connection's key prefix. */
  key(name: string): string;
  /** A command failed or Redis is not ready: the fallback serves (logged once per outage). */
  unavailable(): void;
  /** A command answered: the shared budget serves again (logged once, if it had not). */
  available(): void;
}

export interface SharedRateBudgetOptions {
  vendor: Vendor;
  /** The credential's fingerprint (`credentialIdOf`), never the key: it names the Redis keys. */
  credentialId: string;
  /** The whole budget, as every replica resolves it. */
  limits: ResolvedRateLimitOptions;
  access: SharedBucketAccess;
  /** This replica's own limiter at 1/N of the budget, for while Redis is unreachable. */
  fallback: RateLimiter;
  /** Told when a call has to wait (as the local limiter tells). */
  onWait?: (info: RateLimitWaitInfo) => void;
  /** Told of every call the fallback let through instead of the shared budget. */
  onFallback?: (site: VendorCallSite) => void;
  clock: Clock;
}

/**
 * One rate budget for every replica: an atomic token bucket in Redis per credential (or per
 * connected account, by the vendor's scope), at `<keyPrefix>rate:<vendor>:<credentialId>:<scope>`.
 * Each acquire is one round trip; when no token is there the script says how long until one is,
 * and the caller waits here (within its budget and signal) and asks again. A 429's `Retry-After`
 * or a remaining count of 0 with a reset time, seen by any replica, pauses the bucket for all.
 *
 * While Redis is unreachable each replica draws on its own limiter at 1/N of the budget (N
 * replicas configured), so that together they still stay within it; the next acquire after Redis
 * answers again is shared again.
 */
export class SharedRateBudget implements RateBudget {
  readonly #options: SharedRateBudgetOptions;
  readonly #bucketLimits: BucketLimits;
  /** Calls the fallback let through, by scope, not yet released: their release goes there. */
  readonly #fallbackInFlight = new Map<string, number>();
  /** Aborts the waits between asks when the client closes. */
  readonly #closing = new AbortController();

  constructor(options: SharedRateBudgetOptions) {
    this.#options = options;
    this.#bucketLimits = {
      requestsPerMinute: options.limits.requestsPerMinute,
      burst: options.limits.burst,
    };
  }

  async acquire(site: VendorCallSite, budget: WaitBudget, signal?: AbortSignal): Promise<void> {
    const { clock, access } = this.#options;
    const key = this.#key(site.externalId);
    const startedAt = clock.now();
    // The whole wait, every ask included, fits what the budget allowed when the call arrived.
    const longestMs = budget.remainingMs(startedAt);
    for (let ask = 1; ; ask += 1) {
      if (this.#closing.signal.aborted) throw closedWhileWaiting(site);
      const now = clock.now();
      const answer = access.ready() ? await this.#take(key, now) : null;
      if (answer === null) return this.#acquireLocally(site, budget, signal);
      if (answer.waitMs === 0) return;
      const waitMs = answer.waitMs;
      if (!budget.allows(waitMs, now) || now - startedAt + waitMs > longestMs) {
        throw rateLimitTooLong(site, waitMs);
      }
      if (signal?.aborted) throw deadlinePassedWhileWaiting(site);
      if (ask === 1) {
        emit(this.#options.onWait, {
          ...site,
          waitMs,
          queued: 0,
          reason: answer.paused ? 'paused' : 'tokens',
        });
      }
      await this.#wait(waitMs, site, signal);
    }
  }

  release(externalId: string | null, made: boolean): void {
    const scope = this.#scope(externalId);
    const local = this.#fallbackInFlight.get(scope) ?? 0;
    if (local > 0) {
      if (local === 1) this.#fallbackInFlight.delete(scope);
      else this.#fallbackInFlight.set(scope, local - 1);
      this.#options.fallback.release(externalId, made);
      return;
    }
    if (made) return;
    const { access, clock } = this.#options;
    access.bucket
      .refund(this.#key(externalId), this.#bucketLimits, clock.now())
      .catch(() => access.unavailable());
  }

  observe(externalId: string | null, figures: RateLimitFigures | null): void {
    if (figures === null) return;
    // The vendor's figures are the vendor's, whichever replica read them: the fallback keeps
    // them as a ceiling, ready for an outage.
    this.#options.fallback.observe(externalId, figures);
    const { access, clock } = this.#options;
    const now = clock.now();
    if (figures.remaining === null || figures.remaining >= 1) return;
    if (figures.resetAt === null || figures.resetAt <= now) return;
    const until = Math.min(figures.resetAt, now + LONGEST_PAUSE_MS);
    access.bucket
      .pause(this.#key(externalId), this.#bucketLimits, until, now)
      .catch(() => access.unavailable());
  }

  /** The fallback's view: the shared bucket's figures are in Redis, for every replica. */
  state(externalId: string | null): RateLimitState {
    return this.#options.fallback.state(externalId);
  }

  close(): void {
    this.#closing.abort();
    this.#options.fallback.close();
  }

  async #take(key: string, now: number): Promise<BucketAnswer | null> {
    const { access } = this.#options;
    try {
      const answer = await access.bucket.take(key, this.#bucketLimits, now);
      access.available();
      return answer;
    } catch {
      return null;
    }
  }

  async #acquireLocally(
    site: VendorCallSite,
    budget: WaitBudget,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    this.#options.access.unavailable();
    emit(this.#options.onFallback, site);
    await this.#options.fallback.acquire(site, budget, signal);
    const scope = this.#scope(site.externalId);
    this.#fallbackInFlight.set(scope, (this.#fallbackInFlight.get(scope) ?? 0) + 1);
  }

  /** Waits `waitMs` on the clock; the caller's signal or the client closing end it early. */
  #wait(waitMs: number, site: VendorCallSite, signal: AbortSignal | undefined): Promise<void> {
    const closing = this.#closing.signal;
    return new Promise<void>((resolve, reject) => {
      // One listener per signal however many calls wait on it (see abort-listeners.ts).
      const stopOnAbort = signal
        ? onAbort(signal, () => stop(deadlinePassedWhileWaiting(site)))
        : () => {};
      const stopOnClose = onAbort(closing, () => stop(closedWhileWaiting(site)));
      const cancel = this.#options.clock.setTimer(waitMs, () => {
        stopOnAbort();
        stopOnClose();
        resolve();
      });
      function stop(error: Error): void {
        cancel();
        stopOnAbort();
        stopOnClose();
        reject(error);
      }
    });
  }

  /** Whose allowance a call draws on: the credential's, or its connected account's. */
  #scope(externalId: string | null): string {
    return this.#options.limits.scope === 'credential' || externalId === null
      ? 'credential'
      : externalId;
  }

  #key(externalId: string | null): string {
    const { vendor, credentialId } = this.#options;
    return this.#options.access.key(`rate:${vendor}:${credentialId}:${this.#scope(externalId)}`);
  }
}
