import { getOperationAST, parse } from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens.ts';
import { encodeGlobalId, localId } from '../../src/ids.ts';
import { measureOperation } from '../../src/limits/measure-operation.ts';
import {
  generateDataset,
  type SandboxAccount,
  type SandboxChat,
  type SandboxPlatform,
  type SandboxRoute,
  type SandboxVendor,
} from '../../src/sandbox/index.ts';
import { schema } from '../../src/schema/index.ts';
import type { WriteCapabilities } from '../../src/vendors/contract.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { listedChatId } from '../support/issued-ids.ts';

/** What a request answered without a vendor call reports. */
const NO_COST = { upstreamCalls: 0, credits: 0, cacheHits: 0, creditsSaved: 0 };

const OWNER = 'owner-token-mutations';
const SCOPED = 'scoped-token-mutations';
const dataset = generateDataset(1);
const [scopedAccount, foreignAccount] = dataset.accountsOf('onlyfansapi', 'onlyfans');

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({
    chatgraph: {
      tokens: [
        { name: 'owner', sha256: sha256Hex(OWNER), accounts: ['*'] },
        { name: 'scoped', sha256: sha256Hex(SCOPED), accounts: [scopedAccount!.handle] },
      ],
    },
  });
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.resetStats());
afterEach(() => {
  harness.sandbox.clearFaults();
  harness.sandbox.setLatency(0);
});

const VENDORS = [
  ['onlyfansapi', 'onlyfans', 'onlyfans'],
  ['onlyfansapi', 'fansly', 'fansly'],
  ['ofauth', 'onlyfans', 'ofauth'],
] as const satisfies ReadonlyArray<readonly [SandboxVendor, SandboxPlatform, string]>;

type RoutePrefix = (typeof VENDORS)[number][2];
const route = (prefix: RoutePrefix, name: string) => `${prefix}.${name}` as SandboxRoute;

let keys = 0;
/** A key no other test uses. */
const newKey = () => {
  keys += 1;
  return `key-${process.pid}-${keys}`;
};

/** The nth chat of an account's list (each test writes to its own chat). */
function chatOf(vendor: SandboxVendor, platform: SandboxPlatform, index: number) {
  const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
  const chat = account.chats[index]!;
  return { account, chat, id: listedChatId(account, chat) };
}

function writesOf(account: SandboxAccount): WriteCapabilities {
  return harness.connectedAccounts.byExternalId.get(account.handle)!.adapter.capabilities.writes;
}

const MESSAGE = 'id platformId text createdAt isFromCreator isFree price media { id }';
const SEND = /* GraphQL */ `
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) {
      outcome
      message { ${MESSAGE} }
      chat { id lastMessage { id text } }
    }
  }
`;

interface SendAnswer {
  sendMessage: {
    outcome: 'SENT' | 'NOT_SENT' | 'UNKNOWN';
    message: { id: string; platformId: string; text: string; isFromCreator: boolean } | null;
    chat: { id: string; lastMessage: { id: string; text: string } | null };
  } | null;
}

function send(input: Record<string, unknown>, token = OWNER) {
  return harness.query<SendAnswer>(SEND, { input }, { authorization: `Bearer ${token}` });
}

