import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import type { HarnessCost } from '../support/gateway-harness.ts';
import { listedChatId } from '../support/issued-ids.ts';
import { OFAUTH_SECRET, ONLYFANSAPI_SECRET } from '../webhooks/signed-deliveries.ts';
import { startWebhookHarness, type WebhookHarness } from '../webhooks/webhook-harness.ts';

/**
 * The cache of vendor answers in a gateway as `npm start` runs it: kept answers answer repeated
 * reads without a vendor call, and every event (a vendor's webhook, a session change, a write
 * through the gateway) drops exactly what it made stale, so the next read is exact. Webhooks are
 * real: the sandbox signs and posts them to the gateway's listening port. Counts come from the
 * sandbox's own counters.
 */

const INBOX = /* GraphQL */ `
  query CachedInbox {
    inbox(first: 20) { edges { node { id lastMessage { id text } } } }
  }
`;

const THREAD = /* GraphQL */ `
  query CachedThread($id: ID!) {
    node(id: $id) { ... on Chat { messages(first: 10) { edges { node { id text } } } } }
  }
`;

const SEND = /* GraphQL */ `
  mutation CachedSend($input: SendMessageInput!) {
    sendMessage(input: $input) { outcome message { id text } }
  }
`;

interface InboxData {
  inbox: { edges: Array<{ node: { id: string; lastMessage: { text: string } | null } }> };
}
interface ThreadData {
  node: { messages: { edges: Array<{ node: { id: string; text: string } }> } };
}

let harness: WebhookHarness;
let server: Server;

beforeAll(async () => {
  harness = await startWebhookHarness({ cache: true });
  server = createHttpServer(harness.yoga);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  harness.sandbox.setWebhookTargets({
    onlyfansapi: { url: `${base}/webhooks/onlyfansapi`, secret: ONLYFANSAPI_SECRET },
    ofauth: { url: `${base}/webhooks/ofauth`, secret: OFAUTH_SECRET },
  });
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await harness.close();
});

beforeEach(() => {
  harness.cache!.clearHere();
  harness.sandbox.resetStats();
});

const cache = () => harness.cache!;

async function read<T>(
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  const result = await harness.query<T>(query, variables, headers);
  expect(result.errors).toBeUndefined();
  return { data: result.data as T, cost: result.extensions!.cost as HarnessCost };
}

/** Vendor calls per connected account since the last reset, over every route. */
function callsByAccount(): Record<string, number> {
  const byAccount: Record<string, number> = {};
  for (const route of Object.values(harness.sandbox.stats().routes)) {
    for (const [handle, calls] of Object.entries(route.byAccount)) {
      if (calls > 0) byAccount[handle] = (byAccount[handle] ?? 0) + calls;
    }
  }
  return byAccount;
}

function accountOf(vendor: string, platform: string): SandboxAccount {
  return harness.sandbox.dataset.accounts.find(
    (account) => account.vendor === vendor && account.platform === platform,
  )!;
}

/** A fan writes in a chat; resolves once the gateway published the message its webhook told. */
async function fanWrites(account: SandboxAccount, chat: SandboxChat, text: string) {
  const simulated = harness.sandbox.simulateMessage({
    account: account.handle,
    chat: chat.id,
    text,
  });
  await vi.waitFor(
    () => {
      const told = harness.heard.some(
        (event) =>
          event.kind === 'messageAdded' && event.message.platformId === simulated.messageId,
      );
      if (!told) throw new Error('the message was not published yet');
    },
    { timeout: 10_000, interval: 10 },
  );
  await harness.settled();
  harness.sandbox.resetStats();
  return simulated;
}

const VENDORS = [
  ['onlyfansapi', 'onlyfans'],
  ['onlyfansapi', 'fansly'],
  ['ofauth', 'onlyfans'],
] as const;

