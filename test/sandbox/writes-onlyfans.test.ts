import { afterEach, describe, expect, it } from 'vitest';
import { expectJson, type Json, useSandbox, writableChats } from './helpers.ts';

const fixture = useSandbox();
const account = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
const messagesPath = (chatId: string) => `/api/${account().handle}/chats/${chatId}/messages`;
const chatAt = writableChats(account);

afterEach(() => {
  fixture.sandbox.clearFaults();
  fixture.sandbox.resetStats();
});

async function send(chatId: string, body: unknown, headers: Record<string, string> = {}) {
  return fixture.onlyfansapiWrite('POST', messagesPath(chatId), body, headers);
}

describe('sandbox OnlyFansAPI · OnlyFans writes', () => {
  describe('POST /api/{account}/chats/{chat_id}/messages', () => {
    it('answers the new message, newest in its thread and its chat first in the list', async () => {
      const chat = chatAt(0);
      const before = chat.messages.at(-1)!;
      const sent = await expectJson(
        await send(chat.id, { text: '<p>Hello from the test</p>', price: 0 }),
      );
      expect(Object.keys(sent)).toEqual(['data', '_meta']);
      expect(sent._meta._credits.used).toBe(1);
      const message = sent.data;
      expect(message).toMatchObject({
        text: '<p>Hello from the test</p>',
        price: 0,
        isSentByMe: true,
        isNew: false,
        fromUser: { id: Number(account().creator.id) },
        mediaCount: 0,
      });
      expect(typeof message.id).toBe('number');
      expect(message.id).toBeGreaterThan(Number(before.id));
      expect(Date.parse(message.createdAt)).toBeGreaterThan(Date.now() - 60_000);

      const thread = await expectJson(await fixture.onlyfansapi(messagesPath(chat.id)));
      expect(thread.data[0]).toEqual(message);
      expect(thread.data[1].id).toBe(Number(before.id));

      const list = await expectJson(await fixture.onlyfansapi(`/api/${account().handle}/chats`));
      expect(String(list.data[0].fan.id)).toBe(chat.id);
      expect(list.data[0].lastMessage.id).toBe(message.id);
      expect(list.data[0].unreadMessagesCount).toBe(chat.unreadCount);
      expect(account().chats[0]).toBe(chat);
      expect(account().chatById.get(chat.id)).toBe(chat);
    });

    it('sends priced vault and uploaded media, with previews and a reply', async () => {
      const chat = chatAt(1);
      const repliedTo = chat.messages.at(-1)!;
      const totals = { ...fixture.sandbox.dataset.totals };
      const sent = await expectJson(
        await send(chat.id, {
          text: 'New set',
          price: 9.99,
          mediaFiles: [3100000123, 'ofapi_media_abc123'],
          previews: [3100000123],
          replyToMessageId: Number(repliedTo.id),
        }),
      );
      const message = sent.data;
      expect(message).toMatchObject({ price: 9.99, isFree: false, mediaCount: 2 });
      expect(message.media[0]).toMatchObject({ id: 3100000123, canView: true });
      expect(message.media[1]).toMatchObject({ id: expect.any(Number), canView: false });
      expect(message.media[1].id).toBeGreaterThanOrEqual(5_000_000_000);
      expect(message.previews).toEqual([3100000123]);
      expect(message.replyToMessage.id).toBe(Number(repliedTo.id));
      expect(fixture.sandbox.dataset.totals).toMatchObject({
        messages: totals.messages + 1,
        media: totals.media + 2,
      });
      const thread = await expectJson(await fixture.onlyfansapi(messagesPath(chat.id)));
      expect(thread.data[0]).toEqual(message);
    });

    it.each([
      [{ text: '' }, 'text', 'The text field is required when mediaFiles is not present.'],
      [{ text: '   ', mediaFiles: [] }, 'text', expect.any(String)],
      [{ text: 'hi', price: 2, mediaFiles: [1] }, 'price', expect.stringContaining('0 or')],
      [{ text: 'hi', price: 250, mediaFiles: [1] }, 'price', expect.stringContaining('0 or')],
      [{ text: 'hi', price: 5 }, 'price', expect.stringContaining('at least one')],
      [
        { text: 'hi', mediaFiles: Array.from({ length: 21 }, (_, index) => index + 1) },
        'mediaFiles',
        'The mediaFiles field must not have more than 20 items.',
      ],
      [
        { text: 'hi', mediaFiles: ['https://evil.example/x.jpg'] },
        'mediaFiles.0',
        expect.any(String),
      ],
      [{ text: 'hi', mediaFiles: [1], previews: [2] }, 'previews.0', expect.any(String)],
      [{ text: 42 }, 'text', 'The text field must be a string.'],
      [{ text: 'hi', replyToMessageId: 1 }, 'replyToMessageId', expect.any(String)],
    ])('rejects %j with a Laravel 422 and applies nothing', async (body, field, message) => {
      const chat = chatAt(2);
      const count = chat.messages.length;
      const answer = await expectJson(await send(chat.id, body), 422);
      expect(answer).toEqual({ message, errors: { [field]: [message] } });
      expect(chat.messages).toHaveLength(count);
      expect(fixture.sandbox.stats().routes['onlyfans.sendMessage']).toMatchObject({
        calls: 1,
        credits: 0,
      });
    });

    it('rejects malformed JSON with a 422 after authentication', async () => {
      const path = `${fixture.sandbox.url}${messagesPath(chatAt(2).id)}`;
      const unauthenticated = await fetch(path, { method: 'POST', body: '{"text": ' });
      expect(unauthenticated.status).toBe(401);
      const answer = await expectJson(
        await fetch(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${fixture.sandbox.keys.onlyfansapi}` },
          body: '{"text": ',
        }),
        422,
      );
      expect(answer.errors).toEqual({ body: ['The request body must be valid JSON.'] });
    });

    it('answers 413 to a body over 64 KB, before authentication', async () => {
      const answer = await expectJson(await send(chatAt(2).id, { text: 'x'.repeat(70_000) }), 413);
      expect(answer).toEqual({ error: expect.any(String) });
      expect(fixture.sandbox.stats().totalCalls).toBe(0);
    });

    it('answers 404 for an unknown chat', async () => {
      expect(await expectJson(await send('999', { text: 'hi' }), 404)).toEqual({
        error: 'Chat not found.',
      });
    });

    it('answers 405 to a known path with another method, 404 to an unknown one', async () => {
      const response = await fixture.onlyfansapiWrite('DELETE', messagesPath(chatAt(2).id));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST, GET');
      expect(await expectJson(response, 405)).toEqual({ error: expect.any(String) });
      await expectJson(
        await fixture.onlyfansapiWrite('POST', `/api/${account().handle}/nothing`),
        404,
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('applies the first request once and answers a repeat with the same message', async () => {
      const chat = chatAt(3);
      const count = chat.messages.length;
      const headers = { 'idempotency-key': 'key-once-1' };
      const first = await expectJson(await send(chat.id, { text: 'once' }, headers));
      const again = await expectJson(await send(chat.id, { text: 'once' }, headers));
      expect(again.data).toEqual(first.data);
      expect(chat.messages).toHaveLength(count + 1);
      const fresh = await expectJson(
        await send(chat.id, { text: 'once' }, { 'idempotency-key': 'key-once-2' }),
      );
      expect(fresh.data.id).toBeGreaterThan(first.data.id);
      expect(chat.messages).toHaveLength(count + 2);
      // Every answered request costs its credit, replays included.
      expect(fixture.sandbox.stats().routes['onlyfans.sendMessage'].credits).toBe(3);
    });

    it('refuses a key reused for another request', async () => {
      const chat = chatAt(3);
      const headers = { 'idempotency-key': 'key-reused' };
      await expectJson(await send(chat.id, { text: 'first' }, headers));
      const answer = await expectJson(await send(chat.id, { text: 'second' }, headers), 422);
      expect(Object.keys(answer.errors)).toEqual(['Idempotency-Key']);
    });

    it('remembers nothing for a rejected request', async () => {
      const chat = chatAt(3);
      const headers = { 'idempotency-key': 'key-after-422' };
      await expectJson(await send(chat.id, { text: '' }, headers), 422);
      const count = chat.messages.length;
      await expectJson(await send(chat.id, { text: 'fixed' }, headers));
      expect(chat.messages).toHaveLength(count + 1);
    });
  });

  describe('POST /api/{account}/chats/{chat_id}/mark-as-read', () => {
    it('reads every fan message: unread 0 in the chat list', async () => {
      const chat = account().chats.find((candidate) => candidate.unreadCount > 1)!;
      const answer = await expectJson(
        await fixture.onlyfansapiWrite(
          'POST',
          `/api/${account().handle}/chats/${chat.id}/mark-as-read`,
        ),
      );
      expect(answer.data).toEqual({ success: true });
      expect(answer._meta._credits.used).toBe(1);
      expect(chat.unreadCount).toBe(0);
      expect(chat.messages.every((message) => message.fromCreator || message.isRead)).toBe(true);
      const list = await expectJson(
        await fixture.onlyfansapi(
          `/api/${account().handle}/chats?limit=30&query=${encodeURIComponent(chat.partner.username)}`,
        ),
      );
      const entry = list.data.find((item: Json) => String(item.fan.id) === chat.id);
      expect(entry.unreadMessagesCount).toBe(0);
      expect(entry.lastReadMessageId).toBe(Number(chat.messages.at(-1)!.id));
      expect(fixture.sandbox.stats().routes['onlyfans.markRead']).toMatchObject({
        calls: 1,
        credits: 1,
      });
    });
  });

  describe('DELETE /api/{account}/chats/{chat_id}/messages/{message_id}', () => {
    it('unsends a fresh message of the creator: gone from the thread', async () => {
      const chat = chatAt(4);
      const previousLast = chat.messages.at(-1)!;
      const sent = await expectJson(await send(chat.id, { text: 'oops' }));
      const answer = await expectJson(
        await fixture.onlyfansapiWrite('DELETE', `${messagesPath(chat.id)}/${sent.data.id}`),
      );
      expect(answer.data).toEqual({ success: true });
      const thread = await expectJson(await fixture.onlyfansapi(messagesPath(chat.id)));
      expect(thread.data[0].id).toBe(Number(previousLast.id));
      expect(chat.lastActivity).toBe(previousLast.createdAt);
      const list = await expectJson(
        await fixture.onlyfansapi(`/api/${account().handle}/chats?limit=30`),
      );
      expect(list.data.map((item: Json) => String(item.fan.id))).toEqual(
        account()
          .chats.slice(0, 30)
          .map((item) => item.id),
      );
    });

    it('refuses an old message and a fan message with a 422, an unknown one with a 404', async () => {
      const chat = account().chats.find(
        (candidate) =>
          candidate.messages.some((message) => message.fromCreator) &&
          candidate.messages.some((message) => !message.fromCreator),
      )!;
      const own = chat.messages.find((message) => message.fromCreator)!;
      const fans = chat.messages.find((message) => !message.fromCreator)!;
      const old = await expectJson(
        await fixture.onlyfansapiWrite('DELETE', `${messagesPath(chat.id)}/${own.id}`),
        422,
      );
      expect(old.message).toContain('24 hours');
      await expectJson(
        await fixture.onlyfansapiWrite('DELETE', `${messagesPath(chat.id)}/${fans.id}`),
        422,
      );
      await expectJson(
        await fixture.onlyfansapiWrite('DELETE', `${messagesPath(chat.id)}/123`),
        404,
      );
      expect(chat.messages).toContain(own);
      expect(fixture.sandbox.stats().routes['onlyfans.deleteMessage']).toMatchObject({
        calls: 3,
        credits: 0,
      });
    });
  });
});
