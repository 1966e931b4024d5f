import { LRUCache } from 'lru-cache';
import type { DedupeStore } from './dedupe-store.ts';

/** Keys in this process's memory: the newest `max` of them, each for its time to live. */
export class MemoryDedupeStore implements DedupeStore {
  readonly #seen: LRUCache<string, true>;

  constructor(options: { max?: number } = {}) {
    // Bounded by maxSize (each key counting 1), not max: with max, lru-cache allocates its arrays
    // for every key up front, some 3 MB for 100,000 keys a gateway seldom holds.
    this.#seen = new LRUCache<string, true>({
      maxSize: options.max ?? 100_000,
      sizeCalculation: () => 1,
      ttlAutopurge: false,
    });
  }

  firstSighting(key: string, ttlMs: number): Promise<boolean> {
    if (this.#seen.has(key)) return Promise.resolve(false);
    this.#seen.set(key, true, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  get size(): number {
    return this.#seen.size;
  }

  close(): Promise<void> {
    this.#seen.clear();
    return Promise.resolve();
  }
}
