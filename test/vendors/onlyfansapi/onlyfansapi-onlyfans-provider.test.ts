import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../src/domain.ts';
import {
  UpstreamForbiddenError,
  UpstreamInvalidResponseError,
  UpstreamNotFoundError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../../src/http/errors.ts';
import type { UpstreamCallEvent } from '../../../src/http/vendor-http.ts';
import { messageText } from '../../../src/sandbox/content.ts';
import type { SandboxAccount, SandboxChat } from '../../../src/sandbox/dataset-types.ts';
import { OnlyFansApiClient } from '../../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import type { OnlyFansApiOnlyFansProvider } from '../../../src/vendors/onlyfansapi/onlyfansapi-onlyfans-provider.ts';
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
import { caught, closedPort, expectFailure } from '../upstream-assertions.ts';

const env = useSandboxClient(
  (sandbox) =>
    new OnlyFansApiClient({
      http: SINGLE_ATTEMPT,
      apiKey: sandbox.keys.onlyfansapi,
      baseUrl: sandbox.url,
    }),
);
const FIRST_TEN = { first: 10, offset: 0, order: 'RECENT' } as const;

let account: SandboxAccount;
let provider: OnlyFansApiOnlyFansProvider;

beforeAll(() => {
  account = env.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
  provider = env.client.onlyFansProvider(account.handle);
});

describe('OnlyFansApiOnlyFansProvider', () => {
  describe('capabilities', () => {
    it('searches at the vendor and leaves unread filtering to the gateway', () => {
      expect(provider.capabilities).toEqual({ unreadFilter: 'gateway', search: 'vendor' });
      expect(provider.connectedAccount).toEqual({
        vendor: 'ONLYFANSAPI',
        platform: 'ONLYFANS',
        externalId: account.handle,
      });
    });
  });

  describe('listChats page sizes', () => {
    it('serves first=25 with one call of 30, cut to 25', async () => {
      const page = await provider.listChats({ first: 25, offset: 0, order: 'RECENT' });
      expect(page.items.map((chat) => chat.chatId)).toEqual(
        account.chats.slice(0, 25).map((chat) => chat.id),
      );
      expect(page.nextOffset).toBe(25);
      expect(env.calls('onlyfans.chats')).toBe(1);
    });

    it('serves first=100 with four parallel calls (30, 30, 30, 10)', async () => {
      const page = await provider.listChats({ first: 100, offset: 0, order: 'RECENT' });
      expect(page.items).toHaveLength(100);
      expect(page.nextOffset).toBe(100);
      expect(env.calls('onlyfans.chats')).toBe(4);
    });

    it('serves first=10, 20 and 30 with one call each', async () => {
      for (const first of [10, 20, 30]) {
        const page = await provider.listChats({ first, offset: 5, order: 'RECENT' });
        expect(page.items.map((chat) => chat.chatId)).toEqual(
          account.chats.slice(5, 5 + first).map((chat) => chat.id),
        );
      }
      expect(env.calls('onlyfans.chats')).toBe(3);
    });
  });

  describe('listChats to exhaustion', () => {
    it.each([100, 25, 30, 7])('sees every chat exactly once with first=%i', async (first) => {
      await expectEveryChatOnce(provider, account.chats, first);
      const perPage = first === 100 ? 4 : 1;
      expect(env.calls('onlyfans.chats')).toBe(Math.ceil(account.chats.length / first) * perPage);
    });

    it('lists the oldest first with order OLDEST', async () => {
      await expectEveryChatOnce(provider, [...account.chats].reverse(), 100, { order: 'OLDEST' });
    });

    it('pages the second account too, with ceil(N / 100) × 4 calls', async () => {
      const second = env.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[1]!;
      const chats = await pageAllChats(env.client.onlyFansProvider(second.handle), 100);
      expect(chats.map((chat) => chat.chatId)).toEqual(second.chats.map((chat) => chat.id));
      expect(env.calls('onlyfans.chats')).toBe(Math.ceil(second.chats.length / 100) * 4);
    });
  });

  describe('listChats filters', () => {
    it('passes the search to the vendor', async () => {
      const target = account.chats[7]!.partner;
      const chats = await pageAllChats(provider, 30, { search: target.username });
      expect(chats.map((chat) => chat.chatId)).toContain(target.id);
      for (const chat of chats) {
        const haystack = `${chat.partner?.username} ${chat.partner?.displayName}`.toLowerCase();
        expect(haystack).toContain(target.username.toLowerCase());
      }
    });

    it('ignores unreadOnly: the gateway filters', async () => {
      const page = await provider.listChats({
        first: 30,
        offset: 0,
        order: 'RECENT',
        unreadOnly: true,
      });
      expect(page.items.map((chat) => chat.chatId)).toEqual(
        account.chats.slice(0, 30).map((chat) => chat.id),
      );
    });
  });

  describe('chat conversion', () => {
    it('converts every chat of the account against the dataset', async () => {
      const chats = await pageAllChats(provider, 100);
      for (const [index, chat] of chats.entries()) {
        const truth = account.chats[index]!;
        const last = truth.messages.at(-1);
        expect(chat).toMatchObject({
          connectedAccount: provider.connectedAccount,
          platform: 'ONLYFANS',
          chatId: truth.id,
          partnerId: truth.partner.id,
          unreadCount: truth.unreadCount,
          canSendMessage: true,
          lastActivityAt: last === undefined ? null : iso(last.createdAt),
        });
        expect(chat.partner).toMatchObject({
          platformId: truth.partner.id,
          username: truth.partner.username,
          isVerified: truth.partner.isVerified,
        });
        expect(typeof chat.chatId).toBe('string');
        if (last === undefined) {
          expect(chat.lastMessage).toBeNull();
        } else {
          expect(chat.lastMessage).toMatchObject({
            platformId: last.id,
            isFromCreator: last.fromCreator,
            createdAt: iso(last.createdAt),
          });
        }
      }
    });
  });

  describe('listMessages', () => {
    it('answers the newest messages first, in one call', async () => {
      const chat = longestChat(account);
      const page = await provider.listMessages({
        chatId: chat.id,
        partnerId: chat.partner.id,
        first: 10,
      });
      expect(page.items.map((message) => message.platformId)).toEqual(
        newestFirstIds(chat).slice(0, 10),
      );
      expect(page.nextBefore).toBe(page.items.at(-1)?.platformId);
      expect(env.calls('onlyfans.messages')).toBe(1);
    });

    it('pages back through a long chat with `before`, each message once, in order', async () => {
      const chat = longestChat(account);
      const messages = await pageAllMessages(provider, chat, 100);
      expect(messages.map((message) => message.platformId)).toEqual(newestFirstIds(chat));
      expect(env.calls('onlyfans.messages')).toBe(Math.ceil(chat.messages.length / 100));
    });

    it('pages a chat with an odd page size', async () => {
      const chat = account.chats.find((candidate) => candidate.messages.length > 30)!;
      const messages = await pageAllMessages(provider, chat, 7);
      expect(messages.map((message) => message.platformId)).toEqual(newestFirstIds(chat));
    });

    it('answers an empty page for an empty chat', async () => {
      const empty = account.chats.find((chat) => chat.messages.length === 0);
      if (empty === undefined) return;
      const page = await provider.listMessages({
        chatId: empty.id,
        partnerId: empty.partner.id,
        first: 20,
      });
      expect(page).toMatchObject({ items: [], nextBefore: null });
    });
  });

  describe('message conversion', () => {
    let messages: MessageRecord[];
    let chat: SandboxChat;

    beforeAll(async () => {
      chat = longestChat(account);
      messages = await pageAllMessages(provider, chat, 100);
    });

    it('converts ids, senders, times and prices against the dataset', () => {
      const truth = [...chat.messages].reverse();
      for (const [index, message] of messages.entries()) {
        const expected = truth[index]!;
        expect(message).toMatchObject({
          platformId: expected.id,
          chatId: chat.id,
          partnerId: chat.partner.id,
          senderId: expected.fromCreator ? account.creator.id : chat.partner.id,
          isFromCreator: expected.fromCreator,
          createdAt: iso(expected.createdAt),
          isFree: expected.price === 0,
          price: expected.price > 0 ? expected.price : null,
        });
        expect(message.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(message.html).toBe(
          expected.tipAmount > 0 && messageText(expected.textId).html === ''
            ? `<p>I sent you a $${expected.tipAmount} tip ❤️</p>`
            : messageText(expected.textId).html,
        );
      }
    });

    it('decodes entities and line breaks into plain text', () => {
      const byHtml = (html: string) => messages.find((message) => message.html === html);
      const cases: [string, string][] = [
        ['<p>Tom &amp; Jerry say hi</p>', 'Tom & Jerry say hi'],
        ['<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', '<script>alert(1)</script>'],
        ['<p>5 &lt; 6 &amp;&amp; 7 &gt; 3</p>', '5 < 6 && 7 > 3'],
        ['<p>Line one<br>Line two<br />Line three</p>', 'Line one\nLine two\nLine three'],
      ];
      let found = 0;
      for (const [html, text] of cases) {
        const message = byHtml(html);
        if (message === undefined) continue;
        found += 1;
        expect(message.text).toBe(text);
      }
      expect(found).toBeGreaterThan(0);
      for (const message of messages) {
        expect(message.text).not.toMatch(/<\/?p>|&amp;|&lt;|&gt;/);
      }
    });

    it('converts media: types, locked urls, accessibility', () => {
      const truth = new Map(chat.messages.map((message) => [message.id, message]));
      let media = 0;
      let locked = 0;
      for (const message of messages) {
        const expected = truth.get(message.platformId)!;
        const items = message.media.kind === 'inline' ? message.media.items : [];
        expect(items.map((item) => item.platformId)).toEqual(expected.media.map((item) => item.id));
        for (const [index, item] of items.entries()) {
          const source = expected.media[index]!;
          media += 1;
          expect(item.type).toBe(source.type.toUpperCase());
          expect(item.isAccessible).toBe(!source.locked);
          if (source.locked) {
            locked += 1;
            expect(item.url).toBeNull();
          } else {
            expect(item.url).toMatch(/^https:\/\//);
          }
        }
      }
      expect(media).toBeGreaterThan(0);
      expect(locked).toBeGreaterThan(0);
    });
  });

  describe('getUsers', () => {
    it('fetches 25 ids in three parallel calls of at most 10', async () => {
      const ids = account.chats.slice(0, 25).map((chat) => chat.partner.id);
      const users = await provider.getUsers(ids);
      expect([...users.keys()].sort()).toEqual([...ids].sort());
      expect(users.get(ids[0]!)).toMatchObject({
        platform: 'ONLYFANS',
        platformId: ids[0],
        username: account.chats[0]!.partner.username,
      });
      expect(env.calls('onlyfans.users')).toBe(3);
    });

    it('leaves unknown ids out and makes no call for no ids', async () => {
      const users = await provider.getUsers(['1', account.chats[0]!.partner.id]);
      expect([...users.keys()]).toEqual([account.chats[0]!.partner.id]);
      expect((await provider.getUsers([])).size).toBe(0);
      expect(env.calls('onlyfans.users')).toBe(1);
    });
  });

  describe('the creator id', () => {
    const freshClient = () =>
      new OnlyFansApiClient({
        http: SINGLE_ATTEMPT,
        apiKey: env.sandbox.keys.onlyfansapi,
        baseUrl: env.sandbox.url,
      });

    it('is read once from /api/accounts for a client, however many pages follow', async () => {
      await withClient(freshClient(), async (fresh) => {
        const freshProvider = fresh.onlyFansProvider(account.handle);
        await Promise.all([
          freshProvider.listChats({ first: 10, offset: 0, order: 'RECENT' }),
          freshProvider.listChats({ first: 10, offset: 10, order: 'RECENT' }),
        ]);
        await freshProvider.listChats({ first: 10, offset: 20, order: 'RECENT' });
        expect(env.calls('onlyfansapi.accounts')).toBe(1);
        expect(await fresh.creatorUserId(account.handle)).toBe(account.creator.id);
      });
    });

    it('costs no call at all when given to the provider', async () => {
      await withClient(freshClient(), async (fresh) => {
        const freshProvider = fresh.onlyFansProvider(account.handle, {
          creatorUserId: account.creator.id,
        });
        await freshProvider.listChats({ first: 10, offset: 0, order: 'RECENT' });
        expect(env.calls('onlyfansapi.accounts')).toBe(0);
      });
    });

    it('does not fail a page when the accounts list fails', async () => {
      await withClient(freshClient(), async (fresh) => {
        env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'status', status: 503 });
        const chat = longestChat(account);
        const page = await fresh.onlyFansProvider(account.handle).listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 50,
        });
        const truth = [...chat.messages].reverse();
        expect(page.items.map((message) => message.isFromCreator)).toEqual(
          truth.slice(0, 50).map((message) => message.fromCreator),
        );
      });
    });
  });

  describe('observer', () => {
    it('is told of every vendor call with its credits', async () => {
      const events: UpstreamCallEvent[] = [];
      await provider.listChats({
        first: 100,
        offset: 0,
        order: 'RECENT',
        observer: (event) => events.push(event),
      });
      expect(events.filter((event) => event.route === 'onlyfans.chats')).toHaveLength(4);
      for (const event of events) {
        expect(event).toMatchObject({ vendor: 'ONLYFANSAPI', status: 200, errorCode: null });
      }
    });
  });

  describe('vendor shapes', () => {
    const fakeMessage = {
      id: 1700000000001,
      text: '<p>caf&eacute; &#x1F600;</p>',
      fromUser: { id: 42, _view: 'i' },
      isFree: false,
      price: '12.50',
      createdAt: '2025-06-01T12:00:00.5+02:00',
      media: [
        { id: 9001, type: 'hologram', canView: true, files: { full: { url: 'https://x/y' } } },
        { id: 9002, type: 'video', canView: false, files: { full: { url: null } } },
      ],
      previews: [],
    };

    it('accepts the older {data: {list, hasMore}} messages shape', async () => {
      env.sandbox.addFault({
        route: 'onlyfans.messages',
        kind: 'status',
        status: 200,
        body: { data: { list: [fakeMessage], hasMore: true } },
      });
      const page = await provider.listMessages({ chatId: '42', partnerId: '42', first: 10 });
      expect(page.items).toHaveLength(1);
      expect(page.nextBefore).toBe('1700000000001');
      expect(page.items[0]).toMatchObject({
        platformId: '1700000000001',
        text: 'café 😀',
        html: '<p>caf&eacute; &#x1F600;</p>',
        createdAt: '2025-06-01T10:00:00.500Z',
        isFree: false,
        price: 12.5,
        isFromCreator: false,
      });
      const media = page.items[0]!.media;
      expect(media.kind === 'inline' && media.items.map((item) => [item.type, item.url])).toEqual([
        ['OTHER', 'https://x/y'],
        ['VIDEO', null],
      ]);
    });

    it.each([
      ['data is not an array', { data: 'nope' }],
      ['data is missing', { items: [] }],
      [
        'a chat has no fan id',
        { data: [{ fan: { name: 'x' } }], _pagination: { next_page: null } },
      ],
      ['the body is a bare array', [1, 2, 3]],
    ])('answers UpstreamInvalidResponseError when %s', async (_, body) => {
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 200, body });
      await expectFailure(() => provider.listChats(FIRST_TEN), {
        type: UpstreamInvalidResponseError,
        route: 'onlyfans.chats',
        externalId: account.handle,
        status: 200,
        apiKey: env.sandbox.keys.onlyfansapi,
      });
    });

    it('answers UpstreamInvalidResponseError when users/list data is not an object', async () => {
      env.sandbox.addFault({
        route: 'onlyfans.users',
        kind: 'status',
        status: 200,
        body: { data: 'x' },
      });
      const error = await caught(() => provider.getUsers(['1']));
      expect(error).toBeInstanceOf(UpstreamInvalidResponseError);
    });
  });

  describe('errors', () => {
    const apiKey = () => env.sandbox.keys.onlyfansapi;

    it.each([
      [401, UpstreamUnauthenticatedError],
      [403, UpstreamForbiddenError],
      [404, UpstreamNotFoundError],
      [503, UpstreamUnavailableError],
    ] as const)('maps a scripted %i on onlyfans.chats', async (status, type) => {
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status });
      await expectFailure(() => provider.listChats(FIRST_TEN), {
        type,
        route: 'onlyfans.chats',
        externalId: account.handle,
        status,
        apiKey: apiKey(),
      });
    });

    it('maps a 429 with Retry-After on onlyfans.messages', async () => {
      env.sandbox.addFault({
        route: 'onlyfans.messages',
        kind: 'status',
        status: 429,
        retryAfter: 7,
      });
      const chat = account.chats[0]!;
      const error = await expectFailure(
        () => provider.listMessages({ chatId: chat.id, partnerId: chat.partner.id, first: 10 }),
        {
          type: UpstreamRateLimitedError,
          route: 'onlyfans.messages',
          externalId: account.handle,
          status: 429,
          apiKey: apiKey(),
        },
      );
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(7);
      expect((error as UpstreamRateLimitedError).isRetryable).toBe(true);
    });

    it('maps a 404 on onlyfans.users', async () => {
      env.sandbox.addFault({ route: 'onlyfans.users', kind: 'status', status: 404 });
      await expectFailure(() => provider.getUsers([account.chats[0]!.partner.id]), {
        type: UpstreamNotFoundError,
        route: 'onlyfans.users',
        externalId: account.handle,
        status: 404,
        apiKey: apiKey(),
      });
    });

    it('answers a wrong key with UpstreamUnauthenticatedError that does not carry the key', async () => {
      const wrongKey = 'ofapi_wrong_key_0000_do_not_leak';
      const wrong = new OnlyFansApiClient({
        http: SINGLE_ATTEMPT,
        apiKey: wrongKey,
        baseUrl: env.sandbox.url,
      });
      await withClient(wrong, () =>
        expectFailure(
          () =>
            wrong.onlyFansProvider(account.handle, { creatorUserId: null }).listChats(FIRST_TEN),
          {
            type: UpstreamUnauthenticatedError,
            route: 'onlyfans.chats',
            externalId: account.handle,
            status: 401,
            apiKey: wrongKey,
          },
        ),
      );
    });

    it('times out on a hanging vendor', async () => {
      const impatient = new OnlyFansApiClient({
        http: SINGLE_ATTEMPT,
        apiKey: apiKey(),
        baseUrl: env.sandbox.url,
        timeoutMs: 300,
      });
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'hang' });
      await withClient(impatient, () =>
        expectFailure(
          () =>
            impatient
              .onlyFansProvider(account.handle, { creatorUserId: account.creator.id })
              .listChats(FIRST_TEN),
          {
            type: UpstreamTimeoutError,
            route: 'onlyfans.chats',
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
        env.sandbox.addFault({ route: 'onlyfans.messages', kind });
        const chat = account.chats[0]!;
        await expectFailure(
          () => provider.listMessages({ chatId: chat.id, partnerId: chat.partner.id, first: 10 }),
          {
            type: UpstreamInvalidResponseError,
            route: 'onlyfans.messages',
            externalId: account.handle,
            status: 200,
            apiKey: apiKey(),
          },
        );
      },
    );

    it('answers a closed port with UpstreamUnavailableError', async () => {
      const port = await closedPort();
      const offline = new OnlyFansApiClient({
        http: SINGLE_ATTEMPT,
        apiKey: apiKey(),
        baseUrl: `http://127.0.0.1:${port}`,
      });
      await withClient(offline, () =>
        expectFailure(
          () =>
            offline.onlyFansProvider(account.handle, { creatorUserId: null }).listChats(FIRST_TEN),
          {
            type: UpstreamUnavailableError,
            route: 'onlyfans.chats',
            externalId: account.handle,
            status: null,
            apiKey: apiKey(),
          },
        ),
      );
    });

    it('fails the whole window when one of its parallel calls fails', async () => {
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 503, times: 1 });
      const error = await caught(() =>
        provider.listChats({ first: 100, offset: 0, order: 'RECENT' }),
      );
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
    });
  });
});
