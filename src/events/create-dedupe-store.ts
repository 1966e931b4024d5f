import type { RedisConnection } from '../redis/redis-connection.ts';
import type { DedupeStore } from './dedupe-store.ts';
import { MemoryDedupeStore } from './memory-dedupe-store.ts';
import { RedisDedupeStore } from './redis-dedupe-store.ts';

/**
 * The gateway's dedupe store: in Redis when one is configured (a repeat is then dropped whichever
 * replica it lands on), else in this process. `redis` is the gateway's connection, closed by its
 * owner, not by the store.
 */
export function createDedupeStore(redis: RedisConnection | null): DedupeStore {
  return redis ? new RedisDedupeStore({ connection: redis }) : new MemoryDedupeStore();
}
