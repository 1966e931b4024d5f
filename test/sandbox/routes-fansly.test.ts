import { describe, expect, it } from 'vitest';
import { absentFromPageMediaIds } from '../../src/sandbox/index.ts';
import { expectJson, type Json, replayPath, useSandbox } from './helpers.ts';

const fixture = useSandbox();
const account = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
const TWO_TO_53 = 2n ** 53n;

async function allChats(query: string): Promise<Json[]> {
  const chats: Json[] = [];
  let path: string | null = `/api/fansly/${account().handle}/chats?${query}`;
  while (path !== null) {
    const body: Json = await expectJson(await fixture.onlyfansapi(path));
    chats.push(...body.data.data);
    expect(body._pagination.next_page === null).toBe(!body.data.hasMore);
    path = body.data.hasMore ? replayPath(body._pagination.next_page) : null;
  }
  return chats;
}

describe('sandbox OnlyFansAPI · Fansly routes', () => {
  describe('GET /api/fansly/accounts', () => {
    it('lists the connected Fansly accounts', async () => {
      const body = await expectJson(await fixture.onlyfansapi('/api/fansly/accounts'));
      expect(body.data.map((entry: Json) => entry.id)).toEqual(
        fixture.sandbox.dataset
          .accountsOf('onlyfansapi', 'fansly')
          .map((account) => account.handle),
      );
      expect(body.data[0].id).toMatch(/^fansly_acct_[0-9a-f]+$/);
      expect(body._meta._credits.used).toBe(1);
    });
  });

  describe('GET /api/fansly/{acct}/chats', () => {
    it('answers data.data, aggregationData and hasMore, 20 by default', async () => {
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account().handle}/chats`),
      );
      expect(Object.keys(body)).toEqual(['data', '_pagination', '_meta']);
      expect(Object.keys(body.data)).toEqual(['data', 'aggregationData', 'hasMore']);
      expect(body.data.data).toHaveLength(20);
      expect(body.data.hasMore).toBe(true);
      expect(body.data.aggregationData.accounts).toHaveLength(20);
      expect(body.data.aggregationData.groups).toHaveLength(20);
      const first = body.data.data[0];
      expect(first.groupId).toBe(account().chats[0]!.id);
      expect(first.account_id).toBe(account().creator.id);
      const partner = body.data.aggregationData.accounts.find(
        (entry: Json) => entry.id === first.partnerAccountId,
      );
      expect(partner.username).toBe(first.partnerUsername);
      expect(partner.createdAt).toBeGreaterThan(1e12);
      const group = body.data.aggregationData.groups[0];
      expect(group.lastMessage.createdAt).toBeLessThan(1e11);
      expect(group.users.map((user: Json) => user.userId)).toContain(account().creator.id);
    });

    it('keeps snowflake ids as strings beyond 2^53 in the raw JSON', async () => {
      const text = await (
        await fixture.onlyfansapi(`/api/fansly/${account().handle}/chats?limit=100`)
      ).text();
      expect(text).not.toMatch(/[:[,]\s*\d{16,}\s*[,\]}]/);
      const ids = [
        ...text.matchAll(/"(?:id|groupId|partnerAccountId|lastMessageId|account_id)":"(\d+)"/g),
      ];
      expect(ids.length).toBeGreaterThan(300);
      for (const [, id] of ids) expect(BigInt(id!) > TWO_TO_53).toBe(true);
    });

    it.each(['newest', 'oldest'] as const)(
      'pages order=%s to exhaustion, seeing every chat once',
      async (order) => {
        const chats = await allChats(`limit=37&order=${order}`);
        const expected = account().chats.map((chat) => chat.id);
        expect(chats.map((chat) => chat.groupId)).toEqual(
          order === 'newest' ? expected : [...expected].reverse(),
        );
      },
    );

    it('puts unread chats first with order=unread, newest first within each part', async () => {
      const chats = await allChats('limit=100&order=unread');
      const unread = account().chats.filter((chat) => chat.unreadCount > 0);
      const read = account().chats.filter((chat) => chat.unreadCount === 0);
      expect(chats.map((chat) => chat.groupId)).toEqual(
        [...unread, ...read].map((chat) => chat.id),
      );
      expect(chats[0].unreadCount).toBeGreaterThan(0);
      expect(chats[0].lastUnreadMessageId).toBe(chats[0].lastMessageId);
    });

    it('searches partner usernames and display names', async () => {
      const target = account().chats[7]!.partner;
      const chats = await allChats(`search=${encodeURIComponent(target.username.toUpperCase())}`);
      expect(chats.map((chat) => chat.partnerAccountId)).toContain(target.id);
    });

    it.each(['limit=101', 'limit=0', 'offset=-3', 'order=unknown'])(
      'rejects %s with a 422',
      async (query) => {
        const body = await expectJson(
          await fixture.onlyfansapi(`/api/fansly/${account().handle}/chats?${query}`),
          422,
        );
        expect(body.message).toEqual(expect.any(String));
        expect(Object.keys(body.errors)).toEqual([query.split('=')[0]]);
      },
    );
  });

  describe('GET /api/fansly/{acct}/chats/{chat_id}/messages', () => {
    const longChat = () =>
      account().chats.reduce((longest, chat) =>
        chat.messages.length > longest.messages.length ? chat : longest,
      );

    it('answers messages with aggregated media and empty side arrays', async () => {
      const chat = longChat();
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account().handle}/chats/${chat.id}/messages`),
      );
      expect(Object.keys(body.data)).toEqual([
        'messages',
        'accountMedia',
        'accountMediaBundles',
        'tips',
        'tipGoals',
        'accountMediaOrders',
        'stories',
        'storyOrders',
        'hasMore',
      ]);
      expect(body.data.messages).toHaveLength(25);
      expect(body.data.hasMore).toBe(true);
      expect(body.data.messages[0].id).toBe(chat.messages.at(-1)!.id);
      expect(body.data.messages[0].createdAt).toBe(chat.messages.at(-1)!.createdAt);
    });

    it('pages the 2,000+ message chat to exhaustion with the before cursor', async () => {
      const chat = longChat();
      expect(chat.messages.length).toBeGreaterThanOrEqual(2000);
      const seen: string[] = [];
      let path: string | null =
        `/api/fansly/${account().handle}/chats/${chat.id}/messages?limit=100`;
      while (path !== null) {
        const body: Json = await expectJson(await fixture.onlyfansapi(path));
        seen.push(...body.data.messages.map((message: Json) => message.id));
        path = body.data.hasMore ? replayPath(body._pagination.next_page) : null;
      }
      expect(seen).toEqual([...chat.messages].reverse().map((message) => message.id));
    });

    it('tells tips in thousandths and the fan’s read of the creator’s messages in interactions', async () => {
      const chat = longChat();
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/fansly/${account().handle}/chats/${chat.id}/messages?limit=100`,
        ),
      );
      const truth = new Map(chat.messages.map((message) => [message.id, message]));
      for (const rendered of body.data.messages) {
        const expected = truth.get(rendered.id)!;
        expect(rendered.totalTipAmount).toBe(Math.round(expected.tipAmount * 1000));
        if (!expected.fromCreator) continue;
        const fans = rendered.interactions.filter(
          (entry: Json) => entry.userId === chat.partner.id,
        );
        expect(fans).toHaveLength(1);
        expect(typeof fans[0].readAt === 'number').toBe(expected.isRead);
      }
    });

    it('carries every referenced accountMedia and bundle, except those absent from the page', async () => {
      const absent = new Set(absentFromPageMediaIds(account()));
      let checkedAbsent = 0;
      for (const chat of account().chats.slice(0, 60)) {
        const body = await expectJson(
          await fixture.onlyfansapi(
            `/api/fansly/${account().handle}/chats/${chat.id}/messages?limit=100`,
          ),
        );
        const media = new Map(body.data.accountMedia.map((item: Json) => [item.id, item]));
        const bundles = new Map(body.data.accountMediaBundles.map((item: Json) => [item.id, item]));
        for (const message of body.data.messages) {
          for (const attachment of message.attachments) {
            expect(attachment.messageId).toBe(message.id);
            const ids =
              attachment.contentType === 1
                ? [attachment.contentId]
                : (bundles.get(attachment.contentId) as Json).accountMediaIds;
            for (const id of ids) {
              expect(media.has(id)).toBe(!absent.has(id));
              if (absent.has(id)) checkedAbsent += 1;
            }
          }
        }
      }
      expect(checkedAbsent).toBeGreaterThan(0);
    });

    it('renders locked pay-per-view media with a price, no locations and a preview', async () => {
      const locked = [...account().mediaById.values()].find(
        (media) => media.locked && media.price > 0 && !media.absentFromPage,
      )!;
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account().handle}/account-media/${locked.id}`),
      );
      const item = body.response[0];
      expect(item).toMatchObject({
        id: locked.id,
        price: Math.round(locked.price * 1000),
        access: false,
        media: { locations: [], variantHash: {} },
        preview: {
          id: locked.previewId,
          locations: [expect.objectContaining({ locationId: '1' })],
        },
      });
      expect(item.price % 1000).toBe(0);
    });

    it('has images, videos with a duration and audio', async () => {
      const types = new Set<number>();
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/fansly/${account().handle}/account-media/${[...account().mediaById.keys()].slice(0, 200).join(',')}`,
        ),
      );
      for (const item of body.response) {
        types.add(item.media.type);
        if (item.media.type === 2)
          expect(JSON.parse(item.media.metadata).duration).toBeGreaterThan(0);
      }
      expect(types).toEqual(new Set([1, 2, 3]));
    });

    it('answers 404 for an unknown chat and 422 for limit 101', async () => {
      await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account().handle}/chats/123/messages`),
        404,
      );
      await expectJson(
        await fixture.onlyfansapi(
          `/api/fansly/${account().handle}/chats/${account().chats[0]!.id}/messages?limit=101`,
        ),
        422,
      );
    });
  });

  describe('GET /api/fansly/{acct}/account-media/{ids}', () => {
    it('answers the raw Fansly envelope, in request order, unknown ids left out', async () => {
      const [first, second] = [...account().mediaById.keys()];
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/fansly/${account().handle}/account-media/${second},111111111111111111,${first}`,
        ),
      );
      expect(body.success).toBe(true);
      expect(body.response.map((item: Json) => item.id)).toEqual([second, first]);
    });

    it('serves media that the messages page left out', async () => {
      const [absentId] = absentFromPageMediaIds(account());
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account().handle}/account-media/${absentId}`),
      );
      expect(body.response).toHaveLength(1);
      expect(body.response[0].id).toBe(absentId);
    });
  });

  describe('GET /api/fansly/{acct}/users/{usernames}', () => {
    it('answers the accounts of known usernames, case-insensitively', async () => {
      const [first, second] = account().chats.map((chat) => chat.partner);
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/fansly/${account().handle}/users/${first!.username.toUpperCase()},nobody_here,${second!.username}`,
        ),
      );
      expect(body.data.map((user: Json) => user.id)).toEqual([first!.id, second!.id]);
    });
  });

  describe('authentication and accounts', () => {
    it('answers 401 without the key', async () => {
      const response = await fetch(`${fixture.sandbox.url}/api/fansly/${account().handle}/chats`);
      expect((await expectJson(response, 401)).error).toMatch(/^Unauthorized\./);
    });

    it('answers 404 for an unknown Fansly account or an OnlyFans handle', async () => {
      const onlyfans = fixture.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!.handle;
      for (const handle of ['fansly_acct_0000', onlyfans]) {
        const body = await expectJson(
          await fixture.onlyfansapi(`/api/fansly/${handle}/chats`),
          404,
        );
        expect(body).toEqual({ error: 'Account not found.' });
      }
    });
  });
});
