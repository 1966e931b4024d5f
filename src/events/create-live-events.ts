import type { RedisConnection } from '../redis/redis-connection.ts';
import type { DedupeStore } from './dedupe-store.ts';
import type { EventBusObserver } from './event-bus-observer.ts';
import type { GatewayEvent } from './gateway-event.ts';
import { LiveEvents } from './live-events.ts';
import { MemoryDedupeStore } from './memory-dedupe-store.ts';
import { MemoryEventBus } from './memory-event-bus.ts';
import { RedisEventBus } from './redis-event-bus.ts';

export interface CreateLiveEventsOptions {
  /**
   * Where announced messages are remembered, so that each is announced once. Replicas must share
   * one (Redis) for a repeat landing on another replica to be dropped.
   * @default a store in this process's memory
   */
  dedupe?: DedupeStore;
  /** Counts what the bus publishes, hears and drops (see ChatgraphMetrics.eventBusObserver). */
  observer?: EventBusObserver;
  /** Where the bus tells when replicas stop and start hearing each other. */
  log?: { info(message: string): void; warn(message: string): void };
  /** Drops what each announced event made stale, before it is published (see LiveEvents). */
  dropStale?: (event: GatewayEvent) => Promise<void>;
}

/**
 * The gateway's live events: through Redis when one is configured (an event published on any
 * replica reaches subscribers on every replica), else within this process. `redis` is the
 * gateway's connection (see connectRedis), closed by its owner after the events are closed.
 */
export function createLiveEvents(
  redis: RedisConnection | null,
  options: CreateLiveEventsOptions = {},
): LiveEvents {
  const { dedupe = new MemoryDedupeStore(), observer, log, dropStale } = options;
  const bus = redis
    ? new RedisEventBus({ connection: redis, observer, log })
    : new MemoryEventBus({ observer });
  return new LiveEvents(bus, dedupe, dropStale);
}
