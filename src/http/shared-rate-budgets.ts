import type { Vendor } from '../domain.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import type { Clock } from './clock.ts';
import { RateLimiter, type ResolvedRateLimitOptions } from './rate-limiter.ts';
import { RedisTokenBucket } from './redis-token-bucket.ts';
import { type SharedBucketAccess, SharedRateBudget } from './shared-rate-budget.ts';
import type { RateLimitWaitInfo, VendorCallSite } from './vendor-http-events.ts';

export interface SharedRateBudgetsOptions {
  /** The Redis connection replicas share; the caller's to close. */
  connection: RedisConnection;
  /**
   * Replicas sharing the budgets: while Redis is unreachable each keeps 1/`replicas` of every
   * budget, so that together they stay within it (`redis.replicas` in the config).
   * @default 1
   */
  replicas?: number;
  /** Told once when the shared budgets become unavailable, and once when they are back. */
  log?: { info(message: string): void; warn(message: string): void };
}

/** What one vendor pool's shared budget is built from (see AttemptGuards). */
export interface SharedBudgetRequest {
  vendor: Vendor;
  /** The credential's fingerprint (`credentialIdOf`), never the key. */
  credentialId: string;
  /** The whole budget: every replica resolves the same from the same config. */
  limits: ResolvedRateLimitOptions;
  onWait?: (info: RateLimitWaitInfo) => void;
  onFallback?: (site: VendorCallSite) => void;
  clock: Clock;
}

/**
 * The rate budgets every vendor pool of this process shares with the other replicas, through one
 * Redis connection: it builds each pool's {@link SharedRateBudget} and keeps the one outage state
 * they all report to, so that an outage is logged once per process, not once per pool.
 */
export class SharedRateBudgets {
  readonly #connection: RedisConnection;
  readonly #bucket: RedisTokenBucket;
  readonly #replicas: number;
  readonly #log: SharedRateBudgetsOptions['log'];
  #shared = true;

  constructor(options: SharedRateBudgetsOptions) {
    const { connection, replicas = 1, log } = options;
    if (!(Number.isInteger(replicas) && replicas >= 1)) {
      throw new RangeError('replicas must be an integer ≥ 1');
    }
    this.#connection = connection;
    this.#bucket = new RedisTokenBucket(connection.client);
    this.#replicas = replicas;
    this.#log = log;
  }

  /** Whether the last command answered: false while the replicas' own fallbacks serve. */
  get shared(): boolean {
    return this.#shared;
  }

  budgetFor(request: SharedBudgetRequest): SharedRateBudget {
    const connection = this.#connection;
    const access: SharedBucketAccess = {
      bucket: this.#bucket,
      ready: () => connection.ready,
      key: (name) => connection.key(name),
      unavailable: () => this.#unavailable(),
      available: () => this.#available(),
    };
    return new SharedRateBudget({
      ...request,
      access,
      fallback: new RateLimiter(
        fallbackLimits(request.limits, this.#replicas),
        request.onWait,
        request.clock,
      ),
    });
  }

  #unavailable(): void {
    if (!this.#shared) return;
    this.#shared = false;
    this.#log?.warn(
      `shared rate budgets unavailable: each replica keeps 1/${this.#replicas} of every vendor budget until Redis answers again`,
    );
  }

  #available(): void {
    if (this.#shared) return;
    this.#shared = true;
    this.#log?.info('shared rate budgets available again: replicas draw on one budget per vendor');
  }
}

/**
 * One replica's share of a budget while Redis is unreachable: 1/N of its rate and burst (at
 * least one call). The configured figures are then a ceiling: a vendor's higher limit, meant
 * for all replicas, must not re-size one replica's share.
 */
export function fallbackLimits(
  limits: ResolvedRateLimitOptions,
  replicas: number,
): ResolvedRateLimitOptions {
  return {
    ...limits,
    requestsPerMinute: limits.requestsPerMinute / replicas,
    burst: Math.max(1, Math.floor(limits.burst / replicas)),
    followVendorLimits: false,
  };
}
