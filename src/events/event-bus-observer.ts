import type { GatewayEvent } from './gateway-event.ts';

/** Why an event did not travel between replicas. */
export type EventDropReason =
  /** Published here while Redis was unreachable: only this replica's subscribers heard it. */
  | 'redis_unavailable'
  /** Larger than a message between replicas may be: not sent, or not read. */
  | 'oversize'
  /** A message from Redis that is not an event: ignored. */
  | 'malformed';

/** What a bus tells as it works (metrics listen). Every hook is optional and must not throw. */
export interface EventBusObserver {
  /** An event published on this replica (delivered to its subscribers, and sent on if the bus crosses replicas). */
  onPublished?(event: GatewayEvent): void;
  /** An event another replica published, heard through Redis. */
  onReceived?(event: GatewayEvent): void;
  onDropped?(reason: EventDropReason): void;
  /**
   * The bus listens to other replicas' events (again, after an outage): what they published
   * while it did not was never heard here.
   */
  onListening?(): void;
}
