import { describe, expect, it } from 'vitest';
import { createLiveEvents } from '../../src/events/create-live-events.ts';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import { LiveEvents } from '../../src/events/live-events.ts';
import { MemoryDedupeStore } from '../../src/events/memory-dedupe-store.ts';
import { MemoryEventBus } from '../../src/events/memory-event-bus.ts';
import {
  accountUpdated,
  chatUpdatedBy,
  collect,
  heard,
  messageAdded,
} from '../support/gateway-events.ts';

const EVERYTHING = {
  kinds: new Set(['messageAdded', 'chatUpdated', 'connectedAccountUpdated'] as const),
  accounts: new Set(['acct_a']),
};

describe('LiveEvents', () => {
  describe('announce', () => {
    it('publishes a message once: a repeat drops the message and its chat change, nothing else', async () => {
      const events = new LiveEvents();
      const got: GatewayEvent[] = [];
      const done = collect(events.subscribe(EVERYTHING, { maxQueued: 20 }), got);
      const first = messageAdded('acct_a', '7', '1');
      const other = messageAdded('acct_a', '8', '2');
      // The webhook, then the same message told again (a redelivery under another event id, or
      // the write that sent it), beside a chat change of another chat and an account's status.
      await events.announce([first, chatUpdatedBy(first)]);
      await events.announce([
        messageAdded('acct_a', '7', '1'),
        chatUpdatedBy(first),
        chatUpdatedBy(other),
        accountUpdated('acct_a'),
      ]);
      await events.announce([other, chatUpdatedBy(other)]);
      await events.close();
      expect(await done).toBe('ended');
      expect(heard(got)).toEqual([
        '1',
        'chat:7',
        'chat:8',
        'account:acct_a:EXPIRED',
        '2',
        'chat:8',
      ]);
    });

    it('never drops a chat change that comes without a message (a chat marked read)', async () => {
      const events = new LiveEvents();
      const got: GatewayEvent[] = [];
      const done = collect(events.subscribe(EVERYTHING, { maxQueued: 20 }), got);
      const message = messageAdded('acct_a', '7', '1');
      const markedRead = { ...chatUpdatedBy(message), written: { unreadCount: 0 } };
      await events.announce([markedRead]);
      await events.announce([markedRead]);
      await events.close();
      await done;
      expect(heard(got)).toEqual(['chat:7', 'chat:7']);
    });

    it('shares what it saw through its dedupe store: a second instance on it drops the repeat', async () => {
      const dedupe = new MemoryDedupeStore();
      const bus = new MemoryEventBus();
      const got: GatewayEvent[] = [];
      const done = collect(bus.subscribe(EVERYTHING, { maxQueued: 20 }), got);
      const message = messageAdded('acct_a', '7', '1');
      await new LiveEvents(bus, dedupe).announce([message, chatUpdatedBy(message)]);
      await new LiveEvents(bus, dedupe).announce([message, chatUpdatedBy(message)]);
      await bus.close();
      await done;
      expect(heard(got)).toEqual(['1', 'chat:7']);
    });
  });

  describe('close', () => {
    it('ends the subscriptions and forgets what it saw', async () => {
      const dedupe = new MemoryDedupeStore();
      const events = new LiveEvents(new MemoryEventBus(), dedupe);
      const done = collect(events.subscribe(EVERYTHING, { maxQueued: 5 }), []);
      await events.announce([messageAdded('acct_a', '7', '1')]);
      expect(dedupe.size).toBe(1);
      await events.close();
      expect(await done).toBe('ended');
      expect(dedupe.size).toBe(0);
      expect(events.bus.subscriberCount()).toBe(0);
    });
  });
});

describe('createLiveEvents', () => {
  it('keeps events in the process without Redis, with the dedupe store it is given', async () => {
    const dedupe = new MemoryDedupeStore();
    const events = createLiveEvents(null, { dedupe });
    expect(events.bus).toBeInstanceOf(MemoryEventBus);
    expect(events.bus.health()).toEqual({ transport: 'memory', connected: true });
    expect(events.dedupe).toBe(dedupe);
    expect(createLiveEvents(null).dedupe).toBeInstanceOf(MemoryDedupeStore);
    await events.close();
  });
});
