import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import {
  connectedAccountId,
  gatewayToken,
  type LiveHarness,
  type LiveResult,
  type LiveStream,
  startLiveHarness,
  unsettledChatUpdate,
} from './live-harness.ts';

/**
 * An event is executed once for all the subscribers who would compute the same answer: same
 * document, variables and caller. Each selection below reads the chat's newest message from the
 * vendor (the event tells none), so the sandbox's call count is the number of executions.
 */

const SUBSCRIBERS = 20;
const LAST_MESSAGE = 'subscription { chatUpdated { id lastMessage { id text } } }';

let harness: LiveHarness;
let account: SandboxAccount;
let other: SandboxAccount;
const narrow = gatewayToken('narrow', []);
const wide = gatewayToken('wide', []);

beforeAll(async () => {
  // The tokens' accounts are known only once the sandbox runs: a first harness tells them.
  const probe = await startLiveHarness();
  account = probe.gateway.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
  other = probe.gateway.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
  await probe.close();
  narrow.config.accounts = [account.handle];
  wide.config.accounts = [account.handle, other.handle];
  harness = await startLiveHarness({ chatgraph: { tokens: [narrow.config, wide.config] } });
});
afterAll(() => harness.close());

async function open(
  count: number,
  query: string,
  token: string,
  variables?: Record<string, unknown>,
): Promise<LiveStream[]> {
  const streams: LiveStream[] = [];
  for (let opened = 0; opened < count; opened += 1) {
    streams.push(await harness.sse(query, variables, token));
  }
  return streams;
}

/** Publishes `event` to every stream open, and reads what each of `streams` received. */
async function deliver(streams: LiveStream[], event: GatewayEvent): Promise<LiveResult[]> {
  await harness.untilSubscribers(streams.length);
  harness.gateway.sandbox.resetStats();
  await harness.publish([event]);
  return (await Promise.all(streams.map((stream) => stream.results.next()))) as LiveResult[];
}

async function closeAll(streams: LiveStream[]): Promise<void> {
  for (const stream of streams) stream.close();
  await harness.untilSubscribers(0);
}

const upstreamCalls = (results: LiveResult[]) =>
  results.reduce((sum, result) => sum + (result.extensions?.cost?.upstreamCalls ?? 0), 0);

