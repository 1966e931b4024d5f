import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import {
  chatWithMessages,
  connectedAccountId,
  gatewayToken,
  type LiveHarness,
  type LiveResult,
  messageEvents,
  newestMessage,
  startLiveHarness,
} from './live-harness.ts';

const codesOf = (result: LiveResult | null) =>
  result?.errors?.map((error) => error.extensions?.code);

/** Two accounts of different vendors: the token's, and one it may not see. */
function twoAccounts(harness: LiveHarness): { mine: SandboxAccount; theirs: SandboxAccount } {
  const { dataset } = harness.gateway.sandbox;
  return {
    mine: dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!,
    theirs: dataset.accountsOf('ofauth', 'onlyfans')[0]!,
  };
}

async function eventsOf(harness: LiveHarness, account: SandboxAccount, index = 0) {
  const chat = chatWithMessages(account, index);
  return messageEvents(account, chat, await newestMessage(harness.gateway, account, chat));
}

describe('subscriptions and gateway tokens', () => {
  let harness: LiveHarness;
  let token: string;

  beforeAll(async () => {
    // The token's accounts are known only once the sandbox runs: a first harness tells them.
    const probe = await startLiveHarness();
    const { mine } = twoAccounts(probe);
    await probe.close();
    const scoped = gatewayToken('scoped', [mine.handle]);
    token = scoped.token;
    harness = await startLiveHarness({ chatgraph: { tokens: [scoped.config] } });
  });
  afterAll(() => harness.close());

  describe.each(['sse', 'ws'] as const)('over %s', (transport) => {
    it("a token scoped to one account never hears another account's events", async () => {
      const { mine, theirs } = twoAccounts(harness);
      const stream = await harness[transport](
        'subscription { messageAdded { platformId } }',
        undefined,
        token,
      );
      await harness.untilSubscribers(1);
      await harness.publish(await eventsOf(harness, theirs));
      const expected = await eventsOf(harness, mine);
      await harness.publish(expected);
      const event = await stream.results.next();
      expect(event?.data).toEqual({
        messageAdded: {
          platformId: (expected[0] as { message: { platformId: string } }).message.platformId,
        },
      });
      expect(stream.results.seen).toHaveLength(1);
      stream.close();
      await harness.untilSubscribers(0);
    });

    it('an account outside the scope is refused exactly as an unknown one', async () => {
      const { theirs } = twoAccounts(harness);
      const query = 'subscription ($ids: [ID!]) { chatUpdated(accountIds: $ids) { id } }';
      const outside = await harness[transport](query, { ids: [connectedAccountId(theirs)] }, token);
      const unknownId = connectedAccountId({ handle: 'acct_unknown' } as SandboxAccount);
      const unknown = await harness[transport](query, { ids: [unknownId] }, token);
      const [refused, alsoRefused] = [await outside.results.next(), await unknown.results.next()];
      expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused?.errors?.[0]?.message.replace(connectedAccountId(theirs), 'ID')).toBe(
        alsoRefused?.errors?.[0]?.message.replace(unknownId, 'ID'),
      );
      expect(harness.events.bus.subscriberCount()).toBe(0);
    });
  });

  it('SSE without a token is refused with 401 before anything subscribes', async () => {
    const stream = await harness.sse('subscription { messageAdded { id } }');
    expect(stream.status).toBe(401);
    expect(codesOf(await stream.results.next())).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    ['no connectionParams', undefined],
    ['a wrong token', { authorization: 'Bearer not-a-token' }],
    ['a wrong bare token', { token: 'not-a-token' }],
  ])('a WebSocket with %s is closed at connect with 4403 Forbidden', async (_name, params) => {
    const client = harness.wsClient(params);
    const closed = new Promise<number>((resolve) => {
      client.on('closed', (event) => resolve((event as { code: number }).code));
    });
    client.subscribe(
      { query: 'subscription { messageAdded { id } }' },
      {
        next: () => {},
        error: () => {},
        complete: () => {},
      },
    );
    expect(await closed).toBe(4403);
    expect(harness.events.bus.subscriberCount()).toBe(0);
  });

  it('a WebSocket may give its token bare, as connectionParams.token', async () => {
    const { mine } = twoAccounts(harness);
    const client = harness.wsClient({ token });
    const results: unknown[] = [];
    const dispose = client.subscribe(
      { query: 'subscription { messageAdded { platformId } }' },
      { next: (result) => results.push(result), error: () => {}, complete: () => {} },
    );
    await harness.untilSubscribers(1);
    await harness.publish(await eventsOf(harness, mine, 1));
    for (let waited = 0; results.length === 0 && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(results).toHaveLength(1);
    dispose();
    await harness.untilSubscribers(0);
  });
});

