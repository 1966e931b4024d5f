import { afterEach, describe, expect, it } from 'vitest';
import { expectJson, type Json, useSandbox, writableChats } from './helpers.ts';

const fixture = useSandbox();
const account = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
const chatPath = (chatId: string) => `/api/fansly/${account().handle}/chats/${chatId}`;
const TWO_TO_53 = 2n ** 53n;

const chatAt = writableChats(account);

afterEach(() => {
  fixture.sandbox.resetStats();
});

async function send(chatId: string, body: unknown, headers: Record<string, string> = {}) {
  return fixture.onlyfansapiWrite('POST', `${chatPath(chatId)}/messages`, body, headers);
}

describe('sandbox OnlyFansAPI · Fansly writes', () => {
  describe('POST /api/fansly/{acct}/chats/{chat_id}/messages', () => {
    it('answers the new message with float seconds; it leads its thread and its chat the list', async () => {
      const chat = chatAt(0);
      const before = chat.messages.at(-1)!;
      const sent = await expectJson(await send(chat.id, { text: 'Hi <there> & welcome' }));
      const message = sent.data;
      expect(message).toMatchObject({
        content: 'Hi <there> & welcome',
        groupId: chat.id,
        senderId: account().creator.id,
        inReplyTo: null,
        attachments: [],
      });
      expect(typeof message.id).toBe('string');
      expect(BigInt(message.id)).toBeGreaterThan(TWO_TO_53);
      expect(BigInt(message.id)).toBeGreaterThan(BigInt(before.id));
      expect(Number.isInteger(message.createdAt)).toBe(false);
      expect(message.createdAt).toBeGreaterThan(Date.now() / 1000 - 60);
      expect(sent._meta._credits.used).toBe(1);

      const thread = await expectJson(
        await fixture.onlyfansapi(`${chatPath(chat.id)}/messages?limit=5`),
      );
      expect(thread.data.messages[0]).toEqual(message);
      const list = await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account().handle}/chats?limit=5`),
      );
      expect(list.data.data[0]).toMatchObject({ groupId: chat.id, lastMessageId: message.id });
      expect(list.data.aggregationData.groups[0].lastMessage.content).toBe(message.content);
    });

    it('attaches accountMedia by id and answers a reply', async () => {
      const chat = chatAt(1);
      const known = [...account().mediaById.values()].find((media) => !media.absentFromPage)!;
      const repliedTo = chat.messages.at(-1)!;
      const sent = await expectJson(
        await send(chat.id, {
          text: '',
          mediaFiles: [known.id, '512345678901234567'],
          replyToMessageId: repliedTo.id,
        }),
      );
      expect(sent.data.attachments.map((item: Json) => [item.contentType, item.contentId])).toEqual(
        [
          [1, known.id],
          [1, '512345678901234567'],
        ],
      );
      expect(sent.data.inReplyTo).toBe(repliedTo.id);
      expect(sent.data.inReplyToRoot).toBe(repliedTo.id);
      const thread = await expectJson(
        await fixture.onlyfansapi(`${chatPath(chat.id)}/messages?limit=1`),
      );
      expect(thread.data.accountMedia.map((media: Json) => media.id)).toEqual([
        known.id,
        '512345678901234567',
      ]);
      const lookup = await expectJson(
        await fixture.onlyfansapi(
          `/api/fansly/${account().handle}/account-media/512345678901234567`,
        ),
      );
      expect(lookup.response[0].id).toBe('512345678901234567');
    });

    it.each([
      [{ text: 'hi', price: 5000 }, 'price'],
      [{ text: '' }, 'text'],
      [{ text: 'hi', mediaFiles: [512345678901234560] }, 'mediaFiles.0'],
      [{ text: 'hi', replyToMessageId: '1' }, 'replyToMessageId'],
    ])('rejects %j with a 422 naming %s', async (body, field) => {
      const chat = chatAt(2);
      const count = chat.messages.length;
      const answer = await expectJson(await send(chat.id, body), 422);
      expect(Object.keys(answer.errors)).toEqual([field]);
      expect(chat.messages).toHaveLength(count);
    });

    it('applies a repeated Idempotency-Key once', async () => {
      const chat = chatAt(3);
      const count = chat.messages.length;
      const headers = { 'idempotency-key': 'fansly-once' };
      const first = await expectJson(await send(chat.id, { text: 'once' }, headers));
      const again = await expectJson(await send(chat.id, { text: 'once' }, headers));
      expect(again.data).toEqual(first.data);
      expect(chat.messages).toHaveLength(count + 1);
    });
  });

  describe('POST /api/fansly/{acct}/chats/{chat_id}/messages/ack', () => {
    const ack = (chatId: string, body: unknown) =>
      fixture.onlyfansapiWrite('POST', `${chatPath(chatId)}/messages/ack`, body);

    it('type 2 reads the messages and recounts unread; type 4 makes them unread again', async () => {
      const chat = account().chats.find((candidate) => candidate.unreadCount >= 2)!;
      const unread = chat.messages.filter((message) => !message.fromCreator && !message.isRead);
      const first = unread[0]!;
      const answer = await expectJson(await ack(chat.id, { messageIds: [first.id], type: 2 }));
      expect(answer.data).toEqual({ success: true });
      expect(chat.unreadCount).toBe(unread.length - 1);
      expect(first.isRead).toBe(true);

      const list = async () => {
        const body = await expectJson(
          await fixture.onlyfansapi(
            `/api/fansly/${account().handle}/chats?limit=100&search=${encodeURIComponent(chat.partner.username)}`,
          ),
        );
        return body.data.data.find((item: Json) => item.groupId === chat.id);
      };
      expect((await list()).unreadCount).toBe(unread.length - 1);

      await expectJson(await ack(chat.id, { messageIds: [first.id], type: 4 }));
      expect(chat.unreadCount).toBe(unread.length);
      await expectJson(
        await ack(chat.id, { messageIds: unread.map((message) => message.id), type: 3 }),
      );
      expect((await list()).unreadCount).toBe(0);
      expect(fixture.sandbox.stats().routes['fansly.ack']).toMatchObject({ calls: 3, credits: 3 });
    });

    it.each([
      [{ messageIds: [], type: 2 }, 'messageIds'],
      [
        { messageIds: Array.from({ length: 26 }, (_, index) => String(index + 1)), type: 2 },
        'messageIds',
      ],
      [{ messageIds: ['1'], type: 5 }, 'type'],
      [{ messageIds: ['1'] }, 'type'],
    ])('rejects %j with a 422 naming %s', async (body, field) => {
      const answer = await expectJson(await ack(chatAt(4).id, body), 422);
      expect(Object.keys(answer.errors)).toEqual([field]);
    });
  });
});