describe('an event of a subscription', () => {
  describe('heard by many subscribers of one caller with one document', () => {
    it('is executed once, and every subscriber receives the same answer', async () => {
      const streams = await open(SUBSCRIBERS, LAST_MESSAGE, narrow.token);
      const results = await deliver(streams, unsettledChatUpdate(account));
      await closeAll(streams);

      expect(harness.gateway.calls()).toBe(1);
      expect(results.every((result) => result.errors === undefined)).toBe(true);
      const answer = results[0]?.data?.chatUpdated as { lastMessage: { id: string } };
      expect(answer.lastMessage.id).toEqual(expect.any(String));
      expect(results.map((result) => result.data)).toEqual(results.map(() => results[0]?.data));
      // The subscriber that executed reports the call; the others made none.
      expect(upstreamCalls(results)).toBe(1);
    });

    it('is executed anew for the next event', async () => {
      const streams = await open(SUBSCRIBERS, LAST_MESSAGE, narrow.token);
      await deliver(streams, unsettledChatUpdate(account, 0));
      const results = await deliver(streams, unsettledChatUpdate(account, 1));
      await closeAll(streams);

      expect(harness.gateway.calls()).toBe(1);
      expect(results.every((result) => result.data?.chatUpdated)).toBe(true);
    });
  });

  describe('heard by subscribers of one caller over SSE and WebSocket', () => {
    it('is executed once for all of them', async () => {
      const streams = [
        ...(await open(3, LAST_MESSAGE, narrow.token)),
        ...(await Promise.all(
          [0, 1, 2].map(() => harness.ws(LAST_MESSAGE, undefined, narrow.token)),
        )),
      ];
      const results = await deliver(streams, unsettledChatUpdate(account));
      await closeAll(streams);

      expect(harness.gateway.calls()).toBe(1);
      expect(results.every((result) => result.data?.chatUpdated)).toBe(true);
    });
  });

  describe('heard by two callers', () => {
    it('is executed once for each, and neither receives what the other computed', async () => {
      const narrowStreams = await open(SUBSCRIBERS / 2, LAST_MESSAGE, narrow.token);
      const wideStreams = await open(SUBSCRIBERS / 2, LAST_MESSAGE, wide.token);
      const results = await deliver(
        [...narrowStreams, ...wideStreams],
        unsettledChatUpdate(account),
      );
      await closeAll([...narrowStreams, ...wideStreams]);

      expect(harness.gateway.calls()).toBe(2);
      expect(upstreamCalls(results.slice(0, SUBSCRIBERS / 2))).toBe(1);
      expect(upstreamCalls(results.slice(SUBSCRIBERS / 2))).toBe(1);
    });

    it("gives each caller only its own execution's outcome", async () => {
      const narrowStreams = await open(SUBSCRIBERS / 2, LAST_MESSAGE, narrow.token);
      const wideStreams = await open(SUBSCRIBERS / 2, LAST_MESSAGE, wide.token);
      // The first vendor read fails: the caller whose execution made it sees the failure, the
      // other reads the message.
      harness.gateway.sandbox.addFault({ route: 'onlyfans.messages', kind: 'status', status: 404 });
      const results = await deliver(
        [...narrowStreams, ...wideStreams],
        unsettledChatUpdate(account),
      );
      await closeAll([...narrowStreams, ...wideStreams]);

      const failed = (result: LiveResult) => result.errors !== undefined;
      const narrowFailed = results.slice(0, SUBSCRIBERS / 2).map(failed);
      const wideFailed = results.slice(SUBSCRIBERS / 2).map(failed);
      expect(new Set(narrowFailed).size).toBe(1);
      expect(new Set(wideFailed).size).toBe(1);
      expect(narrowFailed[0]).not.toBe(wideFailed[0]);
    });
  });

  describe('heard under different variables or documents', () => {
    it('is executed once for each of them', async () => {
      const byAccount =
        'subscription ($ids: [ID!]) { chatUpdated(accountIds: $ids) { id lastMessage { id } } }';
      const streams = [
        ...(await open(3, LAST_MESSAGE, wide.token)),
        ...(await open(3, 'subscription { chatUpdated { lastMessage { id } } }', wide.token)),
        ...(await open(3, byAccount, wide.token, { ids: [connectedAccountId(account)] })),
        ...(await open(3, byAccount, wide.token, { ids: null })),
      ];
      const results = await deliver(streams, unsettledChatUpdate(account));
      await closeAll(streams);

      expect(harness.gateway.calls()).toBe(4);
      expect(results.every((result) => result.errors === undefined)).toBe(true);
    });
  });

  describe('whose subscribers leave while it executes', () => {
    it('still reaches the others whole', async () => {
      const streams = await open(SUBSCRIBERS, LAST_MESSAGE, narrow.token);
      await harness.untilSubscribers(SUBSCRIBERS);
      harness.gateway.sandbox.setLatency(200);
      try {
        await harness.publish([unsettledChatUpdate(account)]);
        // The first to subscribe hears the event first, and executes it: it leaves, and so do
        // half of the others, while the vendor answers.
        const leaving = streams.slice(0, SUBSCRIBERS / 2);
        for (const stream of leaving) stream.close();
        const staying = streams.slice(SUBSCRIBERS / 2);
        const results = await Promise.all(staying.map((stream) => stream.results.next()));
        await closeAll(staying);

        expect(results.every((result) => result?.errors === undefined)).toBe(true);
        expect(results.every((result) => result?.data?.chatUpdated)).toBe(true);
      } finally {
        harness.gateway.sandbox.setLatency(0);
      }
    });
  });
});
