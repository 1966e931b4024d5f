import type { GatewayConfig } from '../config/schema.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import { RedisSharedTier } from './redis-shared-tier.ts';
import { ResponseCache, type ResponseCacheObserver } from './response-cache.ts';

export interface CreateResponseCacheOptions {
  /**
   * The gateway's Redis connection (see connectRedis): answers are then shared by every replica
   * through it (RedisSharedTier). Absent or null: this replica's memory only.
   */
  redis?: RedisConnection | null;
  observer?: ResponseCacheObserver;
}

/** The cache the config asks for (`cache`), or none when it is turned off. */
export function createResponseCache(
  settings: GatewayConfig['cache'],
  options: CreateResponseCacheOptions = {},
): ResponseCache | undefined {
  if (!settings.enabled) return undefined;
  const { redis, observer } = options;
  return new ResponseCache({
    maxBytes: settings.maxBytes,
    ttlSeconds: settings.ttlSeconds,
    shared: redis ? new RedisSharedTier({ connection: redis }) : undefined,
    observer,
  });
}
