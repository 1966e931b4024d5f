import type { GatewayEvent } from './gateway-event.ts';

/** Which events a subscriber hears: of these kinds, in these connected accounts. */
export interface EventFilter {
  kinds: ReadonlySet<GatewayEvent['kind']>;
  /** `externalId`s of the connected accounts; only events of these reach the subscriber. */
  accounts: ReadonlySet<string>;
}

export interface SubscribeOptions {
  /**
   * Events waiting for a subscriber that has not taken them yet. Past it the subscriber is too
   * slow: its iterator throws `SubscriberTooSlowError` and it is dropped, so a stuck client costs
   * at most this many events of memory.
   */
  maxQueued: number;
  /** Ends the subscription (the client went away): the iterator returns. */
  signal?: AbortSignal;
}

/** How the bus reaches other replicas: `local` (this process only), or through Redis. */
export interface EventBusHealth {
  transport: 'memory' | 'redis';
  /** False while events cannot reach other replicas (Redis unreachable): local delivery goes on. */
  connected: boolean;
}

/**
 * Where events are published and heard. Every replica's subscribers hear every event published
 * on any replica (when the bus crosses replicas); this process's subscribers always hear this
 * process's events, whatever the state of what links the replicas.
 */
export interface EventBus {
  /** Hands an event to every matching subscriber. Never throws: a failure to reach other replicas is logged. */
  publish(event: GatewayEvent): Promise<void>;
  /** Events matching the filter, in the order this process heard them, from now on. */
  subscribe(filter: EventFilter, options: SubscribeOptions): AsyncIterableIterator<GatewayEvent>;
  /** Subscribers listening in this process now. */
  subscriberCount(): number;
  health(): EventBusHealth;
  /** Ends every subscription (their iterators return) and releases connections. */
  close(): Promise<void>;
}