/** The newest messages of a chat, as a frontend reads its thread. */
async function thread(chatId: string): Promise<Array<{ id: string; text: string }>> {
  const answer = await harness.query<{
    chat: { messages: { edges: Array<{ node: { id: string; text: string } }> } } | null;
  }>(
    'query ($id: ID!) { chat(id: $id) { messages(first: 20) { edges { node { id text } } } } }',
    { id: chatId },
    { authorization: `Bearer ${OWNER}` },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.chat!.messages.edges.map((edge) => edge.node);
}

const codesOf = (answer: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (answer.errors ?? []).map((error) => error.extensions?.code);

describe('sendMessage', () => {
  describe.each(VENDORS)('on %s · %s', (vendor, platform, prefix) => {
    it('sends once, answers the message as reads show it, and the thread has it once', async () => {
      const { id } = chatOf(vendor, platform, 0);
      const text = `Hello from the ${vendor} ${platform} test`;
      const answer = await send({ chatId: id, text, idempotencyKey: newKey() });
      expect(answer.errors).toBeUndefined();
      const payload = answer.data!.sendMessage!;
      expect(payload.outcome).toBe('SENT');
      expect(payload.message).toMatchObject({ text, isFromCreator: true, isFree: true, media: [] });
      // The chat's last message is the one sent, at no call of its own.
      expect(payload.chat).toEqual({ id, lastMessage: { id: payload.message!.id, text } });
      expect(harness.calls(route(prefix, 'sendMessage'))).toBe(1);
      expect(harness.calls()).toBe(1);
      expect(answer.extensions?.cost?.upstreamCalls).toBe(1);
      const messages = await thread(id);
      expect(messages[0]).toEqual({ id: payload.message!.id, text });
      expect(messages.filter((message) => message.text === text)).toHaveLength(1);
    });

    it('a repeated key answers the same payload without a vendor call', async () => {
      const { id } = chatOf(vendor, platform, 1);
      const input = { chatId: id, text: `Only once on ${prefix}`, idempotencyKey: newKey() };
      const first = await send(input);
      const again = await send(input);
      expect(again).toEqual({ ...first, extensions: { cost: NO_COST } });
      expect(harness.calls(route(prefix, 'sendMessage'))).toBe(1);
      const messages = await thread(id);
      expect(messages.filter((message) => message.text === input.text)).toHaveLength(1);
    });
  });

  it('10 concurrent duplicates store one message and all answer it', async () => {
    const { id } = chatOf('onlyfansapi', 'onlyfans', 2);
    const input = { chatId: id, text: 'Ten at once', idempotencyKey: newKey() };
    // The first send stays in flight while the others arrive.
    harness.sandbox.setLatency(100);
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(input)));
    harness.sandbox.setLatency(0);
    const ids = answers.map((answer) => answer.data?.sendMessage?.message?.id);
    expect(answers.map((answer) => answer.data?.sendMessage?.outcome)).toEqual(
      Array(10).fill('SENT'),
    );
    expect(new Set(ids).size).toBe(1);
    expect(harness.calls('onlyfans.sendMessage')).toBe(1);
    const messages = await thread(id);
    expect(messages.filter((message) => message.text === input.text)).toHaveLength(1);
  });

  it('an outcome the vendor leaves unknown stays UNKNOWN, and the key sends nothing more', async () => {
    const { account, id } = chatOf('ofauth', 'onlyfans', 2);
    harness.sandbox.addFault({
      route: 'ofauth.sendMessage',
      externalId: account.handle,
      kind: 'statusAfterWrite',
      status: 500,
    });
    const input = { chatId: id, text: 'Did it arrive?', idempotencyKey: newKey() };
    const first = await send(input);
    expect(first.data!.sendMessage).toMatchObject({ outcome: 'UNKNOWN', message: null });
    expect(first.data!.sendMessage!.chat.id).toBe(id);
    expect(first.errors).toEqual([
      expect.objectContaining({
        path: ['sendMessage', 'message'],
        message: expect.stringMatching(/Do not send it again with a new idempotencyKey/),
        extensions: expect.objectContaining({ code: 'SEND_OUTCOME_UNKNOWN' }),
      }),
    ]);
    expect(harness.calls('ofauth.sendMessage')).toBe(1);
    const again = await send(input);
    expect(again.data!.sendMessage).toMatchObject({ outcome: 'UNKNOWN', message: null });
    expect(codesOf(again)).toEqual(['SEND_OUTCOME_UNKNOWN']);
    expect(harness.calls('ofauth.sendMessage')).toBe(1);
    // The vendor did send it, once.
    const messages = await thread(id);
    expect(messages.filter((message) => message.text === input.text)).toHaveLength(1);
  });

  it('NOT_SENT (proven by the vendor) lets the same key send', async () => {
    const { account, id } = chatOf('onlyfansapi', 'onlyfans', 3);
    harness.sandbox.addFault({
      route: 'onlyfans.sendMessage',
      externalId: account.handle,
      kind: 'notSent',
      times: Number.POSITIVE_INFINITY,
    });
    const input = { chatId: id, text: 'Second time lucky', idempotencyKey: newKey() };
    const first = await send(input);
    expect(first.data!.sendMessage).toMatchObject({ outcome: 'NOT_SENT', message: null });
    expect(first.errors).toEqual([
      expect.objectContaining({
        path: ['sendMessage', 'message'],
        extensions: expect.objectContaining({
          code: 'UPSTREAM_UNAVAILABLE',
          vendor: 'ONLYFANSAPI',
          connectedAccount: account.handle,
        }),
      }),
    ]);
    harness.sandbox.clearFaults();
    const again = await send(input);
    expect(again.errors).toBeUndefined();
    expect(again.data!.sendMessage!.outcome).toBe('SENT');
    const messages = await thread(id);
    expect(messages.filter((message) => message.text === input.text)).toHaveLength(1);
  });

  it('the same key for another message is refused, nothing sent', async () => {
    const { id } = chatOf('onlyfansapi', 'fansly', 2);
    const idempotencyKey = newKey();
    await send({ chatId: id, text: 'The first message', idempotencyKey });
    harness.sandbox.resetStats();
    const reused = await send({ chatId: id, text: 'Another message', idempotencyKey });
    expect(reused.data).toBeNull();
    expect(reused.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' },
      }),
    ]);
    expect(harness.calls()).toBe(0);
  });

  it("keeps each token's keys apart", async () => {
    const account = scopedAccount!;
    const chat = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!.chats[4]!;
    const id = listedChatId(account, chat);
    const idempotencyKey = newKey();
    const mine = await send({ chatId: id, text: 'From the owner', idempotencyKey });
    const theirs = await send({ chatId: id, text: 'From the agency', idempotencyKey }, SCOPED);
    expect(mine.data!.sendMessage!.outcome).toBe('SENT');
    expect(theirs.data!.sendMessage!.outcome).toBe('SENT');
    expect(harness.calls('onlyfans.sendMessage')).toBe(2);
  });

  describe('refuses bad input before any vendor call', () => {
    const base = () => ({
      chatId: chatOf('onlyfansapi', 'onlyfans', 5).id,
      text: 'Hi',
      idempotencyKey: newKey(),
    });
    const otherChatMessage = () => {
      const { account, chat } = chatOf('onlyfansapi', 'onlyfans', 6);
      return encodeGlobalId(
        'Message',
        localId(account.handle, chat.id, chat.partner.id, chat.messages[0]!.id),
      );
    };
    const cases: Array<[string, () => Record<string, unknown>, string]> = [
      ['empty text without media', () => ({ ...base(), text: '' }), 'text'],
      ['whitespace text without media', () => ({ ...base(), text: ' \n\t ' }), 'text'],
      ['text over 10,000 characters', () => ({ ...base(), text: 'x'.repeat(10_001) }), 'text'],
      ['a price under $3', () => ({ ...base(), price: 2, mediaIds: ['1'] }), 'price'],
      ['a price over $200', () => ({ ...base(), price: 250, mediaIds: ['1'] }), 'price'],
      ['a negative price', () => ({ ...base(), price: -5, mediaIds: ['1'] }), 'price'],
      ['a price finer than cents', () => ({ ...base(), price: 5.001, mediaIds: ['1'] }), 'price'],
      ['a price without media', () => ({ ...base(), price: 10 }), 'price'],
      ['an empty key', () => ({ ...base(), idempotencyKey: '' }), 'idempotencyKey'],
      [
        'a key over 255 characters',
        () => ({ ...base(), idempotencyKey: 'k'.repeat(256) }),
        'idempotencyKey',
      ],
      ['a key not printable ASCII', () => ({ ...base(), idempotencyKey: 'clé' }), 'idempotencyKey'],
      ['a key with a newline', () => ({ ...base(), idempotencyKey: 'a\nb' }), 'idempotencyKey'],
      ['an empty media id', () => ({ ...base(), mediaIds: [''] }), 'mediaIds'],
      ['a malformed chat id', () => ({ ...base(), chatId: 'not-an-id' }), 'chatId'],
      [
        'the id of something else',
        () => ({ ...base(), chatId: encodeGlobalId('ConnectedAccount', scopedAccount!.handle) }),
        'chatId',
      ],
      [
        'a chat of an account not connected here',
        () => ({ ...base(), chatId: encodeGlobalId('Chat', localId('acct_nowhere', '1', '1')) }),
        'chatId',
      ],
      [
        'a reply to a message of another chat',
        () => ({ ...base(), replyToMessageId: otherChatMessage() }),
        'replyToMessageId',
      ],
    ];
    it.each(cases)('%s', async (_name, input, field) => {
      const answer = await send(input());
      expect(answer.data).toBeNull();
      expect(answer.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(`"${field}"`),
          extensions: { code: 'BAD_USER_INPUT', field },
        }),
      ]);
      expect(harness.calls()).toBe(0);
    });

    it('more media than the vendor takes, and a price where it takes none', async () => {
      for (const [vendor, platform] of VENDORS) {
        const { account, id } = chatOf(vendor, platform, 5);
        const writes = writesOf(account);
        const tooMany = Array.from({ length: writes.maxMediaPerMessage + 1 }, (_, n) => `${n + 1}`);
        const media = await send({
          chatId: id,
          text: 'Hi',
          mediaIds: tooMany,
          idempotencyKey: newKey(),
        });
        expect(media.errors?.[0]?.extensions).toEqual({
          code: 'BAD_USER_INPUT',
          field: 'mediaIds',
        });
        if (!writes.paidMessages) {
          const paid = await send({
            chatId: id,
            text: 'Hi',
            price: 10,
            mediaIds: ['1'],
            idempotencyKey: newKey(),
          });
          expect(paid.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'price' });
        }
      }
      expect(harness.calls()).toBe(0);
    });
  });

  it("a chat outside the token's scope answers as one that does not exist, with no call", async () => {
    const foreign = listedChatId(foreignAccount!, foreignAccount!.chats[0]!);
    const nowhere = encodeGlobalId('Chat', localId('acct_nowhere', '1', '1'));
    const input = { text: 'Hi', idempotencyKey: newKey() };
    const outside = await send({ ...input, chatId: foreign }, SCOPED);
    const missing = await send({ ...input, chatId: nowhere }, SCOPED);
    expect(outside).toEqual(missing);
    expect(outside.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'chatId' });
    expect(harness.calls()).toBe(0);
  });
});

