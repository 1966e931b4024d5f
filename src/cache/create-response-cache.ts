import type { GatewayConfig } from '../config/schema.ts';
import { ResponseCache, type ResponseCacheObserver } from './response-cache.ts';
import type { SharedTier } from './shared-tier.ts';

export interface CreateResponseCacheOptions {
  /** Answers shared by every replica (see RedisSharedTier); absent: this replica's memory only. */
  shared?: SharedTier;
  observer?: ResponseCacheObserver;
}

/** The cache the config asks for (`cache`), or none when it is turned off. */
export function createResponseCache(
  settings: GatewayConfig['cache'],
  options: CreateResponseCacheOptions = {},
): ResponseCache | undefined {
  if (!settings.enabled) return undefined;
  return new ResponseCache({
    maxBytes: settings.maxBytes,
    ttlSeconds: settings.ttlSeconds,
    shared: options.shared,
    observer: options.observer,
  });
}
