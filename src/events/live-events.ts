import type { DedupeStore } from './dedupe-store.ts';
import type { EventBus, EventFilter, SubscribeOptions } from './event-bus.ts';
import type { GatewayEvent } from './gateway-event.ts';
import { MemoryDedupeStore } from './memory-dedupe-store.ts';
import { MemoryEventBus } from './memory-event-bus.ts';

/** How long a message is remembered as told: longer than any vendor's redelivery of it. */
export const MESSAGE_SEEN_TTL_MS = 60 * 60 * 1000;

/** The dedupe key of a message: its account, chat and platform id. */
export function messageSeenKey(event: GatewayEvent): string | null {
  if (event.kind !== 'messageAdded') return null;
  const { connectedAccount, chatId, platformId } = event.message;
  return `message:${connectedAccount.externalId}:${chatId}:${platformId}`;
}

/**
 * The gateway's live events: what webhooks and writes tell (`announce`), and what subscriptions
 * hear (`subscribe`). A message is announced once however many times it is told (its webhook, its
 * redelivery under another event id, the write that sent it), and so is the chat change it made.
 */
export class LiveEvents {
  readonly bus: EventBus;
  readonly dedupe: DedupeStore;
  readonly #dropStale: ((event: GatewayEvent) => Promise<void>) | undefined;

  /**
   * `dropStale` drops what an event made stale (the cache of vendor answers): it runs on each
   * event before any subscriber hears it, so that a read the event prompts finds fresh data. It
   * must not throw.
   */
  constructor(
    bus: EventBus = new MemoryEventBus(),
    dedupe: DedupeStore = new MemoryDedupeStore(),
    dropStale?: (event: GatewayEvent) => Promise<void>,
  ) {
    this.bus = bus;
    this.dedupe = dedupe;
    this.#dropStale = dropStale;
  }

  /**
   * Drops what `event` would make stale without telling anyone: for a write whose outcome is
   * unknown, which may have changed its chat though no subscriber may be told that it did.
   */
  async dropStale(event: GatewayEvent): Promise<void> {
    await this.#dropStale?.(event);
  }

  /**
   * Publishes the events of one thing that happened, in order. A message already announced is
   * dropped with the `chatUpdated` of the same chat that comes with it (a webhook tells both), so
   * a repeat changes nothing a subscriber sees. Never throws.
   */
  async announce(events: readonly GatewayEvent[]): Promise<void> {
    const repeatedChats = new Set<string>();
    for (const event of events) {
      const key = messageSeenKey(event);
      if (key !== null && !(await this.dedupe.firstSighting(key, MESSAGE_SEEN_TTL_MS))) {
        if (event.kind === 'messageAdded') repeatedChats.add(chatOf(event));
        continue;
      }
      if (event.kind === 'chatUpdated' && repeatedChats.has(chatOf(event))) continue;
      await this.#dropStale?.(event);
      await this.bus.publish(event);
    }
  }

  subscribe(filter: EventFilter, options: SubscribeOptions): AsyncIterableIterator<GatewayEvent> {
    return this.bus.subscribe(filter, options);
  }

  async close(): Promise<void> {
    await this.bus.close();
    await this.dedupe.close();
  }
}

function chatOf(event: GatewayEvent): string {
  if (event.kind === 'messageAdded') {
    return `${event.message.connectedAccount.externalId}:${event.message.chatId}`;
  }
  if (event.kind === 'chatUpdated') return `${event.connectedAccount.externalId}:${event.chatId}`;
  return '';
}
