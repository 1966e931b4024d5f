import { describe, expect, it } from 'vitest';
import { chatsInOrder } from '../../src/sandbox/index.ts';
import { expectJson, type Json, useSandbox } from './helpers.ts';

const fixture = useSandbox();
const connection = () => fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
const ofauth = (path: string) => fixture.ofauth(path, connection().handle);

async function allChats(query: string): Promise<Json[]> {
  const chats: Json[] = [];
  let offset = 0;
  for (;;) {
    const body: Json = await expectJson(await ofauth(`/v2/access/chats?${query}&offset=${offset}`));
    chats.push(...body.list);
    if (!body.hasMore) return chats;
    offset = body.nextOffset;
  }
}

describe('sandbox OFAuth routes', () => {
  describe('GET /v2/account/connections', () => {
    it('lists the active connections with the creator as string-id userData', async () => {
      const body = await expectJson(await fixture.ofauth('/v2/account/connections'));
      expect(body.hasMore).toBe(false);
      expect(body.list.map((entry: Json) => entry.id)).toEqual(
        fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans').map((account) => account.handle),
      );
      expect(body.list[0]).toMatchObject({
        id: expect.stringMatching(/^conn_/),
        status: 'active',
        userData: { id: connection().creator.id, username: connection().creator.username },
      });
    });
  });

  describe('GET /v2/access/chats', () => {
    it('answers list, hasMore and nextOffset, with only withUser for the fan', async () => {
      const response = await ofauth('/v2/access/chats');
      expect(response.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
      expect(response.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(response.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
      const body = await expectJson(response);
      expect(Object.keys(body)).toEqual(['list', 'hasMore', 'nextOffset']);
      expect(body.list).toHaveLength(10);
      expect(body.nextOffset).toBe(10);
      expect(body.list[0].withUser).toEqual({ id: Number(connection().chats[0]!.id), _view: 's' });
      expect(body.list[0].fan).toBeUndefined();
      expect(body._meta).toBeUndefined();
    });

    it.each(['recent', 'old'] as const)(
      'pages order=%s to exhaustion, seeing every chat once',
      async (order) => {
        const chats = await allChats(`limit=20&order=${order}`);
        expect(chats.map((chat) => String(chat.withUser.id))).toEqual(
          chatsInOrder(connection(), order).map((chat) => chat.id),
        );
      },
    );

    it('filters unread chats', async () => {
      const chats = await allChats('limit=20&filter=unread');
      expect(chats.map((chat) => String(chat.withUser.id))).toEqual(
        connection()
          .chats.filter((chat) => chat.unreadCount > 0)
          .map((chat) => chat.id),
      );
      expect(chats.every((chat) => chat.unreadMessagesCount > 0)).toBe(true);
    });

    it('searches fan usernames', async () => {
      const target = connection().chats[4]!.partner;
      const chats = await allChats(`limit=20&query=${encodeURIComponent(target.username)}`);
      expect(chats.map((chat) => String(chat.withUser.id))).toContain(target.id);
    });

    it.each([
      ['limit=21', 'limit'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
      ['order=newest', 'order'],
      ['filter=everything', 'filter'],
      [`query=${'x'.repeat(101)}`, 'query'],
    ])('rejects %s with a 400 BAD_REQUEST', async (query, field) => {
      const body = await expectJson(await ofauth(`/v2/access/chats?${query}`), 400);
      expect(body).toEqual({
        error: expect.stringContaining(field),
        type: 'BAD_REQUEST',
        requestId: expect.stringMatching(/^req_/),
      });
    });
  });

  describe('GET /v2/access/chats/{userId}/messages', () => {
    const longChat = () =>
      connection().chats.reduce((longest, chat) =>
        chat.messages.length > longest.messages.length ? chat : longest,
      );

    it('pages the long chat to exhaustion with last_id', async () => {
      const chat = longChat();
      const seen: string[] = [];
      let lastId: number | undefined;
      for (;;) {
        const cursor = lastId === undefined ? '' : `&last_id=${lastId}`;
        const body: Json = await expectJson(
          await ofauth(`/v2/access/chats/${chat.id}/messages?limit=20${cursor}`),
        );
        seen.push(...body.list.map((message: Json) => String(message.id)));
        if (!body.hasMore) {
          expect(body.nextLastId).toBeUndefined();
          break;
        }
        lastId = body.nextLastId;
      }
      expect(seen).toEqual([...chat.messages].reverse().map((message) => message.id));
    });

    it('applies offset after the cursor', async () => {
      const chat = longChat();
      const newestFirst = [...chat.messages].reverse();
      const cursor = newestFirst[4]!.id;
      const body = await expectJson(
        await ofauth(`/v2/access/chats/${chat.id}/messages?limit=3&offset=2&last_id=${cursor}`),
      );
      expect(body.list.map((message: Json) => String(message.id))).toEqual(
        newestFirst.slice(7, 10).map((message) => message.id),
      );
    });

    it('searches message text', async () => {
      const chat = longChat();
      const body = await expectJson(
        await ofauth(
          `/v2/access/chats/${chat.id}/messages?limit=20&query=${encodeURIComponent('мне')}`,
        ),
      );
      expect(body.list.length).toBeGreaterThan(0);
      for (const message of body.list) expect(message.text.toLowerCase()).toContain('мне');
    });

    it('leaves locked media without files rather than with null URLs', async () => {
      const located = connection()
        .chats.flatMap((chat) => chat.messages.map((message) => ({ chat, message })))
        .find(({ message }) => message.media.some((media) => media.locked));
      const { chat, message } = located!;
      const body = await expectJson(
        await ofauth(
          `/v2/access/chats/${chat.id}/messages?limit=1&last_id=${Number(message.id) + 1}`,
        ),
      );
      const locked = body.list[0].media.find((media: Json) => !media.canView);
      expect(locked.files).toBeUndefined();
      expect(typeof locked.createdAt).toBe('string');
    });

    it('rejects limit 21 and answers 404 for an unknown chat', async () => {
      const chat = longChat();
      await expectJson(await ofauth(`/v2/access/chats/${chat.id}/messages?limit=21`), 400);
      const body = await expectJson(await ofauth('/v2/access/chats/1/messages'), 404);
      expect(body.type).toBe('RESOURCE_NOT_FOUND');
    });
  });

  describe('GET /v2/access/users/list', () => {
    it('answers the known users', async () => {
      const ids = connection()
        .chats.slice(0, 4)
        .map((chat) => chat.id);
      const body = await expectJson(
        await ofauth(`/v2/access/users/list?userIds=${ids.join(',')},7`),
      );
      expect(body.users.map((user: Json) => String(user.id))).toEqual(ids);
      expect(Object.keys(body.users[0])).toEqual(
        expect.arrayContaining(['id', 'username', 'name', 'isVerified', 'avatar', 'avatarThumbs']),
      );
    });

    it('rejects 11 ids', async () => {
      const ids = Array.from({ length: 11 }, (_, index) => 20_000_000 + index).join(',');
      const body = await expectJson(await ofauth(`/v2/access/users/list?userIds=${ids}`), 400);
      expect(body.type).toBe('BAD_REQUEST');
    });
  });

  describe('authentication and connections', () => {
    it('answers 401 without an apiKey or with a wrong one', async () => {
      const attempts: Record<string, string>[] = [
        { 'x-connection-id': connection().handle },
        { apikey: 'wrong', 'x-connection-id': connection().handle },
      ];
      for (const headers of attempts) {
        const response = await fetch(`${fixture.sandbox.url}/v2/access/chats`, { headers });
        const body = await expectJson(response, 401);
        expect(body).toEqual({
          error: expect.any(String),
          type: 'UNAUTHORIZED',
          requestId: expect.stringMatching(/^req_/),
        });
      }
    });

    it('answers 403 for a missing, unknown or foreign connection', async () => {
      const foreign = fixture.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!.handle;
      for (const handle of [undefined, 'conn_unknown', foreign]) {
        const body = await expectJson(await fixture.ofauth('/v2/access/chats', handle), 403);
        expect(body.type).toBe('FORBIDDEN');
      }
    });

    it('answers 404 with the OFAuth body for an unknown route', async () => {
      const body = await expectJson(await ofauth('/v2/access/nothing'), 404);
      expect(body.type).toBe('RESOURCE_NOT_FOUND');
    });
  });
});