describe('the cache of vendor answers', () => {
  it('answers a refresh with nothing changed without a vendor call, and says what it saved', async () => {
    const first = await read<InboxData>(INBOX);
    const calls = harness.sandbox.stats().totalCalls;
    expect(calls).toBe(harness.sandbox.dataset.accounts.length);
    expect(first.cost).toMatchObject({ upstreamCalls: calls, cacheHits: 0, creditsSaved: 0 });
    expect(first.cost.credits).toBeGreaterThan(0);

    harness.sandbox.resetStats();
    const again = await read<InboxData>(INBOX);
    expect(harness.sandbox.stats().totalCalls).toBe(0);
    expect(again.data).toEqual(first.data);
    expect(again.cost).toEqual({
      upstreamCalls: 0,
      credits: 0,
      cacheHits: calls,
      creditsSaved: first.cost.credits,
    });
    expect(cache().size.entries).toBe(calls);
  });

  it('reads fresh for a request with Cache-Control: no-cache, and keeps what it read', async () => {
    await read(INBOX);
    const calls = harness.sandbox.stats().totalCalls;
    harness.sandbox.resetStats();
    const fresh = await read(INBOX, undefined, { 'cache-control': 'no-cache' });
    expect(harness.sandbox.stats().totalCalls).toBe(calls);
    expect(fresh.cost).toMatchObject({ upstreamCalls: calls, cacheHits: 0 });
    harness.sandbox.resetStats();
    await read(INBOX);
    expect(harness.sandbox.stats().totalCalls).toBe(0);
  });

  it('makes one vendor call for identical reads at the same time', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => read<InboxData>(INBOX)));
    const calls = harness.sandbox.stats().totalCalls;
    expect(calls).toBe(harness.sandbox.dataset.accounts.length);
    const spent = answers.reduce((sum, answer) => sum + answer.cost.upstreamCalls, 0);
    const joined = answers.reduce((sum, answer) => sum + answer.cost.cacheHits, 0);
    expect(spent).toBe(calls);
    expect(joined).toBe(4 * calls);
    for (const answer of answers) expect(answer.data).toEqual(answers[0]!.data);
  });

  describe.each(VENDORS)('on %s · %s', (vendor, platform) => {
    it("a fan's message drops its chat's messages and its account's chat list, nothing else", async () => {
      const account = accountOf(vendor, platform);
      const [written, untouched] = account.chats as [SandboxChat, SandboxChat];
      await read(INBOX);
      await read(THREAD, { id: listedChatId(account, written) });
      await read(THREAD, { id: listedChatId(account, untouched) });
      const text = `cached-then-told ${vendor} ${platform} ${crypto.randomUUID()}`;
      await fanWrites(account, written, text);

      const thread = await read<ThreadData>(THREAD, { id: listedChatId(account, written) });
      expect(thread.data.node.messages.edges[0]!.node.text).toBe(text);
      expect(callsByAccount()).toEqual({ [account.handle]: 1 });

      harness.sandbox.resetStats();
      await read(THREAD, { id: listedChatId(account, untouched) });
      expect(harness.sandbox.stats().totalCalls).toBe(0);

      const inbox = await read<InboxData>(INBOX);
      expect(callsByAccount()).toEqual({ [account.handle]: 1 });
      const listed = inbox.data.inbox.edges.find(
        (edge) => edge.node.id === listedChatId(account, written),
      );
      expect(listed?.node.lastMessage?.text).toBe(text);
    });

    // A kept answer is converted once and its records shared by the reads it answers: they must
    // read the same, and a message must reach the next read (the conversion dies with its answer).
    it('answers refreshes from one kept answer alike, and from the new one after a message', async () => {
      const account = accountOf(vendor, platform);
      const chat = account.chats[0]!;
      const id = listedChatId(account, chat);
      const firstThread = await read<ThreadData>(THREAD, { id });
      const firstInbox = await read<InboxData>(INBOX);
      harness.sandbox.resetStats();
      const threads = [
        await read<ThreadData>(THREAD, { id }),
        await read<ThreadData>(THREAD, { id }),
      ];
      const inboxes = [await read<InboxData>(INBOX), await read<InboxData>(INBOX)];
      expect(harness.sandbox.stats().totalCalls).toBe(0);
      for (const thread of threads) {
        expect(thread.data).toEqual(firstThread.data);
        expect(thread.cost.cacheHits).toBeGreaterThan(0);
      }
      for (const inbox of inboxes) expect(inbox.data).toEqual(firstInbox.data);

      const text = `kept-conversion ${vendor} ${platform} ${crypto.randomUUID()}`;
      await fanWrites(account, chat, text);
      const told = await read<ThreadData>(THREAD, { id });
      expect(told.data.node.messages.edges[0]!.node.text).toBe(text);
      expect(told.data).not.toEqual(firstThread.data);
      const inbox = await read<InboxData>(INBOX);
      const listed = inbox.data.inbox.edges.find((edge) => edge.node.id === id);
      expect(listed?.node.lastMessage?.text).toBe(text);
      expect(callsByAccount()).toEqual({ [account.handle]: 2 });

      harness.sandbox.resetStats();
      expect((await read<ThreadData>(THREAD, { id })).data).toEqual(told.data);
      expect((await read<InboxData>(INBOX)).data).toEqual(inbox.data);
      expect(harness.sandbox.stats().totalCalls).toBe(0);
    });
  });

  it('a session change drops everything kept of its account, and only of it', async () => {
    const account = accountOf('onlyfansapi', 'onlyfans');
    const chat = account.chats[0]!;
    await read(INBOX);
    await read(THREAD, { id: listedChatId(account, chat) });
    const heard = harness.heard.length;
    harness.sandbox.setSessionExpired(account.handle, true);
    await harness.waitForHeard('connectedAccountUpdated', 1);
    await vi.waitFor(() => expect(harness.heard.length).toBeGreaterThan(heard), {
      timeout: 10_000,
    });
    harness.sandbox.setSessionExpired(account.handle, false);
    await harness.waitForHeard('connectedAccountUpdated', 2);
    await harness.settled();
    harness.sandbox.resetStats();

    await read(THREAD, { id: listedChatId(account, chat) });
    await read(INBOX);
    expect(callsByAccount()).toEqual({ [account.handle]: 2 });
  });

  it("a message sent through the gateway drops its chat's messages and chat list", async () => {
    const account = accountOf('onlyfansapi', 'fansly');
    const chat = account.chats[2]!;
    const id = listedChatId(account, chat);
    await read(INBOX);
    await read(THREAD, { id });
    const text = `sent-through-the-cache ${crypto.randomUUID()}`;
    const sent = await harness.query<{ sendMessage: { outcome: string } }>(SEND, {
      input: { chatId: id, text, idempotencyKey: crypto.randomUUID() },
    });
    expect(sent.data?.sendMessage.outcome).toBe('SENT');
    harness.sandbox.resetStats();

    const thread = await read<ThreadData>(THREAD, { id });
    expect(thread.data.node.messages.edges[0]!.node.text).toBe(text);
    const inbox = await read<InboxData>(INBOX);
    expect(callsByAccount()).toEqual({ [account.handle]: 2 });
    const listed = inbox.data.inbox.edges.find((edge) => edge.node.id === id);
    expect(listed?.node.lastMessage?.text).toBe(text);
  });

  it('a send whose outcome is unknown drops its chat, so the next read tells what happened', async () => {
    const account = accountOf('onlyfansapi', 'onlyfans');
    const chat = account.chats[3]!;
    const id = listedChatId(account, chat);
    await read(THREAD, { id });
    // The vendor applies the send, then answers 500: the gateway cannot know it was sent.
    harness.sandbox.addFault({
      route: 'onlyfans.sendMessage',
      kind: 'statusAfterWrite',
      status: 500,
    });
    const text = `sent-but-unknown ${crypto.randomUUID()}`;
    const sent = await harness.query<{ sendMessage: { outcome: string } }>(SEND, {
      input: { chatId: id, text, idempotencyKey: crypto.randomUUID() },
    });
    expect(sent.data?.sendMessage.outcome).toBe('UNKNOWN');
    harness.sandbox.resetStats();
    const thread = await read<ThreadData>(THREAD, { id });
    expect(thread.data.node.messages.edges[0]!.node.text).toBe(text);
    expect(callsByAccount()).toEqual({ [account.handle]: 1 });
  });
});

describe('kept answers expire', () => {
  it('after their kind’s time, a read goes to the vendor again', async () => {
    let clock = 1_000_000;
    const timed = await startWebhookHarness({
      cache: { now: () => clock, ttlSeconds: { chatPages: 30 } },
    });
    try {
      await timed.query(INBOX);
      const calls = timed.sandbox.stats().totalCalls;
      timed.sandbox.resetStats();
      clock += 29_999;
      await timed.query(INBOX);
      expect(timed.sandbox.stats().totalCalls).toBe(0);
      clock += 1;
      await timed.query(INBOX);
      expect(timed.sandbox.stats().totalCalls).toBe(calls);
    } finally {
      await timed.close();
    }
  });
});