const MARK_READ = /* GraphQL */ `
  mutation ($chatId: ID!) { markChatRead(input: { chatId: $chatId }) { chat { id unreadCount } } }
`;

/** An account's chats in the inbox, newest first, with their unread counts. */
async function listedUnread(account: SandboxAccount): Promise<Map<string, number>> {
  const answer = await harness.query<{
    inbox: { edges: Array<{ node: { id: string; unreadCount: number } }> };
  }>(
    'query ($ids: [ID!]) { inbox(first: 20, accountIds: $ids) { edges { node { id unreadCount } } } }',
    { ids: [encodeGlobalId('ConnectedAccount', account.handle)] },
    { authorization: `Bearer ${OWNER}` },
  );
  expect(answer.errors).toBeUndefined();
  return new Map(answer.data!.inbox.edges.map(({ node }) => [node.id, node.unreadCount]));
}

/** The newest chat of an account with unread messages, among its first 20. */
function unreadChat(
  vendor: SandboxVendor,
  platform: SandboxPlatform,
): {
  account: SandboxAccount;
  chat: SandboxChat;
  id: string;
} {
  const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
  const chat = account.chats.slice(10, 20).find((candidate) => candidate.unreadCount > 0)!;
  return { account, chat, id: listedChatId(account, chat) };
}

