import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectJson, useSandbox, writableChats } from './helpers.ts';

const fixture = useSandbox();
const account = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
const connection = () => fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
const messagesPath = (chatId: string) => `/api/${account().handle}/chats/${chatId}/messages`;

const chatAt = writableChats(account);

afterEach(() => {
  fixture.sandbox.clearFaults();
  fixture.sandbox.resetStats();
});

const send = (
  chatId: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) => fixture.onlyfansapiWrite('POST', messagesPath(chatId), body, headers, signal);

describe('sandbox faults on writes', () => {
  describe('statusAfterWrite', () => {
    it('applies the send, then answers 500 with the vendor body and charges nothing', async () => {
      const chat = chatAt(0);
      const count = chat.messages.length;
      fixture.sandbox.addFault({ route: 'onlyfans.sendMessage', kind: 'statusAfterWrite' });
      expect(await expectJson(await send(chat.id, { text: 'did it go?' }), 500)).toEqual({
        error: 'Server Error',
      });
      expect(chat.messages).toHaveLength(count + 1);
      expect(chat.messages.at(-1)!.text?.html).toBe('did it go?');
      expect(fixture.sandbox.stats().routes['onlyfans.sendMessage']).toMatchObject({
        calls: 1,
        credits: 0,
      });
    });

    it('remembers the success under the key: a retry returns the message without a copy', async () => {
      const chat = chatAt(1);
      const count = chat.messages.length;
      const headers = { 'idempotency-key': 'after-write-1' };
      fixture.sandbox.addFault({
        route: 'onlyfans.sendMessage',
        kind: 'statusAfterWrite',
        status: 502,
      });
      await expectJson(await send(chat.id, { text: 'retry me' }, headers), 502);
      const retried = await expectJson(await send(chat.id, { text: 'retry me' }, headers));
      expect(retried.data.id).toBe(Number(chat.messages.at(-1)!.id));
      expect(retried.data.text).toBe('retry me');
      expect(chat.messages).toHaveLength(count + 1);
    });
  });

  describe('notSent', () => {
    it('applies nothing and says so in the OnlyFansAPI body', async () => {
      const chat = chatAt(2);
      const count = chat.messages.length;
      const headers = { 'idempotency-key': 'not-sent-1' };
      fixture.sandbox.addFault({ route: 'onlyfans.sendMessage', kind: 'notSent' });
      expect(await expectJson(await send(chat.id, { text: 'later' }, headers), 503)).toEqual({
        error: 'Service Unavailable',
        request_outcome: 'not_sent',
      });
      expect(chat.messages).toHaveLength(count);
      // Nothing was remembered under the key: the retry sends, once.
      await expectJson(await send(chat.id, { text: 'later' }, headers));
      expect(chat.messages).toHaveLength(count + 1);
    });

    it('adds the outcome to the OFAuth typed body', async () => {
      const chat = connection().chats[30]!;
      const count = chat.messages.length;
      fixture.sandbox.addFault({ route: 'ofauth.sendMessage', kind: 'notSent', status: 500 });
      const answer = await expectJson(
        await fixture.ofauthWrite(
          'POST',
          `/v2/access/chats/${chat.id}/messages`,
          connection().handle,
          { text: 'later' },
        ),
        500,
      );
      expect(answer).toEqual({
        error: expect.any(String),
        type: 'INTERNAL_SERVER_ERROR',
        requestId: expect.stringMatching(/^req_/),
        request_outcome: 'not_sent',
      });
      expect(chat.messages).toHaveLength(count);
    });

    it('waits for a write: a catch-all write fault leaves reads alone', async () => {
      const chat = chatAt(3);
      fixture.sandbox.addFault({ route: '*', kind: 'notSent' });
      await expectJson(await fixture.onlyfansapi(messagesPath(chat.id)));
      await expectJson(await send(chat.id, { text: 'x' }), 503);
    });
  });

  describe('hangAfterWrite', () => {
    it('applies the send and never answers; the client gives up', async () => {
      const chat = chatAt(4);
      const count = chat.messages.length;
      fixture.sandbox.addFault({ route: 'onlyfans.sendMessage', kind: 'hangAfterWrite' });
      const controller = new AbortController();
      const pending = send(chat.id, { text: 'into the void' }, {}, controller.signal);
      await vi.waitFor(() => expect(chat.messages).toHaveLength(count + 1));
      controller.abort();
      await expect(pending).rejects.toThrow(/abort/i);
      expect(chat.messages.at(-1)!.text?.html).toBe('into the void');
    });
  });

  describe('faults that answer before the write', () => {
    it('status answers its status and applies nothing', async () => {
      const chat = chatAt(5);
      const count = chat.messages.length;
      fixture.sandbox.addFault({ route: 'onlyfans.sendMessage', kind: 'status', status: 429 });
      await expectJson(await send(chat.id, { text: 'never' }), 429);
      expect(chat.messages).toHaveLength(count);
    });

    it.each(['truncate', 'malformed'] as const)(
      '%s answers no JSON and applies nothing',
      async (kind) => {
        const chat = chatAt(5);
        const count = chat.messages.length;
        fixture.sandbox.addFault({ route: 'onlyfans.sendMessage', kind });
        const response = await send(chat.id, { text: 'never' });
        await expect(response.text().then((text) => JSON.parse(text))).rejects.toThrow();
        expect(chat.messages).toHaveLength(count);
      },
    );

    it('hang applies nothing; the client gives up', async () => {
      const chat = account().chats.find((candidate) => candidate.unreadCount > 0)!;
      const unread = chat.unreadCount;
      fixture.sandbox.addFault({ route: 'onlyfans.markRead', kind: 'hang' });
      const controller = new AbortController();
      const pending = fixture.onlyfansapiWrite(
        'POST',
        `/api/${account().handle}/chats/${chat.id}/mark-as-read`,
        undefined,
        {},
        controller.signal,
      );
      await vi.waitFor(() =>
        expect(fixture.sandbox.stats().routes['onlyfans.markRead'].calls).toBe(1),
      );
      controller.abort();
      await expect(pending).rejects.toThrow(/abort/i);
      expect(chat.unreadCount).toBe(unread);
    });
  });
});