describe('subscriptions bounded', () => {
  let harness: LiveHarness;

  beforeAll(async () => {
    harness = await startLiveHarness({
      chatgraph: { maxSubscriptions: 2, maxQueuedEvents: 3 },
    });
  });
  afterAll(() => harness.close());

  it('past limits.maxSubscriptions one is refused with TOO_MANY_SUBSCRIPTIONS; an ended one frees its slot', async () => {
    const query = 'subscription { connectedAccountUpdated { id } }';
    const first = await harness.sse(query);
    const second = await harness.ws(query);
    await harness.untilSubscribers(2);
    for (const transport of ['sse', 'ws'] as const) {
      const refused = await harness[transport](query);
      expect(codesOf(await refused.results.next())).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    }
    first.close();
    await harness.untilSubscribers(1);
    const third = await harness.sse(query);
    await harness.untilSubscribers(2);
    second.close();
    third.close();
    await harness.untilSubscribers(0);
  });

  it('a subscriber past limits.maxQueuedEvents ends with SUBSCRIBER_TOO_SLOW while the others go on', async () => {
    const { mine, theirs } = twoAccounts(harness);
    const query = 'subscription ($ids: [ID!]) { messageAdded(accountIds: $ids) { platformId } }';
    const slow = await harness.sse(query, { ids: [connectedAccountId(mine)] });
    const other = await harness.ws(query, { ids: [connectedAccountId(theirs)] });
    await harness.untilSubscribers(2);
    // A burst the slow subscriber cannot take in time: delivered at once, faster than any read.
    const [added] = await eventsOf(harness, mine);
    for (let index = 0; index < 10; index += 1) void harness.events.bus.publish(added!);
    const results: LiveResult[] = [];
    for (let result = await slow.results.next(); result; result = await slow.results.next()) {
      results.push(result);
    }
    expect(codesOf(results.at(-1)!)).toEqual(['SUBSCRIBER_TOO_SLOW']);
    expect(results.length).toBeLessThan(10);
    await harness.untilSubscribers(1);

    const [theirsAdded] = await eventsOf(harness, theirs);
    await harness.publish([theirsAdded!]);
    expect(codesOf(await other.results.next())).toBeUndefined();
    // Its slot is free again.
    const again = await harness.sse(query, { ids: [connectedAccountId(mine)] });
    await harness.untilSubscribers(2);
    again.close();
    other.close();
    await harness.untilSubscribers(0);
  });
});

describe('each event with its own vendor-call budget', () => {
  let harness: LiveHarness;

  beforeAll(async () => {
    harness = await startLiveHarness({ chatgraph: { limits: { maxUpstreamCalls: 3 } } });
  });
  afterAll(() => harness.close());

  it.each(['sse', 'ws'] as const)(
    'over %s, events that each cost vendor calls never run out of them',
    async (transport) => {
      const { mine } = twoAccounts(harness);
      const stream = await harness[transport]('subscription { chatUpdated { id unreadCount } }');
      await harness.untilSubscribers(1);
      const chats = mine.chats.slice(0, 4);
      let upstreamCalls = 0;
      for (const chat of chats) {
        await harness.publish([
          {
            kind: 'chatUpdated',
            connectedAccount: {
              vendor: 'ONLYFANSAPI',
              platform: 'ONLYFANS',
              externalId: mine.handle,
            },
            chatId: chat.id,
            partnerId: chat.partner.id,
            partnerUsername: null,
            written: {},
          },
        ]);
        const event = await stream.results.next();
        expect(event?.errors).toBeUndefined();
        expect(event?.data?.chatUpdated).toMatchObject({ unreadCount: chat.unreadCount });
        expect(event?.extensions?.cost?.upstreamCalls).toBeGreaterThan(0);
        upstreamCalls += event?.extensions?.cost?.upstreamCalls ?? 0;
      }
      // More than one request's budget in all: each event had its own.
      expect(upstreamCalls).toBeGreaterThan(3);
      stream.close();
      await harness.untilSubscribers(0);
    },
  );
});

describe('a WebSocket bounded', () => {
  let harness: LiveHarness;

  beforeAll(async () => {
    harness = await startLiveHarness({
      websocket: { maxSubscriptionsPerSocket: 1, maxMessageBytes: 4096 },
    });
  });
  afterAll(() => harness.close());

  it('past its operations at once, one more is refused with TOO_MANY_SUBSCRIPTIONS', async () => {
    const client = harness.wsClient();
    const sink = { next: () => {}, error: () => {}, complete: () => {} };
    const dispose = client.subscribe({ query: 'subscription { messageAdded { id } }' }, sink);
    await harness.untilSubscribers(1);
    const refused = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { chatUpdated { id } }' },
        { next: () => {}, error: resolve, complete: () => {} },
      );
    });
    expect((refused as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe(
      'TOO_MANY_SUBSCRIPTIONS',
    );
    expect(harness.events.bus.subscriberCount()).toBe(1);
    dispose();
    await harness.untilSubscribers(0);
  });

  it('a message over its size closes the socket (1009) before anything runs', async () => {
    const client = harness.wsClient();
    const closed = new Promise<number>((resolve) => {
      client.on('closed', (event) => resolve((event as { code: number }).code));
    });
    client.subscribe(
      { query: `subscription { messageAdded { id } } # ${'x'.repeat(8192)}` },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    expect(await closed).toBe(1009);
    expect(harness.events.bus.subscriberCount()).toBe(0);
  });
});
