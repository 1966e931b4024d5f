/**
 * Per-token budgets of vendor calls (`auth.tokens[].upstreamCallsPerMinute`): a bucket per token
 * that holds at most a minute's calls and refills continuously. A request takes its estimate up
 * front and gives back what it did not spend, so a token pays for the calls it caused and can
 * never start more than it has left.
 */

export interface BudgetGrant {
  /** Gives back the part of the estimate the request did not spend. */
  settle(spent: number): void;
}

export type BudgetAnswer = { granted: BudgetGrant } | { retryAfterSeconds: number };

interface Bucket {
  perMinute: number;
  available: number;
  /** When `available` was last brought up to date, in milliseconds. */
  at: number;
}

export class UpstreamBudgets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  /** `perMinute` by token name; tokens without one are not limited. */
  constructor(
    private readonly perMinute: ReadonlyMap<string, number>,
    now: () => number = Date.now,
  ) {
    this.#now = now;
  }

  /**
   * Takes calls already made from `caller`'s budget, whatever is left: what a subscription's
   * event cost, paid after it ran (the budget may go below zero, and later requests wait).
   */
  charge(caller: string, calls: number): void {
    const answer = this.take(caller, 0);
    if (!('granted' in answer) || calls <= 0) return;
    const bucket = this.#buckets.get(caller);
    if (bucket) bucket.available -= calls;
  }

  /** Whether `caller` may start a request estimated at `calls` vendor calls; if so, it is taken. */
  take(caller: string, calls: number): BudgetAnswer {
    const perMinute = this.perMinute.get(caller);
    if (perMinute === undefined) return { granted: { settle() {} } };
    const now = this.#now();
    let bucket = this.#buckets.get(caller);
    if (!bucket) {
      bucket = { perMinute, available: perMinute, at: now };
      this.#buckets.set(caller, bucket);
    }
    const refill = ((now - bucket.at) / 60_000) * perMinute;
    bucket.available = Math.min(perMinute, bucket.available + Math.max(0, refill));
    bucket.at = now;
    // An estimate over a whole minute's budget never fits: a minute is the most to wait for.
    if (calls > perMinute) return { retryAfterSeconds: 60 };
    if (calls > bucket.available) {
      const missing = calls - bucket.available;
      return { retryAfterSeconds: Math.max(1, Math.ceil((missing / perMinute) * 60)) };
    }
    bucket.available -= calls;
    const taken = bucket;
    return {
      granted: {
        settle(spent: number) {
          taken.available = Math.min(taken.perMinute, taken.available + Math.max(0, calls - spent));
        },
      },
    };
  }
}
