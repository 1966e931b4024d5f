import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatsInOrder } from '../../src/sandbox/index.ts';
import { expectJson, type Json, replayPath, useSandbox } from './helpers.ts';

const fixture = useSandbox();
const account = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
const example = JSON.parse(
  readFileSync('schema/providers/onlyfansapi-onlyfans-chats.example.json', 'utf8'),
) as Json;

describe('sandbox OnlyFansAPI · OnlyFans routes', () => {
  describe('GET /api/accounts', () => {
    it('lists the connected OnlyFans accounts with _meta', async () => {
      const body = await expectJson(await fixture.onlyfansapi('/api/accounts'));
      expect(body.data.map((entry: Json) => entry.id)).toEqual(
        fixture.sandbox.dataset
          .accountsOf('onlyfansapi', 'onlyfans')
          .map((account) => account.handle),
      );
      expect(body.data[0]).toMatchObject({
        id: expect.stringMatching(/^acct_[0-9a-f]{32}$/),
        onlyfans_id: expect.any(Number),
        onlyfans_username: expect.any(String),
        is_authenticated: true,
      });
      expect(body._meta._credits).toMatchObject({ used: 1, balance: expect.any(Number) });
    });
  });

  describe('GET /api/{account}/chats', () => {
    it('answers the documented envelope with the full fan object', async () => {
      const response = await fixture.onlyfansapi(`/api/${account().handle}/chats`);
      expect(response.headers.get('x-ofapi-credits-used')).toBe('1');
      expect(Number(response.headers.get('x-ofapi-credits-balance'))).toBeGreaterThan(0);
      expect(response.headers.get('x-rate-limit-remaining-minute')).toMatch(/^\d+$/);
      const body = await expectJson(response);
      expect(body.data).toHaveLength(10);
      expect(Object.keys(body)).toEqual(['data', '_pagination', '_meta']);
      expect(body._pagination.next_page).toBe(
        `https://app.onlyfansapi.com/api/${account().handle}/chats?offset=10&limit=10`,
      );
      const expected = example.data[0];
      for (const chat of body.data) {
        expect(Object.keys(chat).sort()).toEqual(Object.keys(expected).sort());
        expect(Object.keys(chat.fan).sort()).toEqual(Object.keys(expected.fan).sort());
      }
      const withMessage = body.data.find((chat: Json) => chat.lastMessage !== null);
      // Only queued messages carry a queueId.
      const messageKeys = Object.keys(expected.lastMessage).filter((key) => key !== 'queueId');
      expect(Object.keys(withMessage.lastMessage)).toEqual(expect.arrayContaining(messageKeys));
      expect(Object.keys(body._meta)).toEqual(['_credits', '_cache', '_rate_limits']);
    });

    it('lists the dataset chats in recent order with ISO times and HTML text', async () => {
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats?limit=30`),
      );
      const expected = account().chats.slice(0, 30);
      expect(body.data.map((chat: Json) => String(chat.fan.id))).toEqual(
        expected.map((chat) => chat.id),
      );
      const first = body.data.find((chat: Json) => chat.lastMessage !== null);
      expect(first.lastMessage.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      expect(typeof first.lastMessage.id).toBe('number');
      expect(body.data[0].unreadMessagesCount).toBe(expected[0]!.unreadCount);
    });

    it('pages to exhaustion through next_page, seeing every chat once, in both orders', async () => {
      for (const order of ['recent', 'old'] as const) {
        const seen: string[] = [];
        let path: string | null = `/api/${account().handle}/chats?limit=30&order=${order}`;
        while (path !== null) {
          const body: Json = await expectJson(await fixture.onlyfansapi(path));
          seen.push(...body.data.map((chat: Json) => String(chat.fan.id)));
          path =
            body._pagination.next_page === null ? null : replayPath(body._pagination.next_page);
        }
        expect(seen).toEqual(chatsInOrder(account(), order).map((chat) => chat.id));
      }
    });

    it('tells each fan’s spend and subscription in subscribedOnData, in dollars', async () => {
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats?limit=30`),
      );
      const expected = account().chats.slice(0, 30);
      for (const [index, chat] of body.data.entries()) {
        const value = expected[index]!.fanValue;
        if (value === null) {
          expect(chat.fan.subscribedOnData).toBeNull();
          continue;
        }
        expect(chat.fan.subscribedOnData).toMatchObject({
          totalSumm: value.spend.total,
          tipsSumm: value.spend.tips,
          messagesSumm: value.spend.messages,
          postsSumm: value.spend.posts,
          subscribesSumm: value.spend.subscriptions,
          streamsSumm: value.spend.streams,
          price: value.price,
          status: value.status,
          duration: `${value.durationDays} days`,
          expiredAt: new Date(value.expiresAt * 1000).toISOString().replace('.000Z', '+00:00'),
          renewedAt: new Date(value.renewedAt * 1000).toISOString().replace('.000Z', '+00:00'),
        });
      }
      const keys = Object.keys(example.data[0].fan.subscribedOnData).sort();
      const rendered = body.data.find((chat: Json) => chat.fan.subscribedOnData !== null);
      expect(Object.keys(rendered.fan.subscribedOnData).sort()).toEqual(keys);
    });

    it('searches fan usernames and names case-insensitively', async () => {
      const target = account().chats[5]!.partner;
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/${account().handle}/chats?limit=30&query=${encodeURIComponent(target.username.toUpperCase())}`,
        ),
      );
      expect(body.data.map((chat: Json) => String(chat.fan.id))).toContain(target.id);
      for (const chat of body.data) {
        const haystack = `${chat.fan.username} ${chat.fan.name ?? ''}`.toLowerCase();
        expect(haystack).toContain(target.username.toLowerCase());
      }
    });

    it('replaces the fan with withUser when skip_users=all', async () => {
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats?skip_users=all`),
      );
      expect(body.data[0].fan).toBeUndefined();
      expect(body.data[0].withUser).toEqual({ id: Number(account().chats[0]!.id), _view: 's' });
    });

    it.each([
      ['limit=15', 'limit', 'The limit field must be one of 10, 20, 30.'],
      ['limit=abc', 'limit', 'The limit field must be one of 10, 20, 30.'],
      ['offset=-1', 'offset', 'The offset field must be at least 0.'],
      ['order=newest', 'order', 'The selected order is invalid.'],
      ['skip_users=some', 'skip_users', 'The selected skip_users is invalid.'],
    ])('rejects %s with a Laravel 422', async (query, field, message) => {
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats?${query}`),
        422,
      );
      expect(body).toEqual({ message, errors: { [field]: [message] } });
    });
  });

  describe('GET /api/{account}/chats/{chat_id}/messages', () => {
    const longChat = () =>
      account().chats.reduce((longest, chat) =>
        chat.messages.length > longest.messages.length ? chat : longest,
      );

    it('answers newest first, 10 by default, with inline media', async () => {
      const chat = longChat();
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats/${chat.id}/messages`),
      );
      expect(body.data).toHaveLength(10);
      expect(body.data.map((message: Json) => String(message.id))).toEqual(
        chat.messages
          .slice(-10)
          .reverse()
          .map((message) => message.id),
      );
      expect(body.data[0]).toMatchObject({
        fromUser: { id: expect.any(Number), _view: 'i' },
        media: expect.any(Array),
        isFree: expect.any(Boolean),
      });
      expect(replayPath(body._pagination.next_page)).toContain(`id=${body.data[9].id}`);
    });

    it('pages the 1,000+ message chat to exhaustion with the id cursor', async () => {
      const chat = longChat();
      expect(chat.messages.length).toBeGreaterThanOrEqual(1000);
      const seen: string[] = [];
      let path: string | null = `/api/${account().handle}/chats/${chat.id}/messages?limit=100`;
      while (path !== null) {
        const body: Json = await expectJson(await fixture.onlyfansapi(path));
        seen.push(...body.data.map((message: Json) => String(message.id)));
        path = body._pagination.next_page === null ? null : replayPath(body._pagination.next_page);
      }
      expect(seen).toEqual([...chat.messages].reverse().map((message) => message.id));
    });

    it('answers oldest first with order=asc, the cursor moving forward', async () => {
      const chat = longChat();
      const first = await expectJson(
        await fixture.onlyfansapi(
          `/api/${account().handle}/chats/${chat.id}/messages?order=asc&limit=5`,
        ),
      );
      const second = await expectJson(
        await fixture.onlyfansapi(replayPath(first._pagination.next_page)),
      );
      expect([...first.data, ...second.data].map((message: Json) => String(message.id))).toEqual(
        chat.messages.slice(0, 10).map((message) => message.id),
      );
    });

    it('shows locked pay-per-view media without a full URL but with a thumbnail', async () => {
      const located = account()
        .chats.flatMap((chat) => chat.messages.map((message) => ({ chat, message })))
        .find(({ message }) =>
          message.media.some((media) => media.locked && media.type === 'video'),
        );
      expect(located).toBeDefined();
      const { chat, message } = located!;
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/${account().handle}/chats/${chat.id}/messages?limit=1&id=${BigInt(message.id) + 1n}`,
        ),
      );
      const rendered = body.data[0];
      expect(String(rendered.id)).toBe(message.id);
      expect(rendered.isFree).toBe(false);
      expect(rendered.price).toBeGreaterThan(0);
      const locked = rendered.media.find((media: Json) => media.canView === false);
      expect(locked.files.full.url).toBeNull();
      expect(locked.files.thumb.url).toMatch(/^https:\/\//);
      expect(locked.type).toMatch(/^(photo|video|gif|audio)$/);
    });

    it('marks tips with isTip and their amount in price, and the creator’s messages opened or not', async () => {
      const chats = account().chats.filter((chat) =>
        chat.messages.some((message) => message.tipAmount > 0),
      );
      const chat = chats[0]!;
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/${account().handle}/chats/${chat.id}/messages?limit=100&order=asc`,
        ),
      );
      const truth = new Map(chat.messages.map((message) => [message.id, message]));
      for (const rendered of body.data) {
        const expected = truth.get(String(rendered.id))!;
        expect(rendered.isTip).toBe(expected.tipAmount > 0);
        if (expected.tipAmount > 0) {
          expect(rendered).toMatchObject({ price: expected.tipAmount, isFree: true });
        }
        if (expected.fromCreator) expect(rendered.isOpened).toBe(expected.isRead);
      }
      expect(body.data.some((rendered: Json) => rendered.isTip)).toBe(true);
    });

    it('rejects limit 101 and answers 404 for an unknown chat', async () => {
      const chat = account().chats[0]!;
      await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats/${chat.id}/messages?limit=101`),
        422,
      );
      await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats/999/messages?limit=0`),
        422,
      );
      const missing = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats/1/messages`),
        404,
      );
      expect(missing).toEqual({ error: 'Chat not found.' });
    });
  });

  describe('GET /api/{account}/users/list', () => {
    it('answers an object keyed by user id, leaving unknown ids out', async () => {
      const ids = account()
        .chats.slice(0, 3)
        .map((chat) => chat.id);
      const body = await expectJson(
        await fixture.onlyfansapi(
          `/api/${account().handle}/users/list?ids=${[...ids, '5'].join(',')}`,
        ),
      );
      expect(Object.keys(body.data).sort()).toEqual([...ids].sort());
      expect(body.data[ids[0]!]).toMatchObject({
        id: Number(ids[0]),
        username: account().chats[0]!.partner.username,
        isVerified: expect.any(Boolean),
      });
    });

    it('rejects more than 10 ids', async () => {
      const ids = Array.from({ length: 11 }, (_, index) => 10_000_000 + index).join(',');
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/users/list?ids=${ids}`),
        422,
      );
      expect(body.errors.ids).toEqual(['The ids field must not have more than 10 items.']);
    });
  });

  describe('authentication and accounts', () => {
    it('answers 401 without a key or with a wrong one', async () => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }];
      for (const headers of attempts) {
        const response = await fetch(`${fixture.sandbox.url}/api/${account().handle}/chats`, {
          headers,
        });
        const body = await expectJson(response, 401);
        expect(body.error).toMatch(/^Unauthorized\. /);
      }
    });

    it('answers 404 for an unknown account, or a Fansly handle on an OnlyFans route', async () => {
      const fansly = fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!.handle;
      for (const handle of ['acct_00000000000000000000000000000000', fansly]) {
        const body = await expectJson(await fixture.onlyfansapi(`/api/${handle}/chats`), 404);
        expect(body).toEqual({ error: 'Account not found.' });
      }
    });

    it('answers 404 for an unknown route', async () => {
      await expectJson(await fixture.onlyfansapi('/api/nothing/here/at/all'), 404);
    });
  });
});
