import type { EventBus, EventBusHealth, EventFilter, SubscribeOptions } from './event-bus.ts';
import type { GatewayEvent } from './gateway-event.ts';

/**
 * A bus told of every event this process publishes on it (for the metrics), whatever told it: a
 * webhook or a write. Everything else is the bus's own.
 */
export class ObservedEventBus implements EventBus {
  readonly #bus: EventBus;
  readonly #onPublish: (event: GatewayEvent) => void;

  constructor(bus: EventBus, onPublish: (event: GatewayEvent) => void) {
    this.#bus = bus;
    this.#onPublish = onPublish;
  }

  publish(event: GatewayEvent): Promise<void> {
    this.#onPublish(event);
    return this.#bus.publish(event);
  }

  subscribe(filter: EventFilter, options: SubscribeOptions): AsyncIterableIterator<GatewayEvent> {
    return this.#bus.subscribe(filter, options);
  }

  subscriberCount(): number {
    return this.#bus.subscriberCount();
  }

  health(): EventBusHealth {
    return this.#bus.health();
  }

  close(): Promise<void> {
    return this.#bus.close();
  }
}
