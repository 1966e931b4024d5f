import { describe, expect, it } from 'vitest';
import { expectJson, type Json, useSandbox, writableChats } from './helpers.ts';

const fixture = useSandbox();
const onlyfans = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
const fansly = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
const connection = () => fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;

function simulate(body: unknown): Promise<Response> {
  return fetch(`${fixture.sandbox.url}/_sandbox/simulate/message`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /_sandbox/simulate/message', () => {
  describe('input', () => {
    it.each([
      ['no account', {}, 400, 'invalid_request'],
      ['an account that is not a string', { account: 7 }, 400, 'invalid_request'],
      ['an empty text', { account: 'acct_x', text: '' }, 400, 'invalid_request'],
      ['a text too long', { account: 'acct_x', text: 'a'.repeat(5_001) }, 400, 'invalid_request'],
      ['an unknown field', { account: 'acct_x', txet: 'hi' }, 400, 'invalid_request'],
      ['a body that is not an object', [1], 400, 'invalid_request'],
      ['malformed JSON', '{"account": ', 400, 'invalid_request'],
      ['an unknown account', { account: 'acct_nobody' }, 404, 'unknown_account'],
    ])('refuses %s with a code', async (_name, body, status, code) => {
      const answer = await expectJson(await simulate(body), status);
      expect(answer).toEqual({ error: expect.any(String), code });
    });

    it('refuses a chat the account does not have', async () => {
      const answer = await expectJson(
        await simulate({ account: onlyfans().handle, chat: fansly().chats[0]!.id }),
        404,
      );
      expect(answer.code).toBe('unknown_chat');
    });

    it('refuses a body over 64 KB with 413', async () => {
      const response = await simulate({ account: onlyfans().handle, pad: 'x'.repeat(70_000) });
      expect(response.status).toBe(413);
    });

    it('finds the account by its creator username too, and picks a chat when none is named', async () => {
      const account = onlyfans();
      const answer = await expectJson(
        await simulate({ account: `@${account.creator.username}` }),
        201,
      );
      expect(answer).toMatchObject({ account: account.handle, eventId: null });
      expect(account.chatById.has(answer.chatId)).toBe(true);
    });
  });

  describe('what the read routes show afterwards', () => {
    it('OnlyFans: the message leads its thread, the chat the list, one more unread', async () => {
      const account = onlyfans();
      const chat = writableChats(onlyfans)(0);
      const unreadBefore = chat.unreadCount;
      const answer = await expectJson(
        await simulate({ account: account.handle, chat: chat.id, text: 'Is <this> new?' }),
        201,
      );
      expect(answer).toEqual({
        account: account.handle,
        vendor: 'onlyfansapi',
        platform: 'onlyfans',
        chatId: chat.id,
        partnerId: chat.partner.id,
        messageId: expect.stringMatching(/^\d+$/),
        eventId: null,
      });
      const thread: Json = await expectJson(
        await fixture.onlyfansapi(`/api/${account.handle}/chats/${chat.id}/messages?limit=5`),
      );
      expect(thread.data[0]).toMatchObject({
        id: Number(answer.messageId),
        text: '<p>Is &lt;this&gt; new?</p>',
        fromUser: { id: Number(chat.partner.id) },
        isSentByMe: false,
        isNew: true,
        isOpened: false,
      });
      const list: Json = await expectJson(
        await fixture.onlyfansapi(`/api/${account.handle}/chats?limit=10`),
      );
      expect(list.data[0]).toMatchObject({
        fan: { id: Number(chat.partner.id) },
        unreadMessagesCount: unreadBefore + 1,
        lastMessage: { id: Number(answer.messageId) },
      });
    });

    it('Fansly: the plain text as written, the chat first with one more unread', async () => {
      const account = fansly();
      const chat = writableChats(fansly)(0);
      const unreadBefore = chat.unreadCount;
      const answer = await expectJson(
        await simulate({ account: account.handle, chat: chat.id, text: 'a < b & c' }),
        201,
      );
      const base = `/api/fansly/${account.handle}/chats`;
      const thread: Json = await expectJson(
        await fixture.onlyfansapi(`${base}/${chat.id}/messages?limit=5`),
      );
      expect(thread.data.messages[0]).toMatchObject({
        id: answer.messageId,
        content: 'a < b & c',
        senderId: chat.partner.id,
      });
      const list: Json = await expectJson(await fixture.onlyfansapi(`${base}?limit=5`));
      expect(list.data.data[0]).toMatchObject({
        groupId: chat.id,
        unreadCount: unreadBefore + 1,
        lastMessageId: answer.messageId,
        lastUnreadMessageId: answer.messageId,
      });
    });

    it('OFAuth: the message leads its thread and the chat the list', async () => {
      const account = connection();
      const chat = writableChats(connection)(0);
      const unreadBefore = chat.unreadCount;
      const answer = await expectJson(
        await simulate({ account: account.handle, chat: chat.id }),
        201,
      );
      const thread: Json = await expectJson(
        await fixture.ofauth(`/v2/access/chats/${chat.id}/messages?limit=5`, account.handle),
      );
      expect(thread.list[0]).toMatchObject({ id: Number(answer.messageId), isSentByMe: false });
      const list: Json = await expectJson(
        await fixture.ofauth('/v2/access/chats?limit=5', account.handle),
      );
      expect(list.list[0]).toMatchObject({
        withUser: { id: Number(chat.partner.id) },
        unreadMessagesCount: unreadBefore + 1,
      });
    });

    it('counts the message in the totals', async () => {
      const before = fixture.sandbox.dataset.totals.messages;
      await expectJson(await simulate({ account: connection().handle }), 201);
      const health: Json = await expectJson(await fetch(`${fixture.sandbox.url}/_sandbox/health`));
      expect(health.totals.messages).toBe(before + 1);
    });
  });
});

