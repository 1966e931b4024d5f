import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../../src/domain.ts';
import {
  UpstreamError,
  UpstreamInvalidResponseError,
  UpstreamNotFoundError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../../../src/http/errors.ts';
import type { UpstreamCallEvent } from '../../../../src/http/vendor-http.ts';
import { messageText } from '../../../../src/sandbox/content.ts';
import type {
  SandboxAccount,
  SandboxChat,
  SandboxMedia,
  SandboxMessage,
} from '../../../../src/sandbox/dataset-types.ts';
import type { MessagePage } from '../../../../src/vendors/contract.ts';
import { isoFromMillis } from '../../../../src/vendors/onlyfansapi/fansly/fansly-json.ts';
import { FanslyProvider } from '../../../../src/vendors/onlyfansapi/fansly/fansly-provider.ts';
import { OnlyFansApiClient } from '../../../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { iso, longestChat, SINGLE_ATTEMPT, useSandboxClient } from '../../adapter-harness.ts';
import { caught } from '../../upstream-assertions.ts';

const TWO_TO_53 = 2n ** 53n;

const env = useSandboxClient(
  (sandbox) =>
    new OnlyFansApiClient({
      http: SINGLE_ATTEMPT,
      apiKey: sandbox.keys.onlyfansapi,
      baseUrl: sandbox.url,
    }),
);

let account: SandboxAccount;
let provider: FanslyProvider;

function newProvider(options: { client?: OnlyFansApiClient } = {}): FanslyProvider {
  return new FanslyProvider({
    client: options.client ?? env.client,
    externalId: account.handle,
  });
}

/** The messages page whose newest entry is `chat.messages[index]`. */
async function pageEndingAt(chat: SandboxChat, index: number, first = 1): Promise<MessagePage> {
  return provider.listMessages({
    chatId: chat.id,
    partnerId: chat.partner.id,
    first,
    before: chat.messages[index + 1]?.id ?? null,
  });
}

/** Every message of the account with where it sits, for picking examples. */
function allMessages(): Array<{ chat: SandboxChat; message: SandboxMessage; index: number }> {
  return account.chats.flatMap((chat) =>
    chat.messages.map((message, index) => ({ chat, message, index })),
  );
}

/** Every string a failure shows: its text, its JSON and those of its whole cause chain. */
function everythingShown(error: unknown): string {
  const shown: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    shown.push(String(current));
    try {
      shown.push(JSON.stringify(current));
    } catch {
      // A cyclic cause is still covered by String() and the stack.
    }
    if (current instanceof Error) {
      shown.push(current.stack ?? '');
      if (current instanceof UpstreamError) shown.push(JSON.stringify(current.vendorBody ?? null));
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return shown.join('\n');
}

beforeAll(() => {
  // The Fansly account with the very long chat.
  account = env.sandbox.dataset
    .accountsOf('onlyfansapi', 'fansly')
    .sort(
      (left, right) =>
        Math.max(...right.chats.map((chat) => chat.messages.length)) -
        Math.max(...left.chats.map((chat) => chat.messages.length)),
    )[0]!;
  provider = newProvider();
});

describe('FanslyProvider', () => {
  describe('capabilities', () => {
    it('searches at the vendor and leaves the unread filter to the gateway', () => {
      expect(provider.capabilities).toEqual({ unreadFilter: 'gateway', search: 'vendor' });
      expect(provider.connectedAccount).toEqual({
        vendor: 'ONLYFANSAPI',
        platform: 'FANSLY',
        externalId: account.handle,
      });
    });
  });

  describe('listChats', () => {
    describe('paging to exhaustion, 100 at a time', () => {
      it('sees every chat once, in recent order, with one call per 100', async () => {
        const seen: string[] = [];
        let offset: number | null = 0;
        while (offset !== null) {
          const page = await provider.listChats({ first: 100, offset, order: 'RECENT' });
          seen.push(...page.items.map((chat) => chat.chatId));
          offset = page.nextOffset;
        }
        expect(seen).toEqual(account.chats.map((chat) => chat.id));
        expect(new Set(seen).size).toBe(account.chats.length);
        expect(env.calls('fansly.chats')).toBe(Math.ceil(account.chats.length / 100));
      });
    });

    describe('paging 30 at a time, oldest first', () => {
      it('sees every chat once in reverse order with one call per page', async () => {
        const seen: string[] = [];
        let offset: number | null = 0;
        let pages = 0;
        while (offset !== null) {
          const page = await provider.listChats({ first: 30, offset, order: 'OLDEST' });
          seen.push(...page.items.map((chat) => chat.chatId));
          offset = page.nextOffset;
          pages += 1;
        }
        expect(seen).toEqual(account.chats.map((chat) => chat.id).reverse());
        expect(pages).toBe(Math.ceil(account.chats.length / 30));
        expect(env.calls('fansly.chats')).toBe(pages);
      });
    });

    describe('a first page', () => {
      it('joins partner profiles, last messages and activity times from the dataset', async () => {
        const page = await provider.listChats({ first: 20, offset: 0, order: 'RECENT' });
        expect(env.calls('fansly.chats')).toBe(1);
        expect(page.nextOffset).toBe(20);
        for (const [index, chat] of page.items.entries()) {
          const expected = account.chats[index]!;
          expect(chat.chatId).toBe(expected.id);
          expect(BigInt(chat.chatId)).toBeGreaterThan(TWO_TO_53);
          expect(chat.partnerId).toBe(expected.partner.id);
          expect(BigInt(chat.partnerId)).toBeGreaterThan(TWO_TO_53);
          expect(chat.unreadCount).toBe(expected.unreadCount);
          expect(chat.partner).toMatchObject({
            platformId: expected.partner.id,
            username: expected.partner.username,
            displayName: expected.partner.displayName || null,
          });
          expect(chat.partner!.avatarUrl === null).toBe(expected.partner.avatarId === null);
          const last = expected.messages.at(-1);
          if (last === undefined) {
            expect(chat.lastMessage).toBeNull();
          } else {
            expect(chat.lastMessage).toMatchObject({
              platformId: last.id,
              createdAt: iso(last.createdAt),
              isFromCreator: last.fromCreator,
              text: messageText(last.textId).plain,
            });
            expect(chat.lastActivityAt).toBe(iso(expected.lastActivity));
          }
        }
      });

      it('learns the creator account id from the page', async () => {
        const fresh = newProvider();
        expect(fresh.creatorAccountId).toBeNull();
        await fresh.listChats({ first: 1, offset: 0, order: 'RECENT' });
        expect(fresh.creatorAccountId).toBe(account.creator.id);
      });
    });

    describe('with a search', () => {
      it('passes it to the vendor and finds the partner', async () => {
        const target = account.chats[37]!;
        const page = await provider.listChats({
          first: 100,
          offset: 0,
          order: 'RECENT',
          search: target.partner.username,
        });
        expect(page.items.map((chat) => chat.chatId)).toContain(target.id);
        expect(page.items.length).toBeLessThan(account.chats.length);
      });
    });

    describe('with unreadOnly', () => {
      it('ignores it (the gateway filters) and still lists every chat', async () => {
        const page = await provider.listChats({
          first: 100,
          offset: 0,
          order: 'RECENT',
          unreadOnly: true,
        });
        expect(page.items.map((chat) => chat.chatId)).toEqual(
          account.chats.slice(0, 100).map((chat) => chat.id),
        );
      });
    });
  });

  describe('listMessages', () => {
    describe('a page of 100', () => {
      it('is one call, newest first, matching the dataset', async () => {
        const chat = longestChat(account);
        const page = await provider.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 100,
        });
        expect(env.calls('fansly.messages')).toBe(1);
        const expected = chat.messages.slice(-100).reverse();
        expect(page.items.map((message) => message.platformId)).toEqual(
          expected.map((message) => message.id),
        );
        expect(page.nextBefore).toBe(expected.at(-1)!.id);
        for (const [index, message] of page.items.entries()) {
          const truth = expected[index]!;
          expect(message).toMatchObject({
            chatId: chat.id,
            partnerId: chat.partner.id,
            createdAt: iso(truth.createdAt),
            isFromCreator: truth.fromCreator,
            senderId: truth.fromCreator ? account.creator.id : chat.partner.id,
            text: messageText(truth.textId).plain,
            html: null,
          });
        }
      });
    });

    describe('paging the longest chat back to its first message', () => {
      it('sees every message once, in order, with one call per 100', async () => {
        const chat = longestChat(account);
        expect(chat.messages.length).toBeGreaterThan(1000);
        const seen: MessageRecord[] = [];
        let before: string | null = null;
        let pages = 0;
        do {
          const page: MessagePage = await provider.listMessages({
            chatId: chat.id,
            partnerId: chat.partner.id,
            first: 100,
            before,
          });
          seen.push(...page.items);
          before = page.nextBefore;
          pages += 1;
        } while (before !== null && pages < 1000);
        expect(seen.map((message) => message.platformId)).toEqual(
          chat.messages.map((message) => message.id).reverse(),
        );
        expect(env.calls('fansly.messages')).toBe(Math.ceil(chat.messages.length / 100));
        for (const message of seen) expect(BigInt(message.platformId)).toBeGreaterThan(TWO_TO_53);
      });
    });

    describe('ids beyond 2^53', () => {
      it('survive exactly as the raw JSON sends them', async () => {
        const chat = longestChat(account);
        const response = await fetch(
          `${env.sandbox.url}/api/fansly/${account.handle}/chats/${chat.id}/messages?limit=5`,
          { headers: { authorization: `Bearer ${env.sandbox.keys.onlyfansapi}` } },
        );
        const rawText = await response.text();
        const page = await provider.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 5,
        });
        for (const message of page.items) {
          expect(rawText).toMatch(new RegExp(`"id"\\s*:\\s*"${message.platformId}"`));
          expect(rawText).toMatch(new RegExp(`"senderId"\\s*:\\s*"${message.senderId}"`));
          expect(BigInt(message.platformId)).toBeGreaterThan(TWO_TO_53);
          expect(String(Number(message.platformId))).not.toBe(message.platformId);
        }
      });
    });

    describe('times', () => {
      it('reads message times as seconds and account times as milliseconds', async () => {
        const chat = account.chats[0]!;
        const response = await fetch(
          `${env.sandbox.url}/api/fansly/${account.handle}/chats?limit=1`,
          {
            headers: { authorization: `Bearer ${env.sandbox.keys.onlyfansapi}` },
          },
        );
        const raw = (await response.json()) as {
          data: { aggregationData: { accounts: Array<{ createdAt: number }> } };
        };
        const rawAccountCreatedAt = raw.data.aggregationData.accounts[0]!.createdAt;
        expect(rawAccountCreatedAt).toBe(chat.partner.createdAtMs);
        expect(isoFromMillis(rawAccountCreatedAt)).toBe(
          new Date(chat.partner.createdAtMs).toISOString(),
        );

        const page = await provider.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 1,
        });
        const newest = chat.messages.at(-1)!;
        expect(newest.createdAt).toBeLessThan(1e11);
        expect(page.items[0]!.createdAt).toBe(new Date(newest.createdAt * 1000).toISOString());
      });
    });

    describe('media', () => {
      it('keeps the page’s media raw and converts nothing until asked', async () => {
        const { chat, index } = allMessages().find(({ message }) => message.media.length > 0)!;
        const fresh = newProvider();
        const page = await fresh.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 100,
          before: chat.messages[index + 1]?.id ?? null,
        });
        expect(page.fanslyMedia!.accountMedia.size).toBeGreaterThan(0);
        expect(fresh.mediaConversions).toBe(0);
        const [raw] = page.fanslyMedia!.accountMedia.values();
        fresh.convertAccountMedia(raw!);
        expect(fresh.mediaConversions).toBe(1);
      });

      it('refers to attachments in order and converts them like the dataset', async () => {
        const { chat, message, index } = allMessages().find(
          ({ message }) =>
            message.media.length > 1 && message.media.every((media) => !media.absentFromPage),
        )!;
        const page = await pageEndingAt(chat, index);
        const [record] = page.items;
        expect(record!.media).toEqual({
          kind: 'fanslyAttachments',
          refs: message.media.map((media, position) => ({
            kind: 'accountMedia',
            id: media.id,
            position,
          })),
        });
        for (const media of message.media) {
          const converted = provider.convertAccountMedia(
            page.fanslyMedia!.accountMedia.get(media.id)!,
          );
          expectMediaLike(converted, media);
        }
      });

      it('shows locked pay-per-view media without a url, with its price in dollars', async () => {
        const { chat, message, index } = allMessages().find(
          ({ message }) =>
            message.media.some((media) => media.locked && media.price > 0) &&
            message.media.every((media) => !media.absentFromPage),
        )!;
        const page = await pageEndingAt(chat, index);
        const locked = message.media.find((media) => media.locked && media.price > 0)!;
        const record = provider.convertAccountMedia(page.fanslyMedia!.accountMedia.get(locked.id)!);
        expect(record.url).toBeNull();
        expect(record.isAccessible).toBe(false);
        expect(record.price).toBe(locked.price);
        expect(record.previewUrl).not.toBeNull();
        const messagePrice = message.media.reduce((sum, media) => sum + media.price, 0);
        expect(page.items[0]).toMatchObject({ price: messagePrice, isFree: false });
      });

      it('resolves a bundle to its media in order', async () => {
        const { chat, message, index } = allMessages().find(
          ({ message }) => message.bundles.length > 0 && message.bundles[0]!.media.length > 2,
        )!;
        const bundle = message.bundles[0]!;
        const page = await pageEndingAt(chat, index);
        expect(page.items[0]!.media).toEqual({
          kind: 'fanslyAttachments',
          refs: [{ kind: 'bundle', id: bundle.id, position: 0 }],
        });
        expect(page.fanslyMedia!.bundles.get(bundle.id)).toEqual(
          bundle.media.map((media) => media.id),
        );
        if (bundle.price > 0) {
          expect(page.items[0]).toMatchObject({ price: bundle.price, isFree: false });
        }
      });

      it('fetches attachments absent from the page with one account-media call', async () => {
        const { chat, message, index } = allMessages().find(({ message }) =>
          [...message.media, ...message.bundles.flatMap((bundle) => bundle.media)].some(
            (media) => media.absentFromPage,
          ),
        )!;
        const page = await pageEndingAt(chat, index);
        const wanted = [...message.media, ...message.bundles.flatMap((bundle) => bundle.media)];
        const missing = wanted
          .map((media) => media.id)
          .filter((id) => !page.fanslyMedia!.accountMedia.has(id));
        expect(missing).toEqual(
          wanted.filter((media) => media.absentFromPage).map((media) => media.id),
        );
        env.sandbox.resetStats();
        const fetched = await provider.getAccountMedia(missing);
        expect(env.calls('fansly.accountMedia')).toBe(1);
        expect([...fetched.keys()].sort()).toEqual([...missing].sort());
        for (const media of wanted.filter((entry) => entry.absentFromPage)) {
          expectMediaLike(provider.convertAccountMedia(fetched.get(media.id)!), media);
        }
      });

      it('batches many ids 50 per call and leaves unknown ids out', async () => {
        const known = [...account.mediaById.keys()].slice(0, 120);
        const fetched = await provider.getAccountMedia([...known, '999999999999999999']);
        expect(env.calls('fansly.accountMedia')).toBe(Math.ceil(121 / 50));
        expect(fetched.size).toBe(120);
        expect(fetched.has('999999999999999999')).toBe(false);
      });
    });
  });

  describe('getUsers', () => {
    it('answers an empty map without calling the vendor', async () => {
      expect((await provider.getUsers([account.chats[0]!.partner.id])).size).toBe(0);
      expect(env.calls('*')).toBe(0);
    });
  });

  describe('getUsersByUsername', () => {
    it('finds profiles by username in one call', async () => {
      const partners = account.chats.slice(0, 3).map((chat) => chat.partner);
      const asked = [...partners.map((partner) => partner.username), 'nobody_here_12345'];
      const found = await provider.getUsersByUsername(asked);
      expect(env.calls('fansly.users')).toBe(1);
      expect([...found.keys()].sort()).toEqual(partners.map((partner) => partner.username).sort());
      for (const partner of partners) {
        expect(found.get(partner.username)).toMatchObject({
          platform: 'FANSLY',
          platformId: partner.id,
          username: partner.username,
        });
      }
    });
  });

  describe('failures', () => {
    const chatsCall = () => provider.listChats({ first: 10, offset: 0, order: 'RECENT' });

    it('maps 401 to an unauthenticated error naming vendor, route and account', async () => {
      env.sandbox.addFault({ route: 'fansly.chats', kind: 'status', status: 401 });
      const error = await caught(chatsCall);
      expect(error).toBeInstanceOf(UpstreamUnauthenticatedError);
      expect(error).toMatchObject({
        vendor: 'ONLYFANSAPI',
        route: 'fansly.chats',
        externalId: account.handle,
        status: 401,
      });
    });

    it('maps a wrong API key to an unauthenticated error that does not show the key', async () => {
      const wrongKey = 'ofapi_wrong_key_do_not_leak_91f2';
      const wrongClient = new OnlyFansApiClient({
        http: SINGLE_ATTEMPT,
        apiKey: wrongKey,
        baseUrl: env.sandbox.url,
      });
      try {
        const error = await caught(() =>
          newProvider({ client: wrongClient }).listChats({ first: 10, offset: 0, order: 'RECENT' }),
        );
        expect(error).toBeInstanceOf(UpstreamUnauthenticatedError);
        expect(everythingShown(error)).not.toContain(wrongKey);
      } finally {
        await wrongClient.close();
      }
    });

    it('maps 404 on messages to not found', async () => {
      env.sandbox.addFault({ route: 'fansly.messages', kind: 'status', status: 404 });
      const chat = account.chats[0]!;
      const error = await caught(() =>
        provider.listMessages({ chatId: chat.id, partnerId: chat.partner.id, first: 10 }),
      );
      expect(error).toBeInstanceOf(UpstreamNotFoundError);
      expect(error).toMatchObject({ route: 'fansly.messages', status: 404 });
    });

    it('maps 429 to rate limited with the Retry-After seconds', async () => {
      env.sandbox.addFault({
        route: 'fansly.accountMedia',
        kind: 'status',
        status: 429,
        retryAfter: 7,
      });
      const error = await caught(() =>
        provider.getAccountMedia([...account.mediaById.keys()].slice(0, 2)),
      );
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect(error).toMatchObject({
        route: 'fansly.accountMedia',
        retryAfterSeconds: 7,
        isRetryable: true,
      });
    });

    it('maps 503 to unavailable', async () => {
      env.sandbox.addFault({ route: 'fansly.users', kind: 'status', status: 503 });
      const error = await caught(() => provider.getUsersByUsername(['someone']));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(error).toMatchObject({ route: 'fansly.users', status: 503 });
    });

    it('maps a body that is not JSON to an invalid response', async () => {
      env.sandbox.addFault({ route: 'fansly.chats', kind: 'malformed' });
      const error = await caught(chatsCall);
      expect(error).toBeInstanceOf(UpstreamInvalidResponseError);
      expect(error).toMatchObject({ route: 'fansly.chats', externalId: account.handle });
    });

    it('maps a body cut off mid-way to an invalid response', async () => {
      env.sandbox.addFault({ route: 'fansly.messages', kind: 'truncate' });
      const chat = longestChat(account);
      const error = await caught(() =>
        provider.listMessages({ chatId: chat.id, partnerId: chat.partner.id, first: 100 }),
      );
      expect(error).toBeInstanceOf(UpstreamInvalidResponseError);
      expect(error).toMatchObject({ route: 'fansly.messages' });
    });

    it('maps JSON of the wrong shape to an invalid response, not a TypeError', async () => {
      env.sandbox.addFault({
        route: 'fansly.chats',
        kind: 'status',
        status: 200,
        body: { data: [] },
      });
      const error = await caught(chatsCall);
      expect(error).toBeInstanceOf(UpstreamInvalidResponseError);
      expect(error).toMatchObject({ route: 'fansly.chats', externalId: account.handle });
    });

    it('maps a hang to a timeout after the pool’s deadline', async () => {
      const impatient = new OnlyFansApiClient({
        http: SINGLE_ATTEMPT,
        apiKey: env.sandbox.keys.onlyfansapi,
        baseUrl: env.sandbox.url,
        timeoutMs: 300,
      });
      try {
        env.sandbox.addFault({ route: 'fansly.chats', kind: 'hang' });
        const error = await caught(() =>
          newProvider({ client: impatient }).listChats({ first: 10, offset: 0, order: 'RECENT' }),
        );
        expect(error).toBeInstanceOf(UpstreamTimeoutError);
        expect(error).toMatchObject({ route: 'fansly.chats', externalId: account.handle });
      } finally {
        await impatient.close();
      }
    });

    it('never shows the API key in any failure', async () => {
      const key = env.sandbox.keys.onlyfansapi;
      const chat = account.chats[0]!;
      const failures: unknown[] = [];
      for (const fault of [
        { kind: 'status', status: 401 },
        { kind: 'status', status: 429, retryAfter: 3 },
        { kind: 'status', status: 503 },
        { kind: 'malformed' },
        { kind: 'truncate' },
      ] as const) {
        env.sandbox.addFault({ route: 'fansly.messages', ...fault });
        failures.push(
          await caught(() =>
            provider.listMessages({ chatId: chat.id, partnerId: chat.partner.id, first: 10 }),
          ),
        );
      }
      for (const error of failures) {
        expect(error).toBeInstanceOf(UpstreamError);
        expect(everythingShown(error)).not.toContain(key);
      }
    });

    it('tells the observer about every call and how it ended', async () => {
      const events: UpstreamCallEvent[] = [];
      const observer = (event: UpstreamCallEvent) => events.push(event);
      await provider.listChats({ first: 5, offset: 0, order: 'RECENT', observer });
      env.sandbox.addFault({ route: 'fansly.chats', kind: 'status', status: 503 });
      await caught(() => provider.listChats({ first: 5, offset: 0, order: 'RECENT', observer }));
      expect(events.map((event) => [event.route, event.status, event.errorCode])).toEqual([
        ['fansly.chats', 200, null],
        ['fansly.chats', 503, 'UPSTREAM_UNAVAILABLE'],
      ]);
    });
  });
});

/** A converted media record agrees with the dataset's ground truth. */
function expectMediaLike(
  record: ReturnType<FanslyProvider['convertAccountMedia']>,
  media: SandboxMedia,
) {
  const type = { photo: 'PHOTO', video: 'VIDEO', gif: 'GIF', audio: 'AUDIO' }[media.type];
  expect(record).toMatchObject({
    platform: 'FANSLY',
    platformId: media.id,
    type,
    isAccessible: !media.locked,
    price: media.price > 0 ? media.price : null,
  });
  expect(BigInt(record.platformId)).toBeGreaterThan(TWO_TO_53);
  if (media.type !== 'audio') {
    expect(record.width).toBe(media.width);
    expect(record.height).toBe(media.height);
  }
  expect(record.duration).toBe(media.durationSeconds > 0 ? media.durationSeconds : null);
  if (media.locked) expect(record.url).toBeNull();
  else expect(record.url).toMatch(/^https:\/\//);
}
