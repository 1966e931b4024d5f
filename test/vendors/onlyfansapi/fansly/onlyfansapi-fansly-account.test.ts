import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaRecord } from '../../../../src/domain.ts';
import { UpstreamUnavailableError } from '../../../../src/http/errors.ts';
import { messageText } from '../../../../src/sandbox/content.ts';
import type {
  SandboxAccount,
  SandboxChat,
  SandboxMedia,
  SandboxMessage,
} from '../../../../src/sandbox/dataset-types.ts';
import type { MessagePage } from '../../../../src/vendors/contract.ts';
import { isoFromMillis } from '../../../../src/vendors/onlyfansapi/fansly/fansly-json.ts';
import { OnlyFansApiFanslyAccount } from '../../../../src/vendors/onlyfansapi/fansly/onlyfansapi-fansly-account.ts';
import { OnlyFansApiClient } from '../../../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { accountsOf, ONLYFANSAPI_FANSLY } from '../../adapter-cases.ts';
import { iso, longestChat, sandboxClientOptions, useSandboxClient } from '../../adapter-harness.ts';
import { caught, expectBodyRefused } from '../../upstream-assertions.ts';

/**
 * Fansly read through OnlyFansAPI: snowflake ids, its times, its deferred media and bundles, its
 * lookup by username. What every account adapter does is tested in test/vendors/contract*.test.ts.
 */

const TWO_TO_53 = 2n ** 53n;

const env = useSandboxClient(
  (sandbox) => new OnlyFansApiClient(sandboxClientOptions(sandbox, 'onlyfansapi')),
);

let account: SandboxAccount;
let adapter: OnlyFansApiFanslyAccount;

function newAdapter(): OnlyFansApiFanslyAccount {
  return new OnlyFansApiFanslyAccount(env.client, account.handle);
}

