import { LRUCache } from 'lru-cache';
import {
  type IdempotencyStore,
  IdempotencyStoreUnavailableError,
  type SendRecord,
} from './idempotency-store.ts';

/**
 * The idempotency store of one process, when no Redis is configured: exactly-once holds within
 * this process only (replicas do not see each other's keys, and a restart forgets them).
 *
 * Reservations in flight and settled records are kept apart, so the bound never drops a key
 * whose send is under way: settled records are the ones evicted (least recently used first)
 * when `maxKeys` is reached, which only shortens how long a repeat is recognised. Reservations are
 * bounded by `maxPending`; beyond it `reserve` refuses rather than forget one.
 */

export interface MemoryIdempotencyStoreOptions {
  /** How long a key is remembered after it is reserved, in ms. @default 86_400_000 (24 h) */
  ttlMs?: number;
  /** Settled keys kept at most; the least recently used go first. @default 100_000 */
  maxKeys?: number;
  /** Reservations (sends in flight) at most. @default 10_000 */
  maxPending?: number;
  /** The clock, in ms (tests move it). @default Date.now */
  now?: () => number;
}

interface Entry {
  record: SendRecord;
  /** When the key is forgotten; fixed at reservation, settling keeps it. */
  expiresAt: number;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #ttlMs: number;
  readonly #maxPending: number;
  readonly #now: () => number;
  readonly #pending = new Map<string, Entry>();
  readonly #settled: LRUCache<string, Entry>;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    const { ttlMs = 86_400_000, maxKeys = 100_000, maxPending = 10_000, now = Date.now } = options;
    this.#ttlMs = ttlMs;
    this.#maxPending = maxPending;
    this.#now = now;
    // Bounded by maxSize (each key counting 1), not max: with max, lru-cache allocates its arrays
    // for every key up front, some 2 MB for 100,000 keys a gateway seldom holds.
    this.#settled = new LRUCache({ maxSize: maxKeys, sizeCalculation: () => 1 });
  }

  // Every method runs to completion without awaiting, so a reservation is atomic in the process.

  async reserve(key: string, fingerprint: string): Promise<SendRecord | null> {
    const existing = this.#live(key);
    if (existing) return existing.record;
    if (this.#pending.size >= this.#maxPending) this.#dropExpiredReservations();
    if (this.#pending.size >= this.#maxPending) {
      throw new IdempotencyStoreUnavailableError(
        `more than ${this.#maxPending} sends in flight: none more is reserved`,
      );
    }
    const record: SendRecord = { state: 'PENDING', fingerprint };
    this.#pending.set(key, { record, expiresAt: this.#now() + this.#ttlMs });
    return null;
  }

  async settle(
    key: string,
    record: Exclude<SendRecord, { state: 'PENDING' }> | null,
  ): Promise<void> {
    const reservation = this.#pending.get(key);
    this.#pending.delete(key);
    // A key settled (or re-reserved) by another call is not this reservation's to change.
    if (!reservation && this.#live(key)) return;
    if (record === null) return;
    const expiresAt = reservation?.expiresAt ?? this.#now() + this.#ttlMs;
    if (expiresAt > this.#now()) this.#settled.set(key, { record, expiresAt });
  }

  async get(key: string): Promise<SendRecord | null> {
    return this.#live(key)?.record ?? null;
  }

  async close(): Promise<void> {
    this.#pending.clear();
    this.#settled.clear();
  }

  /** The key's entry unless it has expired (an expired one is dropped on the way). */
  #live(key: string): Entry | undefined {
    const now = this.#now();
    const pending = this.#pending.get(key);
    if (pending) {
      if (pending.expiresAt > now) return pending;
      this.#pending.delete(key);
    }
    const settled = this.#settled.get(key);
    if (settled) {
      if (settled.expiresAt > now) return settled;
      this.#settled.delete(key);
    }
    return undefined;
  }

  /** Reservations never settled (their caller died mid-send) are forgotten when they expire. */
  #dropExpiredReservations(): void {
    const now = this.#now();
    for (const [key, entry] of this.#pending) {
      if (entry.expiresAt <= now) this.#pending.delete(key);
    }
  }
}
