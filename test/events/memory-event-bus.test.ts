import { describe, expect, it } from 'vitest';
import type { EventFilter } from '../../src/events/event-bus.ts';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import { MemoryEventBus } from '../../src/events/memory-event-bus.ts';
import { SubscriberTooSlowError } from '../../src/events/subscriber-queue.ts';
import {
  accountUpdated,
  chatUpdatedBy,
  collect,
  heard,
  messageAdded,
} from '../support/gateway-events.ts';

function filter(kinds: GatewayEvent['kind'][], accounts: string[]): EventFilter {
  return { kinds: new Set(kinds), accounts: new Set(accounts) };
}

describe('MemoryEventBus', () => {
  describe('filters', () => {
    it('deliver to each subscriber only the kinds and accounts it asked for', async () => {
      const bus = new MemoryEventBus();
      const messagesOfA: GatewayEvent[] = [];
      const everythingOfB: GatewayEvent[] = [];
      const accountsOfBoth: GatewayEvent[] = [];
      const all = ['messageAdded', 'chatUpdated', 'connectedAccountUpdated'] as const;
      const done = [
        collect(
          bus.subscribe(filter(['messageAdded'], ['acct_a']), { maxQueued: 10 }),
          messagesOfA,
        ),
        collect(bus.subscribe(filter([...all], ['acct_b']), { maxQueued: 10 }), everythingOfB),
        collect(
          bus.subscribe(filter(['connectedAccountUpdated'], ['acct_a', 'acct_b']), {
            maxQueued: 10,
          }),
          accountsOfBoth,
        ),
      ];
      const inA = messageAdded('acct_a', '7', '1');
      const inB = messageAdded('acct_b', '8', '2');
      for (const event of [
        inA,
        chatUpdatedBy(inA),
        inB,
        chatUpdatedBy(inB),
        accountUpdated('acct_a'),
        accountUpdated('acct_c'),
      ]) {
        await bus.publish(event);
      }
      await bus.close();
      expect(await Promise.all(done)).toEqual(['ended', 'ended', 'ended']);
      expect(heard(messagesOfA)).toEqual(['1']);
      expect(heard(everythingOfB)).toEqual(['2', 'chat:8']);
      expect(heard(accountsOfBoth)).toEqual(['account:acct_a:EXPIRED']);
    });
  });

  describe('a slow subscriber', () => {
    it('is ended with SubscriberTooSlowError past its queue, while the others go on', async () => {
      const bus = new MemoryEventBus();
      const fast: GatewayEvent[] = [];
      const fastDone = collect(
        bus.subscribe(filter(['messageAdded'], ['acct_a']), { maxQueued: 2 }),
        fast,
      );
      const slow = bus.subscribe(filter(['messageAdded'], ['acct_a']), { maxQueued: 2 });
      expect(bus.subscriberCount()).toBe(2);
      for (const id of ['1', '2', '3', '4']) {
        await bus.publish(messageAdded('acct_a', '7', id));
        // The fast reader takes each event as it comes.
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(bus.subscriberCount()).toBe(1);
      await expect(slow.next()).rejects.toBeInstanceOf(SubscriberTooSlowError);
      expect(heard(fast)).toEqual(['1', '2', '3', '4']);
      await bus.close();
      expect(await fastDone).toBe('ended');
    });
  });

  describe('ending', () => {
    it('an abort signal ends its subscription and removes the subscriber', async () => {
      const bus = new MemoryEventBus();
      const controller = new AbortController();
      const events: GatewayEvent[] = [];
      const done = collect(
        bus.subscribe(filter(['messageAdded'], ['acct_a']), {
          maxQueued: 5,
          signal: controller.signal,
        }),
        events,
      );
      await bus.publish(messageAdded('acct_a', '7', '1'));
      expect(bus.subscriberCount()).toBe(1);
      controller.abort();
      expect(await done).toBe('ended');
      expect(bus.subscriberCount()).toBe(0);
      await bus.publish(messageAdded('acct_a', '7', '2'));
      expect(heard(events)).toEqual(['1']);
    });

    it('a signal already aborted gives an iterator that is done at once', async () => {
      const bus = new MemoryEventBus();
      const iterator = bus.subscribe(filter(['messageAdded'], ['acct_a']), {
        maxQueued: 5,
        signal: AbortSignal.abort(),
      });
      expect(bus.subscriberCount()).toBe(0);
      expect(await iterator.next()).toEqual({ value: undefined, done: true });
    });
  });

  describe('health and counts', () => {
    it('is always connected, in memory, and tells its observer what it published', async () => {
      const published: string[] = [];
      const bus = new MemoryEventBus({
        observer: { onPublished: (event) => published.push(event.kind) },
      });
      expect(bus.health()).toEqual({ transport: 'memory', connected: true });
      await bus.publish(accountUpdated('acct_a'));
      expect(published).toEqual(['connectedAccountUpdated']);
    });
  });
});
