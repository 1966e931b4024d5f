import { afterEach, describe, expect, it } from 'vitest';
import { expectJson, type Json, useSandbox, writableChats } from './helpers.ts';

const fixture = useSandbox();
const connection = () => fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
const messagesPath = (chatId: string) => `/v2/access/chats/${chatId}/messages`;

const chatAt = writableChats(connection);

afterEach(() => {
  fixture.sandbox.resetStats();
});

const send = (chatId: string, body: unknown, headers: Record<string, string> = {}) =>
  fixture.ofauthWrite('POST', messagesPath(chatId), connection().handle, body, headers);

describe('sandbox OFAuth writes', () => {
  describe('POST /v2/access/chats/{userId}/messages', () => {
    it('answers the message itself; it leads its thread and its chat the list', async () => {
      const chat = chatAt(0);
      const message = await expectJson(
        await send(chat.id, {
          text: '<p>Here you go</p>',
          mediaItems: [3100000777, 'upload_ref_1'],
          price: 15,
          previewMediaCount: 1,
          isLockedText: true,
        }),
      );
      expect(message).toMatchObject({
        text: '<p>Here you go</p>',
        price: 15,
        lockedText: true,
        isSentByMe: true,
        mediaCount: 2,
        previews: [3100000777],
      });
      expect(message.media.map((media: Json) => media.canView)).toEqual([true, false]);
      expect(message._meta).toBeUndefined();

      const thread = await expectJson(
        await fixture.ofauth(messagesPath(chat.id), connection().handle),
      );
      expect(thread.list[0]).toEqual(message);
      const list = await expectJson(await fixture.ofauth('/v2/access/chats', connection().handle));
      expect(list.list[0].withUser.id).toBe(Number(chat.id));
      expect(list.list[0].lastMessage.id).toBe(message.id);
      expect(fixture.sandbox.stats().routes['ofauth.sendMessage']).toMatchObject({
        calls: 1,
        credits: 0,
      });
    });

    it('finds a sent message by its text', async () => {
      const chat = chatAt(1);
      const message = await expectJson(await send(chat.id, { text: 'findable zebra' }));
      const found = await expectJson(
        await fixture.ofauth(`${messagesPath(chat.id)}?query=zebra`, connection().handle),
      );
      expect(found.list.map((item: Json) => item.id)).toEqual([message.id]);
    });

    it('ignores Idempotency-Key: every request sends', async () => {
      const chat = chatAt(2);
      const count = chat.messages.length;
      const headers = { 'idempotency-key': 'ofauth-has-none' };
      await expectJson(await send(chat.id, { text: 'one' }, headers));
      await expectJson(await send(chat.id, { text: 'one' }, headers));
      expect(chat.messages).toHaveLength(count + 2);
    });

    it.each([
      [{ text: '' }, 'The text field is required when mediaItems is not present.'],
      [
        { text: 'hi', price: 1, mediaItems: [1] },
        'The price field must be 0 or between 3 and 200.',
      ],
      [{ text: 'hi', price: 5 }, 'The price field requires at least one item in mediaItems.'],
      [{ text: 'hi', mediaItems: [1], previewMediaCount: 2 }, expect.any(String)],
    ])('rejects %j with a typed 400', async (body, error) => {
      const chat = chatAt(3);
      const count = chat.messages.length;
      expect(await expectJson(await send(chat.id, body), 400)).toEqual({
        error,
        type: 'BAD_REQUEST',
        requestId: expect.stringMatching(/^req_/),
      });
      expect(chat.messages).toHaveLength(count);
    });

    it('answers malformed JSON with a typed 400 and an unknown chat with a 404', async () => {
      const malformed = await fetch(`${fixture.sandbox.url}${messagesPath(chatAt(3).id)}`, {
        method: 'POST',
        headers: { apikey: fixture.sandbox.keys.ofauth, 'x-connection-id': connection().handle },
        body: '{',
      });
      expect((await expectJson(malformed, 400)).type).toBe('BAD_REQUEST');
      expect((await expectJson(await send('999', { text: 'hi' }), 404)).type).toBe(
        'RESOURCE_NOT_FOUND',
      );
    });
  });

  describe('DELETE /v2/access/chats/{userId}/messages/{messageId}', () => {
    const unsend = (chatId: string, messageId: string | number, body: unknown) =>
      fixture.ofauthWrite(
        'DELETE',
        `${messagesPath(chatId)}/${messageId}`,
        connection().handle,
        body,
      );

    it('unsends a fresh message of the creator given withUserId', async () => {
      const chat = chatAt(4);
      const message = await expectJson(await send(chat.id, { text: 'take it back' }));
      await expectJson(await unsend(chat.id, message.id, {}), 400);
      expect(
        await expectJson(await unsend(chat.id, message.id, { withUserId: Number(chat.id) })),
      ).toEqual({ success: true });
      const thread = await expectJson(
        await fixture.ofauth(messagesPath(chat.id), connection().handle),
      );
      expect(thread.list.map((item: Json) => item.id)).not.toContain(message.id);
    });

    it('refuses an old message with a typed 400 and an unknown one with a 404', async () => {
      const chat = connection().chats.find((candidate) =>
        candidate.messages.some((message) => message.fromCreator),
      )!;
      const own = chat.messages.find((message) => message.fromCreator)!;
      const old = await expectJson(await unsend(chat.id, own.id, { withUserId: chat.id }), 400);
      expect(old).toMatchObject({
        type: 'BAD_REQUEST',
        error: expect.stringContaining('24 hours'),
      });
      await expectJson(await unsend(chat.id, 1, { withUserId: chat.id }), 404);
    });
  });
});
