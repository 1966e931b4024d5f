import { describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import { SubscriberQueue, SubscriberTooSlowError } from '../../src/events/subscriber-queue.ts';
import { heard, messageAdded } from '../support/gateway-events.ts';

const event = (platformId: string): GatewayEvent => messageAdded('acct_a', '7', platformId);

function queue(maxQueued: number) {
  const ends: number[] = [];
  const subscriber = new SubscriberQueue(maxQueued, () => ends.push(1));
  return { subscriber, ends };
}

describe('SubscriberQueue', () => {
  describe('a reader keeping up', () => {
    it('hands events in order, to a reader already waiting and to one reading later', async () => {
      const { subscriber } = queue(10);
      const waiting = subscriber.next();
      subscriber.push(event('1'));
      subscriber.push(event('2'));
      subscriber.push(event('3'));
      const read = [(await waiting).value, (await subscriber.next()).value];
      read.push((await subscriber.next()).value);
      expect(heard(read as GatewayEvent[])).toEqual(['1', '2', '3']);
      expect(subscriber.open).toBe(true);
    });
  });

  describe('a reader falling behind', () => {
    it('holds at most maxQueued events, then drops them and throws SubscriberTooSlowError once', async () => {
      const { subscriber, ends } = queue(2);
      subscriber.push(event('1'));
      subscriber.push(event('2'));
      expect(subscriber.open).toBe(true);
      subscriber.push(event('3'));
      expect(subscriber.open).toBe(false);
      expect(ends).toHaveLength(1);
      const failure = await subscriber.next().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SubscriberTooSlowError);
      expect((failure as SubscriberTooSlowError).maxQueued).toBe(2);
      expect(await subscriber.next()).toEqual({ value: undefined, done: true });
      subscriber.push(event('4'));
      expect(await subscriber.next()).toEqual({ value: undefined, done: true });
      expect(ends).toHaveLength(1);
    });

    it('fails a reader already waiting at once', async () => {
      const { subscriber } = queue(1);
      const waiting = subscriber.next();
      subscriber.fail(new SubscriberTooSlowError(1));
      await expect(waiting).rejects.toBeInstanceOf(SubscriberTooSlowError);
    });
  });

  describe('ended', () => {
    it('by end(): a waiting reader is done, later events are ignored, onEnd runs once', async () => {
      const { subscriber, ends } = queue(5);
      const waiting = subscriber.next();
      subscriber.end();
      subscriber.end();
      expect(await waiting).toEqual({ value: undefined, done: true });
      subscriber.push(event('1'));
      expect(await subscriber.next()).toEqual({ value: undefined, done: true });
      expect(ends).toHaveLength(1);
    });

    it('by return() (a for-await loop left early): queued events are dropped', async () => {
      const { subscriber, ends } = queue(5);
      subscriber.push(event('1'));
      subscriber.push(event('2'));
      for await (const first of subscriber) {
        expect(heard([first])).toEqual(['1']);
        break;
      }
      expect(subscriber.open).toBe(false);
      expect(await subscriber.next()).toEqual({ value: undefined, done: true });
      expect(ends).toHaveLength(1);
    });
  });
});
