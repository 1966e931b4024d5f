import { beforeAll, describe, expect, it } from 'vitest';
import {
  UpstreamForbiddenError,
  UpstreamInvalidResponseError,
  UpstreamNotFoundError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../../src/http/errors.ts';
import type { SandboxAccount } from '../../../src/sandbox/dataset-types.ts';
import { OfAuthClient } from '../../../src/vendors/ofauth/ofauth-client.ts';
import type { OfAuthProvider } from '../../../src/vendors/ofauth/ofauth-provider.ts';
import {
  expectEveryChatOnce,
  iso,
  longestChat,
  newestFirstIds,
  pageAllChats,
  pageAllMessages,
  SINGLE_ATTEMPT,
  useSandboxClient,
  withClient,
} from '../adapter-harness.ts';
import { closedPort, expectFailure } from '../upstream-assertions.ts';

const env = useSandboxClient(
  (sandbox) =>
    new OfAuthClient({ http: SINGLE_ATTEMPT, apiKey: sandbox.keys.ofauth, baseUrl: sandbox.url }),
);
const FIRST_TEN = { first: 10, offset: 0, order: 'RECENT' } as const;

let account: SandboxAccount;
let provider: OfAuthProvider;

beforeAll(() => {
  account = env.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
  provider = env.client.provider(account.handle);
});

describe('OfAuthProvider', () => {
  describe('capabilities', () => {
    it('filters unread chats and searches at the vendor', () => {
      expect(provider.capabilities).toEqual({ unreadFilter: 'vendor', search: 'vendor' });
      expect(provider.connectedAccount).toEqual({
        vendor: 'OFAUTH',
        platform: 'ONLYFANS',
        externalId: account.handle,
      });
    });
  });

  describe('listChats page sizes', () => {
    it('serves first=25 with two parallel calls (20 + 5)', async () => {
      const page = await provider.listChats({ first: 25, offset: 0, order: 'RECENT' });
      expect(page.items.map((chat) => chat.chatId)).toEqual(
        account.chats.slice(0, 25).map((chat) => chat.id),
      );
      expect(page.nextOffset).toBe(25);
      expect(env.calls('ofauth.chats')).toBe(2);
    });

    it('serves first=100 with five parallel calls of 20', async () => {
      const page = await provider.listChats({ first: 100, offset: 0, order: 'RECENT' });
      expect(page.items).toHaveLength(100);
      expect(env.calls('ofauth.chats')).toBe(5);
    });

    it('serves first=20 or less with one call', async () => {
      for (const first of [1, 13, 20]) {
        const page = await provider.listChats({ first, offset: 3, order: 'RECENT' });
        expect(page.items.map((chat) => chat.chatId)).toEqual(
          account.chats.slice(3, 3 + first).map((chat) => chat.id),
        );
      }
      expect(env.calls('ofauth.chats')).toBe(3);
    });
  });

  describe('listChats to exhaustion', () => {
    it.each([100, 25, 20, 7])('sees every chat exactly once with first=%i', async (first) => {
      await expectEveryChatOnce(provider, account.chats, first);
      const pages = Math.ceil(account.chats.length / first);
      expect(env.calls('ofauth.chats')).toBe(pages * Math.ceil(first / 20));
    });

    it('lists the oldest first with order OLDEST', async () => {
      await expectEveryChatOnce(provider, [...account.chats].reverse(), 100, { order: 'OLDEST' });
    });
  });

  describe('listChats filters', () => {
    it('asks the vendor for unread chats only', async () => {
      const chats = await pageAllChats(provider, 100, { unreadOnly: true });
      const expected = account.chats.filter((chat) => chat.unreadCount > 0);
      expect(expected.length).toBeGreaterThan(0);
      expect(chats.map((chat) => chat.chatId)).toEqual(expected.map((chat) => chat.id));
      for (const chat of chats) expect(chat.unreadCount).toBeGreaterThan(0);
    });

    it('passes the search to the vendor', async () => {
      const target = account.chats[11]!.partner;
      const chats = await pageAllChats(provider, 20, { search: target.username });
      expect(chats.map((chat) => chat.chatId)).toContain(target.id);
      expect(chats.length).toBeLessThan(account.chats.length);
    });
  });

  describe('chat conversion', () => {
    it('converts every chat against the dataset, partner left to users/list', async () => {
      const chats = await pageAllChats(provider, 100);
      for (const [index, chat] of chats.entries()) {
        const truth = account.chats[index]!;
        const last = truth.messages.at(-1);
        expect(chat).toMatchObject({
          connectedAccount: provider.connectedAccount,
          platform: 'ONLYFANS',
          chatId: truth.id,
          partnerId: truth.partner.id,
          partner: null,
          unreadCount: truth.unreadCount,
          lastActivityAt: last === undefined ? null : iso(last.createdAt),
        });
        if (last === undefined) {
          expect(chat.lastMessage).toBeNull();
        } else {
          expect(chat.lastMessage).toMatchObject({
            platformId: last.id,
            isFromCreator: last.fromCreator,
            price: last.price > 0 ? last.price : null,
          });
        }
      }
    });
  });

  describe('listMessages', () => {
    it('serves 50 messages with three parallel calls (20, 20, 10)', async () => {
      const chat = longestChat(account);
      const page = await provider.listMessages({
        chatId: chat.id,
        partnerId: chat.partner.id,
        first: 50,
      });
      expect(page.items.map((message) => message.platformId)).toEqual(
        newestFirstIds(chat).slice(0, 50),
      );
      expect(page.nextBefore).toBe(page.items.at(-1)?.platformId);
      expect(env.calls('ofauth.messages')).toBe(3);
    });

    it.each([50, 100, 20, 9])(
      'pages back with `before` (first=%i), each message once, in order',
      async (first) => {
        const chat = longestChat(account);
        const messages = await pageAllMessages(provider, chat, first);
        expect(messages.map((message) => message.platformId)).toEqual(newestFirstIds(chat));
        expect(env.calls('ofauth.messages')).toBe(
          Math.ceil(chat.messages.length / first) * Math.ceil(first / 20),
        );
      },
    );

    it('converts messages against the dataset', async () => {
      const chat = longestChat(account);
      const messages = await pageAllMessages(provider, chat, 100);
      const truth = [...chat.messages].reverse();
      let locked = 0;
      for (const [index, message] of messages.entries()) {
        const expected = truth[index]!;
        expect(message).toMatchObject({
          senderId: expected.fromCreator ? account.creator.id : chat.partner.id,
          isFromCreator: expected.fromCreator,
          createdAt: iso(expected.createdAt),
          price: expected.price > 0 ? expected.price : null,
        });
        const items = message.media.kind === 'inline' ? message.media.items : [];
        expect(items.map((item) => item.platformId)).toEqual(expected.media.map((item) => item.id));
        for (const [mediaIndex, item] of items.entries()) {
          const source = expected.media[mediaIndex]!;
          expect(item.type).toBe(source.type.toUpperCase());
          expect(item.isAccessible).toBe(!source.locked);
          if (source.locked) {
            locked += 1;
            expect(item.url).toBeNull();
          }
        }
      }
      expect(locked).toBeGreaterThan(0);
    });
  });

  describe('getUsers', () => {
    it('fetches 25 ids in three parallel calls of at most 10', async () => {
      const ids = account.chats.slice(0, 25).map((chat) => chat.partner.id);
      const users = await provider.getUsers(ids);
      expect([...users.keys()].sort()).toEqual([...ids].sort());
      const truth = account.chats[0]!.partner;
      expect(users.get(truth.id)).toMatchObject({
        platform: 'ONLYFANS',
        platformId: truth.id,
        username: truth.username,
        isVerified: truth.isVerified,
      });
      expect(env.calls('ofauth.users')).toBe(3);
    });

    it('leaves unknown ids out', async () => {
      const known = account.chats[0]!.partner.id;
      const users = await provider.getUsers(['1', known, known]);
      expect([...users.keys()]).toEqual([known]);
      expect(env.calls('ofauth.users')).toBe(1);
    });
  });

  describe('the creator id', () => {
    it('is read once from the connections list for a client', async () => {
      const fresh = new OfAuthClient({
        http: SINGLE_ATTEMPT,
        apiKey: env.sandbox.keys.ofauth,
        baseUrl: env.sandbox.url,
      });
      await withClient(fresh, async () => {
        const freshProvider = fresh.provider(account.handle);
        await Promise.all([
          freshProvider.listChats({ first: 40, offset: 0, order: 'RECENT' }),
          freshProvider.listChats({ first: 10, offset: 40, order: 'RECENT' }),
        ]);
        expect(env.calls('ofauth.connections')).toBe(1);
        expect(await fresh.creatorUserId(account.handle)).toBe(account.creator.id);
      });
    });
  });

  describe('vendor shapes', () => {
    it('accepts a bare array from users/list', async () => {
      env.sandbox.addFault({
        route: 'ofauth.users',
        kind: 'status',
        status: 200,
        body: [{ id: 77, username: 'seven', name: 'Seven &amp; co', avatar: null }],
      });
      const users = await provider.getUsers(['77']);
      expect(users.get('77')).toMatchObject({
        platformId: '77',
        username: 'seven',
        displayName: 'Seven &amp; co',
        avatarUrl: null,
        isVerified: null,
      });
    });

    it('reads a message whose fromUser is {id, name}, with an unknown media type', async () => {
      env.sandbox.addFault({
        route: 'ofauth.messages',
        kind: 'status',
        status: 200,
        body: {
          list: [
            {
              id: 1800000000002,
              text: 'Hi&nbsp;there<br>you',
              fromUser: { id: Number(account.creator.id), name: 'Creator' },
              media: [{ id: 5, type: 'sticker', canView: true, isReady: true }],
              previews: [],
              createdAt: '2025-02-02T02:02:02+00:00',
            },
          ],
          hasMore: false,
        },
      });
      const page = await provider.listMessages({ chatId: '42', partnerId: '42', first: 10 });
      expect(page.nextBefore).toBeNull();
      expect(page.items[0]).toMatchObject({
        platformId: '1800000000002',
        senderId: account.creator.id,
        isFromCreator: true,
        text: 'Hi\u00a0there\nyou',
        isFree: true,
        price: null,
        createdAt: '2025-02-02T02:02:02.000Z',
      });
      const media = page.items[0]!.media;
      expect(media.kind === 'inline' && media.items[0]).toMatchObject({
        type: 'OTHER',
        url: null,
        isAccessible: true,
      });
    });

    it.each([
      ['list is not an array', { list: { 0: 'x' }, hasMore: false }],
      ['list is missing', { data: [] }],
      ['a chat has no withUser', { list: [{ unreadMessagesCount: 1 }], hasMore: false }],
    ])('answers UpstreamInvalidResponseError when %s', async (_, body) => {
      env.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 200, body });
      await expectFailure(() => provider.listChats(FIRST_TEN), {
        type: UpstreamInvalidResponseError,
        route: 'ofauth.chats',
        externalId: account.handle,
        status: 200,
        apiKey: env.sandbox.keys.ofauth,
      });
    });
  });

  describe('errors', () => {
    const apiKey = () => env.sandbox.keys.ofauth;

    it.each([
      [401, UpstreamUnauthenticatedError],
      [403, UpstreamForbiddenError],
      [404, UpstreamNotFoundError],
      [503, UpstreamUnavailableError],
    ] as const)('maps a scripted %i on ofauth.chats', async (status, type) => {
      env.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status });
      await expectFailure(() => provider.listChats(FIRST_TEN), {
        type,
        route: 'ofauth.chats',
        externalId: account.handle,
        status,
        apiKey: apiKey(),
      });
    });

    it('maps a 429 with Retry-After on ofauth.messages', async () => {
      env.sandbox.addFault({
        route: 'ofauth.messages',
        kind: 'status',
        status: 429,
        retryAfter: 3,
      });
      const chat = account.chats[0]!;
      const error = await expectFailure(
        () => provider.listMessages({ chatId: chat.id, partnerId: chat.partner.id, first: 10 }),
        {
          type: UpstreamRateLimitedError,
          route: 'ofauth.messages',
          externalId: account.handle,
          status: 429,
          apiKey: apiKey(),
        },
      );
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(3);
    });

    it('maps a 403 on ofauth.users', async () => {
      env.sandbox.addFault({ route: 'ofauth.users', kind: 'status', status: 403 });
      await expectFailure(() => provider.getUsers([account.chats[0]!.partner.id]), {
        type: UpstreamForbiddenError,
        route: 'ofauth.users',
        externalId: account.handle,
        status: 403,
        apiKey: apiKey(),
      });
    });

    it('answers a wrong key with UpstreamUnauthenticatedError that does not carry the key', async () => {
      const wrongKey = 'ofauth_wrong_key_0000_do_not_leak';
      const wrong = new OfAuthClient({
        http: SINGLE_ATTEMPT,
        apiKey: wrongKey,
        baseUrl: env.sandbox.url,
      });
      await withClient(wrong, () =>
        expectFailure(
          () => wrong.provider(account.handle, { creatorUserId: null }).listChats(FIRST_TEN),
          {
            type: UpstreamUnauthenticatedError,
            route: 'ofauth.chats',
            externalId: account.handle,
            status: 401,
            apiKey: wrongKey,
          },
        ),
      );
    });

    it('times out on a hanging vendor', async () => {
      const impatient = new OfAuthClient({
        http: SINGLE_ATTEMPT,
        apiKey: apiKey(),
        baseUrl: env.sandbox.url,
        timeoutMs: 300,
      });
      env.sandbox.addFault({ route: 'ofauth.messages', kind: 'hang' });
      const chat = account.chats[0]!;
      await withClient(impatient, () =>
        expectFailure(
          () =>
            impatient
              .provider(account.handle, { creatorUserId: account.creator.id })
              .listMessages({ chatId: chat.id, partnerId: chat.partner.id, first: 10 }),
          {
            type: UpstreamTimeoutError,
            route: 'ofauth.messages',
            externalId: account.handle,
            status: null,
            apiKey: apiKey(),
          },
        ),
      );
    });

    it.each(['malformed', 'truncate'] as const)(
      'answers a %s body with UpstreamInvalidResponseError',
      async (kind) => {
        env.sandbox.addFault({ route: 'ofauth.chats', kind });
        await expectFailure(() => provider.listChats(FIRST_TEN), {
          type: UpstreamInvalidResponseError,
          route: 'ofauth.chats',
          externalId: account.handle,
          status: 200,
          apiKey: apiKey(),
        });
      },
    );

    it('answers a closed port with UpstreamUnavailableError', async () => {
      const port = await closedPort();
      const offline = new OfAuthClient({
        http: SINGLE_ATTEMPT,
        apiKey: apiKey(),
        baseUrl: `http://127.0.0.1:${port}`,
      });
      await withClient(offline, () =>
        expectFailure(
          () => offline.provider(account.handle, { creatorUserId: null }).listChats(FIRST_TEN),
          {
            type: UpstreamUnavailableError,
            route: 'ofauth.chats',
            externalId: account.handle,
            status: null,
            apiKey: apiKey(),
          },
        ),
      );
    });
  });
});