describe('/_sandbox/webhooks', () => {
  const control = (method: string, body?: unknown) =>
    fetch(`${fixture.sandbox.url}/_sandbox/webhooks`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('sets, reads without secrets, and stops', async () => {
    const secret = 'my-own-onlyfansapi-secret';
    const set: Json = await expectJson(
      await control('PUT', {
        onlyfansapi: { url: 'http://127.0.0.1:9/webhooks/onlyfansapi', secret },
        ofauth: { url: 'http://127.0.0.1:9/webhooks/ofauth' },
      }),
    );
    const expected = {
      onlyfansapi: { url: 'http://127.0.0.1:9/webhooks/onlyfansapi', secret: 'given' },
      ofauth: { url: 'http://127.0.0.1:9/webhooks/ofauth', secret: 'generated' },
    };
    expect(set).toEqual(expected);
    const read = await (await control('GET')).text();
    expect(JSON.parse(read)).toEqual(expected);
    expect(read).not.toContain(secret);
    expect(read).not.toContain(fixture.sandbox.webhookSecrets.ofauth);
    expect(fixture.sandbox.webhookTargets().ofauth?.secret).toBe(
      fixture.sandbox.webhookSecrets.ofauth,
    );
    expect(await expectJson(await control('DELETE'))).toEqual({ onlyfansapi: null, ofauth: null });
  });

  it.each([
    ['an unknown vendor', { stripe: { url: 'http://127.0.0.1:9/' } }],
    ['a URL that is not http', { onlyfansapi: { url: 'file:///etc/passwd' } }],
    ['no URL', { onlyfansapi: { secret: 'x' } }],
    [
      'an OFAuth secret not in whsec_ form',
      { ofauth: { url: 'http://127.0.0.1:9/', secret: 'x' } },
    ],
    ['an empty secret', { onlyfansapi: { url: 'http://127.0.0.1:9/', secret: '' } }],
  ])('refuses %s, and keeps the targets it had', async (_name, body) => {
    await expectJson(await control('PUT', { onlyfansapi: { url: 'http://127.0.0.1:9/a' } }));
    const answer = await expectJson(await control('PUT', body), 400);
    expect(JSON.stringify(answer)).not.toContain('"secret":"x"');
    expect(fixture.sandbox.webhookTargets().onlyfansapi?.url).toBe('http://127.0.0.1:9/a');
    await control('DELETE');
  });

  it('generates secrets in each vendor form, different on every start', () => {
    const { onlyfansapi, ofauth } = fixture.sandbox.webhookSecrets;
    expect(onlyfansapi.length).toBeGreaterThanOrEqual(32);
    expect(ofauth).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  });
});
