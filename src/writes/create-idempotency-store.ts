import type { RedisConnection } from '../redis/redis-connection.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import { MemoryIdempotencyStore } from './memory-idempotency-store.ts';
import { RedisIdempotencyStore } from './redis-idempotency-store.ts';

/**
 * The gateway's idempotency store: in Redis when one is configured (replicas then share keys),
 * else in this process. `redis` is the gateway's connection (see connectRedis), closed by its
 * owner, not by the store.
 */
export function createIdempotencyStore(
  redis: RedisConnection | null,
  options: { ttlMs?: number } = {},
): IdempotencyStore {
  if (redis) return new RedisIdempotencyStore({ connection: redis, ...options });
  return new MemoryIdempotencyStore(options);
}
