import { describe, expect, it } from 'vitest';
import { UpstreamBadRequestError } from '../../src/http/errors.ts';
import { ADAPTER_CASES } from './adapter-cases.ts';
import { named, pageAllChats, useSandbox } from './adapter-harness.ts';
import { expectUpstreamError } from './upstream-assertions.ts';
import {
  done,
  messagesNow,
  newestRead,
  sendableMediaIds,
  sendOf,
  useWriter,
} from './write-harness.ts';

/**
 * The writes every account adapter declares, over the sandbox, which applies them to its dataset:
 * a sent message is the record a read of its thread gives, in one vendor call; mark read leaves
 * the chat read; unsend removes the message, within the vendor's window only. Writes change the
 * dataset, so they have a sandbox of their own, apart from the read contract.
 */

const env = useSandbox();

/** The cases that send; the suite runs each write only where the case declares it. */
const SENDING = ADAPTER_CASES.filter((testCase) => testCase.capabilities.writes.sendMessage);

describe.each(named(SENDING))('the account adapter of %s', (_name, testCase) => {
  const writer = useWriter(env, testCase);
  const { writes } = testCase.capabilities;
  const routes = testCase.writeRoutes;

  describe('sendMessage', () => {
    it('answers DONE with the record a read of the thread gives, in one vendor call', async () => {
      const chat = writer.chats[0]!;
      const before = messagesNow(env, writer.account, chat).length;
      const sent = done(await writer.adapter.sendMessage!(sendOf(chat)));
      expect(env.calls('*')).toBe(1);
      expect(env.calls(routes.send)).toBe(1);
      expect(sent).toMatchObject({
        connectedAccount: writer.adapter.connectedAccount,
        chatId: chat.id,
        partnerId: chat.partner.id,
        senderId: writer.account.creator.id,
        isFromCreator: true,
        text: 'hello from the gateway',
        isFree: true,
        price: null,
      });
      expect(messagesNow(env, writer.account, chat)).toHaveLength(before + 1);
      expect(await newestRead(writer.adapter, chat)).toEqual(sent);
    });

    it('sends the text as typed: markup stays text, line breaks stay', async () => {
      const chat = writer.chats[1]!;
      const text = 'a <b>tag</b> & "quotes"\nsecond line';
      const sent = done(await writer.adapter.sendMessage!(sendOf(chat, { text })));
      expect(sent.text).toBe(text);
      expect(await newestRead(writer.adapter, chat)).toEqual(sent);
    });

    it('sends media, and a price where the vendor takes one, as the read gives them', async () => {
      const chat = writer.chats[2]!;
      const mediaIds = sendableMediaIds(writer.account, 2);
      expect(mediaIds).toHaveLength(2);
      const price = writes.paidMessages ? 12.5 : 0;
      const replyTo = chat.messages.at(-1)!.id;
      const sent = done(
        await writer.adapter.sendMessage!(
          sendOf(chat, { text: 'look', mediaIds, price, replyToMessageId: replyTo }),
        ),
      );
      expect(sent.price).toBe(writes.paidMessages ? 12.5 : null);
      expect(sent.isFree).toBe(!writes.paidMessages);
      const sentMedia =
        sent.media.kind === 'inline'
          ? sent.media.items.map((item) => item.platformId)
          : sent.media.refs.map((ref) => ref.id);
      expect(sentMedia).toEqual(mediaIds);
      expect(await newestRead(writer.adapter, chat)).toEqual(sent);
      expect(env.calls(routes.send)).toBe(1);
    });
  });

  describe.runIf(writes.markRead)('markRead', () => {
    /** A chat with unread fan messages, all among the newest 25. */
    const unreadChat = () =>
      writer.chats.find((chat) => chat.unreadCount > 0 && chat.unreadCount <= 25)!;

    it('leaves the chat with no unread message on the next read', async () => {
      const chat = unreadChat();
      expect(chat).toBeDefined();
      expect(
        done(await writer.adapter.markRead!({ chatId: chat.id, partnerId: chat.partner.id })),
      ).toBeNull();
      expect(env.calls(routes.markRead!)).toBe(1);
      // Fansly reads the newest messages to name the unread ones; OnlyFans marks the chat.
      expect(env.calls('*')).toBe(testCase.platform === 'FANSLY' ? 2 : 1);
      const chats = await pageAllChats(writer.adapter, testCase.capabilities.chatPageMax);
      expect(chats.find((candidate) => candidate.chatId === chat.id)?.unreadCount).toBe(0);
    });

    it('on a chat already read, makes no write where the vendor names messages', async () => {
      const chat = writer.chats.find((candidate) => candidate.unreadCount === 0)!;
      const outcome = await writer.adapter.markRead!({
        chatId: chat.id,
        partnerId: chat.partner.id,
      });
      expect(done(outcome)).toBeNull();
      expect(env.calls(routes.markRead!)).toBe(testCase.platform === 'FANSLY' ? 0 : 1);
      expect(env.calls('*')).toBe(1);
    });
  });

  describe.runIf(writes.unsendMessage)('unsendMessage', () => {
    it('removes a message just sent, in one vendor call', async () => {
      const chat = writer.chats[3]!;
      const sent = done(await writer.adapter.sendMessage!(sendOf(chat, { text: 'oops' })));
      const before = messagesNow(env, writer.account, chat).length;
      const outcome = await writer.adapter.unsendMessage!({
        chatId: chat.id,
        partnerId: chat.partner.id,
        messageId: sent.platformId,
      });
      expect(done(outcome)).toBeNull();
      expect(env.calls(routes.unsend!)).toBe(1);
      expect(messagesNow(env, writer.account, chat)).toHaveLength(before - 1);
      expect((await newestRead(writer.adapter, chat))?.platformId).not.toBe(sent.platformId);
    });

    it("answers NOT_SENT with the vendor's refusal for a message older than its window", async () => {
      const chat = writer.chats.find((candidate) =>
        candidate.messages.some((message) => message.fromCreator),
      )!;
      const old = chat.messages.find((message) => message.fromCreator)!;
      const before = messagesNow(env, writer.account, chat).length;
      const outcome = await writer.adapter.unsendMessage!({
        chatId: chat.id,
        partnerId: chat.partner.id,
        messageId: old.id,
      });
      expect(outcome.status).toBe('NOT_SENT');
      if (outcome.status === 'DONE') return;
      expectUpstreamError(outcome.error, {
        type: UpstreamBadRequestError,
        vendor: testCase.vendor,
        route: routes.unsend!,
        externalId: writer.account.handle,
        status: testCase.vendor === 'OFAUTH' ? 400 : 422,
        apiKey: env.sandbox.keys[testCase.sandboxVendor],
      });
      expect(JSON.stringify(outcome.error.vendorBody)).toContain('24 hours');
      expect(env.calls(routes.unsend!)).toBe(1);
      expect(messagesNow(env, writer.account, chat)).toHaveLength(before);
    });
  });
});
