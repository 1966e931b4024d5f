import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveHarness, startLiveHarness } from '../subscriptions/live-harness.ts';

/**
 * An event heard by many subscribers whose selections need vendor reads (a chat's unread count
 * is not in the event): the first subscriber's reads go to the vendor, the others' join them or
 * find them kept, so an event costs the vendor the same calls for one subscriber or for many.
 */

const SUBSCRIBERS = 20;

let harness: LiveHarness;

beforeAll(async () => {
  harness = await startLiveHarness({ cache: true });
});
afterAll(() => harness.close());

describe('subscribers of one event, with the cache', () => {
  it(`cost the vendor one subscriber's reads, not ${SUBSCRIBERS} times them`, async () => {
    const account = harness.gateway.sandbox.dataset.accounts.find(
      (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
    )!;
    const chat = account.chats[1]!;
    const streams = await Promise.all(
      Array.from({ length: SUBSCRIBERS }, () =>
        harness.sse('subscription { chatUpdated { id unreadCount } }'),
      ),
    );
    await harness.untilSubscribers(SUBSCRIBERS);
    harness.gateway.sandbox.resetStats();
    await harness.events.announce([
      {
        kind: 'chatUpdated',
        connectedAccount: {
          vendor: 'ONLYFANSAPI',
          platform: 'ONLYFANS',
          externalId: account.handle,
        },
        chatId: chat.id,
        partnerId: chat.partner.id,
        partnerUsername: null,
        written: {},
      },
    ]);
    let spent = 0;
    let kept = 0;
    for (const stream of streams) {
      const event = await stream.results.next();
      expect(event?.errors).toBeUndefined();
      expect(event?.data?.chatUpdated).toMatchObject({ unreadCount: chat.unreadCount });
      const cost = event!.extensions!.cost!;
      spent += cost.upstreamCalls;
      kept += cost.cacheHits;
      stream.close();
    }
    const calls = harness.gateway.sandbox.stats().totalCalls;
    expect(spent).toBe(calls);
    // A chat by id costs at most 3 reads (LOAD_CALLS, src/limits/upstream-calls.ts).
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(3);
    expect(kept).toBeGreaterThanOrEqual(SUBSCRIBERS - 1);
  });
});
