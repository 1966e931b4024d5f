import type { Clock } from './clock.ts';
import type { RateLimitFigures } from './rate-limit-figures.ts';

/** A call waiting in a bucket's queue. */
export interface Waiter {
  grant(): void;
  /** The client closed: fail the call. */
  close(): void;
}

/** The longest delay a system timer takes: a longer one would fire at once. */
export const LONGEST_TIMER_MS = 2_147_483_647;
/** The longest a vendor's reset time holds the queue, whatever it says. */
const LONGEST_PAUSE_MS = 60_000;

/**
 * A token bucket with a FIFO queue and one timer: tokens accrue continuously up to the burst; a
 * call takes one or queues; the timer wakes when the head of the queue can go. A pause (the vendor
 * said `remaining` 0 until a reset time) holds the whole queue. `inFlight` counts calls granted
 * whose answers have not arrived: the vendor's remaining figure does not count them yet.
 */
export class TokenBucket {
  capacity: number;
  perMs: number;
  tokens: number;
  updatedAt: number;
  pausedUntil = 0;
  inFlight = 0;
  readonly queue: Waiter[] = [];
  readonly #burstRatio: number;
  readonly #clock: Clock;
  #cancelTimer: (() => void) | null = null;

  constructor(options: { requestsPerMinute: number; burst: number }, clock: Clock) {
    this.capacity = options.burst;
    this.perMs = options.requestsPerMinute / 60_000;
    this.tokens = options.burst;
    this.updatedAt = clock.now();
    this.#burstRatio = options.burst / options.requestsPerMinute;
    this.#clock = clock;
  }

  refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }

  /** Takes a token at once when nobody is queued ahead, no pause holds and one is there. */
  take(now: number): boolean {
    this.refill(now);
    if (this.queue.length > 0 || now < this.pausedUntil || this.tokens < 1) return false;
    this.tokens -= 1;
    this.inFlight += 1;
    return true;
  }

  /** Milliseconds from now until `count` more calls can have gone. */
  timeUntil(count: number, now: number): number {
    this.refill(now);
    const accrue = count <= this.tokens ? 0 : (count - this.tokens) / this.perMs;
    return Math.max(0, this.pausedUntil - now, accrue);
  }

  enqueue(waiter: Waiter): void {
    this.queue.push(waiter);
    this.schedule(this.#clock.now());
  }

  remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
    this.schedule(this.#clock.now());
  }

  release(now: number, refund: boolean): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!refund) return;
    this.refill(now);
    this.tokens = Math.min(this.capacity, this.tokens + 1);
    this.drain(now);
  }

  /** Corrects the bucket with the figures of the answer to one of the calls in flight. */
  adopt(figures: RateLimitFigures, followVendor: boolean, now: number): void {
    this.refill(now);
    const limit = figures.limitPerMinute;
    if (followVendor && limit !== null && limit > 0) {
      this.perMs = limit / 60_000;
      this.capacity = Math.max(1, Math.round(limit * this.#burstRatio));
      this.tokens = Math.min(this.tokens, this.capacity);
    }
    if (figures.remaining !== null) {
      const othersInFlight = Math.max(0, this.inFlight - 1);
      const left = Math.max(0, Math.min(this.capacity, figures.remaining - othersInFlight));
      this.tokens = followVendor ? left : Math.min(this.tokens, left);
      if (figures.remaining < 1 && figures.resetAt !== null && figures.resetAt > now) {
        const until = Math.min(figures.resetAt, now + LONGEST_PAUSE_MS);
        // A fresh window at the reset: one call may go then, and its answer tells the rest.
        this.tokens = Math.max(this.tokens, 1 - (until - now) * this.perMs);
        this.pause(until, now);
        return;
      }
    }
    this.drain(now);
  }

  pause(until: number, now: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.schedule(now);
  }

  drain(now: number): void {
    this.refill(now);
    while (this.queue.length > 0 && now >= this.pausedUntil && this.tokens >= 1) {
      this.tokens -= 1;
      this.inFlight += 1;
      this.queue.shift()!.grant();
    }
    this.schedule(now);
  }

  /** Re-arms the one timer for when the head of the queue can go. */
  schedule(now: number): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    if (this.queue.length === 0) return;
    const delay = Math.min(LONGEST_TIMER_MS, Math.max(1, Math.ceil(this.timeUntil(1, now))));
    this.#cancelTimer = this.#clock.setTimer(delay, () => {
      this.#cancelTimer = null;
      this.drain(this.#clock.now());
    });
  }

  close(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    for (const waiter of this.queue.splice(0)) waiter.close();
  }
}
