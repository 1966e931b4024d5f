import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_CALLER } from '../../src/auth/tokens.ts';
import { createGatewayContext } from '../../src/context.ts';
import { Cursors, randomCursorSecret } from '../../src/cursors.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import { MemoryIdempotencyStore } from '../../src/writes/memory-idempotency-store.ts';
import {
  chatWithMessages,
  type LiveHarness,
  type LiveStream,
  messageEvents,
  newestMessage,
  startLiveHarness,
  unsettledChatUpdate,
} from './live-harness.ts';

/**
 * Each event resolves with parts of its own (deadline, vendor-call budget, loaders), made only
 * when its selection reaches the vendors: an event many subscribers resolve from the event alone
 * calls no vendor, while one whose selection calls them is still held to its own budget.
 */

const SUBSCRIBERS = 200;

let harness: LiveHarness;
let account: SandboxAccount;

beforeAll(async () => {
  harness = await startLiveHarness({ chatgraph: { limits: { maxUpstreamCalls: 1 } } });
  account = harness.gateway.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
});
afterAll(() => harness.close());

describe('subscription events', () => {
  describe('whose selection the event answers', () => {
    it(`reach ${SUBSCRIBERS} subscribers with no vendor call`, async () => {
      const chat = chatWithMessages(account);
      const message = await newestMessage(harness.gateway, account, chat);
      const streams: LiveStream[] = [];
      for (let opened = 0; opened < SUBSCRIBERS; opened += 1) {
        streams.push(await harness.sse('subscription { messageAdded { id text createdAt } }'));
      }
      await harness.untilSubscribers(SUBSCRIBERS);
      harness.gateway.sandbox.resetStats();
      await harness.publish(messageEvents(account, chat, message));
      const events = await Promise.all(streams.map((stream) => stream.results.next()));
      for (const stream of streams) stream.close();
      await harness.untilSubscribers(0);

      expect(events.filter((event) => event?.data?.messageAdded).length).toBe(SUBSCRIBERS);
      expect(events.every((event) => event?.errors === undefined)).toBe(true);
      expect(events.every((event) => event?.extensions?.cost?.upstreamCalls === 0)).toBe(true);
      expect(harness.gateway.calls()).toBe(0);
    });
  });

  describe('whose vendor read takes more attempts than a request may make', () => {
    it('are each stopped by a budget of their own', async () => {
      // One read of the chat's newest page, within the budget of one call; a failed first
      // attempt leaves its retry over it.
      const stream = await harness.sse('subscription { chatUpdated { id lastMessage { id } } }');
      await harness.untilSubscribers(1);
      const outcomes = [];
      for (const index of [0, 1, 2]) {
        harness.gateway.sandbox.addFault({
          route: 'onlyfans.messages',
          kind: 'status',
          status: 503,
        });
        await harness.publish([unsettledChatUpdate(account, index)]);
        const event = await stream.results.next();
        outcomes.push({
          calls: event?.extensions?.cost?.upstreamCalls,
          codes: event?.errors?.map((error) => error.extensions?.code),
        });
      }
      stream.close();
      await harness.untilSubscribers(0);

      expect(outcomes).toEqual([
        { calls: 1, codes: ['TOO_MANY_UPSTREAM_CALLS'] },
        { calls: 1, codes: ['TOO_MANY_UPSTREAM_CALLS'] },
        { calls: 1, codes: ['TOO_MANY_UPSTREAM_CALLS'] },
      ]);
    });
  });
});

describe('a context renewed for an event', () => {
  it('makes the event’s deadline, call budget and loaders on first use, anew for each event', () => {
    const deadlines: AbortSignal[] = [];
    const made = createGatewayContext(OPEN_CALLER, harness.gateway.connectedAccounts, {
      cursors: new Cursors(randomCursorSecret()),
      idempotencyStore: new MemoryIdempotencyStore(),
      events: harness.events,
      eventSignal: () => {
        deadlines.push(new AbortController().signal);
        return deadlines.at(-1);
      },
    });
    // Resolvers receive yoga's copy of the context, and renew it.
    const context = { ...made };

    context.renewForEvent();
    expect(context.cost).toEqual({ upstreamCalls: 0, credits: 0, cacheHits: 0, creditsSaved: 0 });
    expect(deadlines).toHaveLength(0);
    const loaders = context.loaders;
    expect(context.call.signal).toBe(deadlines[0]);
    expect(context.loaders).toBe(loaders);
    const budget = context.call.budget;
    expect(deadlines).toHaveLength(1);

    context.renewForEvent();
    expect(deadlines).toHaveLength(1);
    expect(context.call.budget).not.toBe(budget);
    expect(context.call.signal).toBe(deadlines[1]);
    expect(context.loaders).not.toBe(loaders);
    expect(deadlines).toHaveLength(2);
  });
});