describe('markChatRead', () => {
  it.each([
    ['onlyfansapi', 'onlyfans', ['onlyfans.markRead']],
    ['onlyfansapi', 'fansly', ['fansly.messages', 'fansly.ack']],
  ] as const)(
    'on %s · %s: the chat reads 0 unread, now and in a later list',
    async (vendor, platform, routes) => {
      const { account, id } = unreadChat(vendor, platform);
      expect((await listedUnread(account)).get(id)).toBeGreaterThan(0);
      harness.sandbox.resetStats();
      const answer = await harness.query(
        MARK_READ,
        { chatId: id },
        { authorization: `Bearer ${OWNER}` },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ markChatRead: { chat: { id, unreadCount: 0 } } });
      expect(harness.calls()).toBeLessThanOrEqual(2);
      expect(harness.calls(routes.at(-1)!)).toBe(1);
      expect(answer.extensions?.cost?.upstreamCalls).toBe(harness.calls());
      expect((await listedUnread(account)).get(id)).toBe(0);
    },
  );

  it('on OFAuth answers NOT_SUPPORTED without a call', async () => {
    const { id } = chatOf('ofauth', 'onlyfans', 0);
    const answer = await harness.query(
      MARK_READ,
      { chatId: id },
      { authorization: `Bearer ${OWNER}` },
    );
    expect(answer.data).toBeNull();
    expect(codesOf(answer)).toEqual(['NOT_SUPPORTED']);
    expect(harness.calls()).toBe(0);
  });
});

