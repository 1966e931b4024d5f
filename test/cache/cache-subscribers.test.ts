import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveHarness, startLiveHarness } from '../subscriptions/live-harness.ts';

/**
 * An event heard by many subscribers whose selections need vendor reads (a chat's unread count
 * is not in the event), with the cache on: one execution reads the vendor and the others share its
 * answer, so an event costs the vendor the same calls for one subscriber or for many, and only the
 * subscriber that ran it reports them.
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
    let reporting = 0;
    for (const stream of streams) {
      const event = await stream.results.next();
      expect(event?.errors).toBeUndefined();
      expect(event?.data?.chatUpdated).toMatchObject({ unreadCount: chat.unreadCount });
      const cost = event!.extensions!.cost!;
      spent += cost.upstreamCalls;
      if (cost.upstreamCalls > 0) reporting += 1;
      stream.close();
    }
    const calls = harness.gateway.sandbox.stats().totalCalls;
    expect(spent).toBe(calls);
    // A chat by id costs at most 3 reads (LOAD_CALLS, src/limits/upstream-calls.ts).
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(3);
    expect(reporting).toBe(1);
  });
});
