import { LRUCache } from 'lru-cache';
import type { DedupeStore } from './dedupe-store.ts';

/** Keys in this process's memory: the newest `max` of them, each for its time to live. */
export class MemoryDedupeStore implements DedupeStore {
  readonly #seen: LRUCache<string, true>;

  constructor(options: { max?: number } = {}) {
    this.#seen = new LRUCache<string, true>({ max: options.max ?? 100_000, ttlAutopurge: false });
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