const UNSEND = /* GraphQL */ `
  mutation ($messageId: ID!) { unsendMessage(input: { messageId: $messageId }) { messageId unsent } }
`;

describe('unsendMessage', () => {
  describe.each(VENDORS)('on %s · %s', (vendor, platform, prefix) => {
    it('unsends a message just sent (where the vendor can), and the thread no longer has it', async () => {
      const { account, id } = chatOf(vendor, platform, 7);
      const text = `To be unsent on ${prefix}`;
      const sent = await send({ chatId: id, text, idempotencyKey: newKey() });
      const messageId = sent.data!.sendMessage!.message!.id;
      harness.sandbox.resetStats();
      const answer = await harness.query(
        UNSEND,
        { messageId },
        { authorization: `Bearer ${OWNER}` },
      );
      if (!writesOf(account).unsendMessage) {
        expect(codesOf(answer)).toEqual(['NOT_SUPPORTED']);
        expect(harness.calls()).toBe(0);
        return;
      }
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ unsendMessage: { messageId, unsent: true } });
      expect(harness.calls()).toBe(1);
      expect(answer.extensions?.cost?.upstreamCalls).toBe(1);
      expect((await thread(id)).some((message) => message.id === messageId)).toBe(false);
    });
  });

  it('an unsend the vendor may have applied answers WRITE_OUTCOME_UNKNOWN', async () => {
    const { account, id } = chatOf('ofauth', 'onlyfans', 8);
    const sent = await send({ chatId: id, text: 'Unsend me, maybe', idempotencyKey: newKey() });
    const messageId = sent.data!.sendMessage!.message!.id;
    harness.sandbox.addFault({
      route: 'ofauth.deleteMessage',
      externalId: account.handle,
      kind: 'statusAfterWrite',
      status: 500,
    });
    harness.sandbox.resetStats();
    const answer = await harness.query(UNSEND, { messageId }, { authorization: `Bearer ${OWNER}` });
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/Doing it again is harmless/),
        extensions: expect.objectContaining({
          code: 'WRITE_OUTCOME_UNKNOWN',
          vendor: 'OFAUTH',
          route: 'ofauth.deleteMessage',
        }),
      }),
    ]);
    expect(harness.calls('ofauth.deleteMessage')).toBe(1);
  });

  it('an unsend the vendor refuses answers its error', async () => {
    const { account, chat } = chatOf('onlyfansapi', 'onlyfans', 9);
    const unknown = encodeGlobalId(
      'Message',
      localId(account.handle, chat.id, chat.partner.id, '1'),
    );
    const answer = await harness.query(
      UNSEND,
      { messageId: unknown },
      { authorization: `Bearer ${OWNER}` },
    );
    expect(answer.data).toBeNull();
    expect(codesOf(answer)).toEqual(['NOT_FOUND']);
    expect(harness.calls('onlyfans.deleteMessage')).toBe(1);
  });

  it("a message outside the token's scope answers as one that does not exist, with no call", async () => {
    const chat = foreignAccount!.chats[0]!;
    const foreign = encodeGlobalId(
      'Message',
      localId(foreignAccount!.handle, chat.id, chat.partner.id, chat.messages.at(-1)!.id),
    );
    const nowhere = encodeGlobalId('Message', localId('acct_nowhere', '1', '1', '1'));
    const headers = { authorization: `Bearer ${SCOPED}` };
    const outside = await harness.query(UNSEND, { messageId: foreign }, headers);
    const missing = await harness.query(UNSEND, { messageId: nowhere }, headers);
    expect(outside).toEqual(missing);
    expect(codesOf(outside)).toEqual(['BAD_USER_INPUT']);
    expect(harness.calls()).toBe(0);
  });
});