/** The messages page whose newest entry is `chat.messages[index]`. */
async function pageEndingAt(chat: SandboxChat, index: number, first = 1): Promise<MessagePage> {
  return adapter.listMessages({
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

beforeAll(() => {
  // The Fansly account with the very long chat.
  account = accountsOf(env.sandbox, ONLYFANSAPI_FANSLY)[0]!;
  adapter = newAdapter();
});

describe('OnlyFansApiFanslyAccount', () => {
  describe('listChats', () => {
    describe('a first page', () => {
      it('carries display names, avatars, snowflake ids and the last messages’ text', async () => {
        const page = await adapter.listChats({ first: 20, offset: 0, order: 'RECENT' });
        for (const [index, chat] of page.items.entries()) {
          const expected = account.chats[index]!;
          expect(BigInt(chat.chatId)).toBeGreaterThan(TWO_TO_53);
          expect(BigInt(chat.partnerId)).toBeGreaterThan(TWO_TO_53);
          expect(chat.partner).toMatchObject({
            displayName: expected.partner.displayName || null,
          });
          expect(chat.partner!.avatarUrl === null).toBe(expected.partner.avatarId === null);
          const last = expected.messages.at(-1);
          if (last !== undefined) {
            expect(chat.lastMessage?.text).toBe(messageText(last.textId).plain);
            expect(chat.lastActivityAt).toBe(iso(expected.lastActivity));
          }
        }
      });

      it('learns the creator account id from the page', async () => {
        const fresh = newAdapter();
        expect(fresh.creatorAccountId).toBeNull();
        await fresh.listChats({ first: 1, offset: 0, order: 'RECENT' });
        expect(fresh.creatorAccountId).toBe(account.creator.id);
      });
    });
  });

  describe('listMessages', () => {
    describe('a page', () => {
      it('carries snowflake ids, plain text and no HTML', async () => {
        const chat = longestChat(account);
        const page = await adapter.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 100,
        });
        const expected = chat.messages.slice(-100).reverse();
        expect(page.items).toHaveLength(expected.length);
        for (const [index, message] of page.items.entries()) {
          expect(message).toMatchObject({
            text: messageText(expected[index]!.textId).plain,
            html: null,
          });
          expect(BigInt(message.platformId)).toBeGreaterThan(TWO_TO_53);
        }
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
        const page = await adapter.listMessages({
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

        const page = await adapter.listMessages({
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
      it('hands the page’s media over lazily and converts nothing until asked', async () => {
        const { chat, index } = allMessages().find(({ message }) => message.media.length > 0)!;
        const fresh = newAdapter();
        const page = await fresh.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 100,
          before: chat.messages[index + 1]?.id ?? null,
        });
        expect(page.media!.size).toBeGreaterThan(0);
        expect(fresh.mediaConversions).toBe(0);
        const [lazy] = page.media!.values();
        lazy!();
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
          kind: 'deferred',
          refs: message.media.map((media, position) => ({
            kind: 'media',
            id: media.id,
            position,
          })),
        });
        for (const media of message.media) {
          expectMediaLike(page.media!.get(media.id)!(), media);
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
        const record = page.media!.get(locked.id)!();
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
          kind: 'deferred',
          refs: [{ kind: 'group', id: bundle.id, position: 0 }],
        });
        expect(page.mediaGroups!.get(bundle.id)).toEqual(bundle.media.map((media) => media.id));
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
        const missing = wanted.map((media) => media.id).filter((id) => !page.media!.has(id));
        expect(missing).toEqual(
          wanted.filter((media) => media.absentFromPage).map((media) => media.id),
        );
        env.sandbox.resetStats();
        const fetched = await adapter.loadMedia(missing);
        expect(env.calls('fansly.accountMedia')).toBe(1);
        expect([...fetched.keys()].sort()).toEqual([...missing].sort());
        for (const media of wanted.filter((entry) => entry.absentFromPage)) {
          expectMediaLike(fetched.get(media.id)!, media);
        }
      });
    });
  });

  describe('getUsers (by username)', () => {
    it('finds profiles by the usernames the refs carry, in one call, case-insensitively', async () => {
      const partners = account.chats.slice(0, 3).map((chat) => chat.partner);
      const found = await adapter.getUsers([
        ...partners.map((partner) => ({
          platformId: partner.id,
          username: partner.username.toUpperCase(),
        })),
        { platformId: '1', username: 'nobody_here_12345' },
      ]);
      expect(env.calls('fansly.users')).toBe(1);
      expect([...found.keys()].sort()).toEqual(partners.map((partner) => partner.id).sort());
      for (const partner of partners) {
        expect(found.get(partner.id)).toMatchObject({
          platform: 'FANSLY',
          platformId: partner.id,
          username: partner.username,
        });
      }
    });

    it('finds nobody by a username that names another user now (renamed), nor without one', async () => {
      const [first, second] = account.chats.map((chat) => chat.partner);
      const found = await adapter.getUsers([
        { platformId: first!.id, username: second!.username },
        { platformId: second!.id, username: null },
        { platformId: first!.id, username: 'a,b' },
      ]);
      expect(found.size).toBe(0);
      expect(env.calls('fansly.users')).toBe(1);
      expect((await adapter.getUsers([{ platformId: first!.id, username: null }])).size).toBe(0);
      expect(env.calls('fansly.users')).toBe(1);
    });

    it('asks 25 usernames per call, the calls in parallel', async () => {
      const partners = account.chats.slice(0, 51).map((chat) => chat.partner);
      expect(partners).toHaveLength(51);
      const found = await adapter.getUsers(
        partners.map((partner) => ({ platformId: partner.id, username: partner.username })),
      );
      expect(found.size).toBe(51);
      expect(env.calls('fansly.users')).toBe(3);
    });
  });

  describe('failures of its own routes and shapes', () => {
    it('maps a 503 on users by username to unavailable', async () => {
      env.sandbox.addFault({ route: 'fansly.users', kind: 'status', status: 503 });
      const error = await caught(() =>
        adapter.getUsers([{ platformId: '1', username: 'someone' }]),
      );
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(error).toMatchObject({ route: 'fansly.users', status: 503 });
    });

    it('maps JSON of the wrong shape to an invalid response, not a TypeError', () =>
      expectBodyRefused(
        env.sandbox,
        { data: [] },
        () => adapter.listChats({ first: 10, offset: 0, order: 'RECENT' }),
        { route: 'fansly.chats', externalId: account.handle, apiKey: env.sandbox.keys.onlyfansapi },
      ));
  });
});

/** A converted media record agrees with the dataset's ground truth. */
function expectMediaLike(record: MediaRecord, media: SandboxMedia) {
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
