import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';
import type { SandboxRoute } from '../../src/sandbox/types.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { issuedMessageId } from '../support/issued-ids.ts';
import { codesOf, expectWellFormedAnswer, post } from './security-support.ts';

/**
 * Issue 12, finding 5 (the vendor side): `nodes(ids:)` with 481 Message ids made 481 vendor calls,
 * one one-message page per id. Ids of one chat are now read together from that chat's pages
 * (no vendor reads a message by id), so 100 ids of one chat cost a page or a few; made-up ids cost
 * no more than the pages that prove them absent, ids of unconfigured accounts cost nothing; and
 * a request that still makes too many calls is stopped at `maxUpstreamCalls`, the rest answering.
 */

const NODES = `query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on Message { platformId text } ... on Chat { platform } }
}`;

type NodesData = { nodes: Array<{ id: string; platformId?: string } | null> };

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

function messageId(account: SandboxAccount, chat: SandboxChat, id: string): string {
  return issuedMessageId(account, chat, id);
}

/** The chat of an account with the most messages. */
function longestChat(account: SandboxAccount): SandboxChat {
  return [...account.chats].sort((left, right) => right.messages.length - left.messages.length)[0]!;
}

/** The ids of a chat's newest messages, newest first, every `step`-th one. */
function newestIds(chat: SandboxChat, count: number, step = 1): string[] {
  const newestFirst = [...chat.messages].reverse();
  return Array.from({ length: count }, (_, index) => newestFirst[index * step]!.id);
}

async function nodes(ids: string[]) {
  harness.sandbox.resetStats();
  const answer = await post<NodesData>(harness.yoga, NODES, { ids });
  expectWellFormedAnswer(answer, 'nodes');
  return answer;
}

const vendors: Array<{
  name: string;
  account: () => SandboxAccount;
  route: SandboxRoute;
  /** Calls for the newest 100 messages, and for every other one of the newest 200. */
  calls: { newest100: number; everyOther: number };
}> = [
  {
    name: 'OnlyFans through OnlyFansAPI (pages of 100)',
    account: () => harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!,
    route: 'onlyfans.messages',
    calls: { newest100: 1, everyOther: 2 },
  },
  {
    name: 'Fansly through OnlyFansAPI (pages of 100)',
    account: () => harness.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!,
    route: 'fansly.messages',
    calls: { newest100: 1, everyOther: 2 },
  },
  {
    name: 'OnlyFans through OFAuth (pages of 20)',
    account: () => harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!,
    route: 'ofauth.messages',
    calls: { newest100: 5, everyOther: 10 },
  },
];

