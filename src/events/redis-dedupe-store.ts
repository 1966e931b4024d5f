import type { RedisConnection } from '../redis/redis-connection.ts';
import type { DedupeStore } from './dedupe-store.ts';
import { MemoryDedupeStore } from './memory-dedupe-store.ts';

export interface RedisDedupeStoreOptions {
  connection: RedisConnection;
  /** Keys kept in this process too, for when Redis cannot answer. @default 100000 */
  maxLocal?: number;
}

/**
 * Keys in Redis, shared by every replica: one `SET key 1 NX PX ttl` per sighting, so the first
 * replica to see a key wins and every repeat, on any replica, is dropped. Each key is also kept
 * in this process's memory, which answers while Redis does not (unreachable, timed out): a repeat
 * is then still dropped on the replica that saw the first, and nothing is lost by waiting.
 */
export class RedisDedupeStore implements DedupeStore {
  readonly #connection: RedisConnection;
  readonly #local: MemoryDedupeStore;

  constructor(options: RedisDedupeStoreOptions) {
    this.#connection = options.connection;
    this.#local = new MemoryDedupeStore({ max: options.maxLocal });
  }

  async firstSighting(key: string, ttlMs: number): Promise<boolean> {
    const firstHere = await this.#local.firstSighting(key, ttlMs);
    try {
      const set = await this.#connection.client.set(
        this.#connection.key(`seen:${key}`),
        '1',
        'PX',
        Math.max(1, Math.trunc(ttlMs)),
        'NX',
      );
      return set === 'OK';
    } catch {
      // The connection logs the outage once; each sighting meanwhile is this replica's own.
      return firstHere;
    }
  }

  /** The connection is the caller's: it may serve others. */
  async close(): Promise<void> {
    await this.#local.close();
  }
}
