import { describe, expect, it } from 'vitest';
import { OFAUTH_ONLYFANS, useAdapter } from '../adapter-cases.ts';
import { useSandbox } from '../adapter-harness.ts';
import { expectBodyRefused } from '../upstream-assertions.ts';

/**
 * OnlyFans read through OFAuth: the vendor's own answer shapes. What every account adapter does
 * is tested in test/vendors/contract*.test.ts, what both OnlyFans adapters share in
 * test/vendors/onlyfans-shared/onlyfans-adapters.test.ts.
 */

const env = useSandbox();
const under = useAdapter(env, OFAUTH_ONLYFANS);
const FIRST_TEN = { first: 10, offset: 0, order: 'RECENT' } as const;

describe('OfAuthOnlyFansAccount', () => {
  describe('vendor shapes', () => {
    it('accepts a bare array from users/list', async () => {
      env.sandbox.addFault({
        route: 'ofauth.users',
        kind: 'status',
        status: 200,
        body: [{ id: 77, username: 'seven', name: 'Seven &amp; co', avatar: null }],
      });
      const users = await under.adapter.getUsers([{ platformId: '77', username: null }]);
      expect(users.get('77')).toMatchObject({
        platformId: '77',
        username: 'seven',
        displayName: 'Seven &amp; co',
        avatarUrl: null,
        isVerified: null,
      });
    });

    it('reads a message whose fromUser is {id, name}, with an unknown media type', async () => {
      const { creator } = under.account;
      env.sandbox.addFault({
        route: 'ofauth.messages',
        kind: 'status',
        status: 200,
        body: {
          list: [
            {
              id: 1800000000002,
              text: 'Hi&nbsp;there<br>you',
              fromUser: { id: Number(creator.id), name: 'Creator' },
              media: [{ id: 5, type: 'sticker', canView: true, isReady: true }],
              previews: [],
              createdAt: '2025-02-02T02:02:02+00:00',
            },
          ],
          hasMore: false,
        },
      });
      const page = await under.adapter.listMessages({ chatId: '42', partnerId: '42', first: 10 });
      expect(page.nextBefore).toBeNull();
      expect(page.items[0]).toMatchObject({
        platformId: '1800000000002',
        senderId: creator.id,
        isFromCreator: true,
        text: 'Hi\u00a0there\nyou',
        isFree: true,
        price: null,
        createdAt: '2025-02-02T02:02:02.000Z',
      });
      const media = page.items[0]!.media;
      expect(media.kind === 'inline' && media.items[0]).toMatchObject({
        type: 'OTHER',
        url: null,
        isAccessible: true,
      });
    });

    it.each([
      ['list is not an array', { list: { 0: 'x' }, hasMore: false }],
      ['list is missing', { data: [] }],
      ['a chat has no withUser', { list: [{ unreadMessagesCount: 1 }], hasMore: false }],
    ])('answers UpstreamInvalidResponseError when %s', (_, body) =>
      expectBodyRefused(env.sandbox, body, () => under.adapter.listChats(FIRST_TEN), {
        route: 'ofauth.chats',
        externalId: under.account.handle,
        apiKey: env.sandbox.keys.ofauth,
      }),
    );
  });
});