describe('Chat.capabilities', () => {
  it("tells what each vendor's chats allow, at no vendor call", async () => {
    const listed = await harness.query<{
      connectedAccounts: Array<{
        externalId: string;
        chats: {
          edges: Array<{
            node: { canSendMessage: boolean | null; capabilities: Record<string, boolean> };
          }>;
        };
      }>;
    }>(
      '{ connectedAccounts { externalId chats(first: 5) { edges { node { canSendMessage capabilities { canSendMessage canSendPaidMessage canMarkRead canUnsend } } } } } }',
      {},
      { authorization: `Bearer ${OWNER}` },
    );
    expect(listed.errors).toBeUndefined();
    // One chat list per account, nothing more.
    expect(harness.calls()).toBe(harness.sandbox.dataset.accounts.length);
    for (const account of listed.data!.connectedAccounts) {
      const writes = harness.connectedAccounts.byExternalId.get(account.externalId)!.adapter
        .capabilities.writes;
      for (const { node } of account.chats.edges) {
        // A chat whose list entry says no message can be sent allows none.
        const canSend = writes.sendMessage && node.canSendMessage !== false;
        expect(node.capabilities).toEqual({
          canSendMessage: canSend,
          canSendPaidMessage: canSend && writes.paidMessages,
          canMarkRead: writes.markRead,
          canUnsend: writes.unsendMessage,
        });
      }
    }
  });
});

describe('the cost estimate', () => {
  const estimate = (source: string) => {
    const document = parse(source);
    const unbounded = Number.POSITIVE_INFINITY;
    return measureOperation(
      schema,
      document,
      getOperationAST(document)!,
      {},
      {
        maxDepth: unbounded,
        maxAliases: unbounded,
        maxCost: unbounded,
        maxUpstreamCalls: unbounded,
      },
    ).upstreamCalls;
  };

  it('prices each write by the vendor calls it makes at most', () => {
    const input = 'input: { chatId: "x", text: "x", idempotencyKey: "x" }';
    expect(estimate(`mutation { sendMessage(${input}) { outcome } }`)).toBe(1);
    expect(estimate('mutation { markChatRead(input: { chatId: "x" }) { chat { id } } }')).toBe(2);
    expect(estimate('mutation { unsendMessage(input: { messageId: "x" }) { unsent } }')).toBe(1);
    // The payload's chat is priced as a chat known by its id: an upper bound.
    expect(estimate(SEND)).toBeGreaterThanOrEqual(1);
    expect(estimate(MARK_READ)).toBeGreaterThanOrEqual(2);
  });
});

describe('over HTTP', () => {
  it('a mutation sent with GET is refused, nothing sent', async () => {
    const { id } = chatOf('onlyfansapi', 'onlyfans', 8);
    const query = `mutation { sendMessage(input: { chatId: "${id}", text: "via GET", idempotencyKey: "${newKey()}" }) { outcome } }`;
    const response = await harness.yoga.fetch(
      `http://chatgraph/graphql?query=${encodeURIComponent(query)}`,
      {
        method: 'GET',
        headers: {
          accept: 'application/graphql-response+json',
          authorization: `Bearer ${OWNER}`,
          'x-graphql-yoga-csrf': '1',
        },
      },
    );
    expect(response.status).toBe(405);
    const body = (await response.json()) as { errors: Array<{ extensions?: { code?: string } }> };
    expect(body.errors.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
    expect(harness.calls()).toBe(0);
  });
});
