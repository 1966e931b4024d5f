import type { EventBus, EventBusHealth, EventFilter, SubscribeOptions } from './event-bus.ts';
import type { EventBusObserver } from './event-bus-observer.ts';
import { eventAccount, type GatewayEvent } from './gateway-event.ts';
import { SubscriberQueue } from './subscriber-queue.ts';

interface Subscriber {
  filter: EventFilter;
  queue: SubscriberQueue;
}

/**
 * The subscribers of this process and the delivery to them: the memory bus on its own, and the
 * local half of a bus that crosses replicas.
 */
export class LocalSubscribers {
  readonly #subscribers = new Set<Subscriber>();

  deliver(event: GatewayEvent): void {
    const account = eventAccount(event);
    for (const { filter, queue } of this.#subscribers) {
      if (filter.kinds.has(event.kind) && filter.accounts.has(account)) queue.push(event);
    }
  }

  subscribe(filter: EventFilter, options: SubscribeOptions): AsyncIterableIterator<GatewayEvent> {
    const { maxQueued, signal } = options;
    const subscriber: Subscriber = {
      filter,
      queue: new SubscriberQueue(maxQueued, () => {
        this.#subscribers.delete(subscriber);
        signal?.removeEventListener('abort', end);
      }),
    };
    const end = () => subscriber.queue.end();
    if (signal?.aborted) {
      subscriber.queue.end();
      return subscriber.queue;
    }
    signal?.addEventListener('abort', end, { once: true });
    this.#subscribers.add(subscriber);
    return subscriber.queue;
  }

  get size(): number {
    return this.#subscribers.size;
  }

  endAll(): void {
    for (const { queue } of [...this.#subscribers]) queue.end();
  }
}

/** Events within this process: the default, for one replica. */
export class MemoryEventBus implements EventBus {
  readonly #local = new LocalSubscribers();
  readonly #observer: EventBusObserver;

  constructor(options: { observer?: EventBusObserver } = {}) {
    this.#observer = options.observer ?? {};
  }

  publish(event: GatewayEvent): Promise<void> {
    this.#local.deliver(event);
    this.#observer.onPublished?.(event);
    return Promise.resolve();
  }

  subscribe(filter: EventFilter, options: SubscribeOptions): AsyncIterableIterator<GatewayEvent> {
    return this.#local.subscribe(filter, options);
  }

  subscriberCount(): number {
    return this.#local.size;
  }

  health(): EventBusHealth {
    return { transport: 'memory', connected: true };
  }

  close(): Promise<void> {
    this.#local.endAll();
    return Promise.resolve();
  }
}