describe('Message ids in nodes(ids:)', () => {
  for (const vendor of vendors) {
    describe(vendor.name, () => {
      it('reads 100 ids of one chat from its pages, each id answered', async () => {
        const account = vendor.account();
        const chat = longestChat(account);
        const platformIds = newestIds(chat, 100);
        const answer = await nodes(platformIds.map((id) => messageId(account, chat, id)));
        expect(answer.body?.errors).toBeUndefined();
        expect(answer.body?.data?.nodes.map((node) => node?.platformId)).toEqual(platformIds);
        expect(harness.calls(vendor.route)).toBe(vendor.calls.newest100);
        expect(harness.calls()).toBe(vendor.calls.newest100);
      });

      it('reads ids spread over 200 messages in the pages that cover them', async () => {
        const account = vendor.account();
        const chat = longestChat(account);
        const platformIds = newestIds(chat, 100, 2);
        // Asked oldest first: the order of the ids does not matter.
        const asked = [...platformIds].reverse();
        const answer = await nodes(asked.map((id) => messageId(account, chat, id)));
        expect(answer.body?.errors).toBeUndefined();
        expect(answer.body?.data?.nodes.map((node) => node?.platformId)).toEqual(asked);
        expect(harness.calls()).toBe(vendor.calls.everyOther);
      });
    });
  }

  it('reads ids of several chats with one page read per chat', async () => {
    const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
    const chats = account.chats.filter((chat) => chat.messages.length >= 10).slice(0, 4);
    const ids = chats.flatMap((chat) =>
      newestIds(chat, 10).map((id) => messageId(account, chat, id)),
    );
    const answer = await nodes(ids);
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data?.nodes.every((node) => node !== null)).toBe(true);
    expect(harness.calls('onlyfans.messages')).toBe(4);
    expect(harness.calls()).toBe(4);
  });

  it('answers made-up ids null, at the cost of the pages that prove them absent', async () => {
    const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
    const chat = longestChat(account);
    const oldest = BigInt(chat.messages[0]!.id);
    const newest = BigInt(chat.messages.at(-1)!.id);
    const madeUp = [
      // Older than the chat's first message, newer than its last, and between two of them.
      ...Array.from({ length: 50 }, (_, index) => (oldest - 1n - BigInt(index)).toString()),
      ...Array.from({ length: 49 }, (_, index) => (newest + 1n + BigInt(index)).toString()),
      (BigInt(chat.messages.at(-2)!.id) + 1n).toString(),
    ];
    const answer = await nodes(madeUp.map((id) => messageId(account, chat, id)));
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data?.nodes.every((node) => node === null)).toBe(true);
    // The newest page shows the newer and the in-between ids absent; one more page, older than
    // the chat's first message, shows the older ones absent.
    expect(harness.calls()).toBe(2);
  });

  it('answers ids of an unknown chat null with one call, of unknown accounts with none', async () => {
    const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
    const unknownChat = `${account.handle}:999999999:999999999`;
    const ids = [
      ...Array.from({ length: 50 }, (_, index) =>
        encodeGlobalId('Message', `${unknownChat}:${1_000_000 + index}`),
      ),
      ...Array.from({ length: 50 }, (_, index) =>
        encodeGlobalId('Message', `acct_notconfigured${index}:1:1:${index + 1}`),
      ),
    ];
    const answer = await nodes(ids);
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data?.nodes.every((node) => node === null)).toBe(true);
    expect(harness.calls()).toBe(1);
  });
});

describe('Chat ids in nodes(ids:)', () => {
  it('probe a configured account once per chat, and cost nothing otherwise', async () => {
    const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
    const ids = [
      // On OnlyFans a chat is the fan: its id and its partner's are one and the same.
      ...Array.from({ length: 40 }, (_, index) =>
        encodeGlobalId('Chat', `${account.handle}:${100 + index}:${200 + index}`),
      ),
      ...Array.from({ length: 40 }, (_, index) =>
        encodeGlobalId('Chat', `acct_notconfigured${index}:${100 + index}:${100 + index}`),
      ),
      ...Array.from({ length: 20 }, (_, index) =>
        encodeGlobalId('Chat', `${account.handle}:${900_000 + index}:${900_000 + index}`),
      ),
    ];
    const answer = await nodes(ids);
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data?.nodes.every((node) => node === null)).toBe(true);
    expect(harness.calls()).toBe(20);
  });
});

describe('the vendor calls one request may make', () => {
  // The estimate refuses what it can price beforehand (test/security/credit-drain.test.ts); this
  // is the backstop behind it, for calls no estimate sees: here, retries of failed attempts.
  it('stop at maxUpstreamCalls, retries included: the calls past it fail unsent, the rest answers', async () => {
    const limited = await startGatewayHarness({ chatgraph: { limits: { maxUpstreamCalls: 3 } } });
    try {
      const account = limited.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
      const chats = account.chats.filter((chat) => chat.messages.length > 0).slice(0, 2);
      const ids = chats.map((chat) => messageId(account, chat, chat.messages.at(-1)!.id));
      limited.sandbox.resetStats();
      // Each chat's first attempt fails (503) and is retried: 4 attempts are needed, 3 allowed.
      limited.sandbox.addFault({
        route: 'onlyfans.messages',
        kind: 'status',
        status: 503,
        times: 2,
      });
      const answer = await post<NodesData>(limited.yoga, NODES, { ids });
      expectWellFormedAnswer(answer, 'over the budget');
      expect(limited.calls()).toBe(3);
      expect(answer.body?.data?.nodes.filter((node) => node !== null)).toHaveLength(1);
      expect(codesOf(answer.body)).toEqual(['TOO_MANY_UPSTREAM_CALLS']);
      expect(answer.body?.extensions?.cost?.upstreamCalls).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
