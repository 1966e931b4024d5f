import { describe, expect, it } from 'vitest';
import type { SandboxRoute } from '../../../src/sandbox/index.ts';
import { ONLYFANSAPI_ONLYFANS, useAdapter } from '../adapter-cases.ts';
import { useSandbox } from '../adapter-harness.ts';
import { expectBodyRefused } from '../upstream-assertions.ts';

/**
 * OnlyFans read through OnlyFansAPI: the vendor's own answer shapes. What every account adapter
 * does is tested in test/vendors/contract*.test.ts, what both OnlyFans adapters share in
 * test/vendors/onlyfans-shared/onlyfans-adapters.test.ts.
 */

const env = useSandbox();
const under = useAdapter(env, ONLYFANSAPI_ONLYFANS);
const FIRST_TEN = { first: 10, offset: 0, order: 'RECENT' } as const;
const onAccount = (route: SandboxRoute) => ({
  route,
  externalId: under.account.handle,
  apiKey: env.sandbox.keys.onlyfansapi,
});

describe('OnlyFansApiOnlyFansAccount', () => {
  describe('vendor shapes', () => {
    const fakeMessage = {
      id: 1700000000001,
      text: '<p>caf&eacute; &#x1F600;</p>',
      fromUser: { id: 42, _view: 'i' },
      isFree: false,
      price: '12.50',
      createdAt: '2025-06-01T12:00:00.5+02:00',
      media: [
        { id: 9001, type: 'hologram', canView: true, files: { full: { url: 'https://x/y' } } },
        { id: 9002, type: 'video', canView: false, files: { full: { url: null } } },
      ],
      previews: [],
    };

    it('accepts the older {data: {list, hasMore}} messages shape', async () => {
      env.sandbox.addFault({
        route: 'onlyfans.messages',
        kind: 'status',
        status: 200,
        body: { data: { list: [fakeMessage], hasMore: true } },
      });
      const page = await under.adapter.listMessages({ chatId: '42', partnerId: '42', first: 10 });
      expect(page.items).toHaveLength(1);
      expect(page.nextBefore).toBe('1700000000001');
      expect(page.items[0]).toMatchObject({
        platformId: '1700000000001',
        text: 'café 😀',
        html: '<p>caf&eacute; &#x1F600;</p>',
        createdAt: '2025-06-01T10:00:00.500Z',
        isFree: false,
        price: 12.5,
        isFromCreator: false,
      });
      const media = page.items[0]!.media;
      expect(media.kind === 'inline' && media.items.map((item) => [item.type, item.url])).toEqual([
        ['OTHER', 'https://x/y'],
        ['VIDEO', null],
      ]);
    });

    it.each([
      ['data is not an array', { data: 'nope' }],
      ['data is missing', { items: [] }],
      [
        'a chat has no fan id',
        { data: [{ fan: { name: 'x' } }], _pagination: { next_page: null } },
      ],
      ['the body is a bare array', [1, 2, 3]],
    ])('answers UpstreamInvalidResponseError when %s', (_, body) =>
      expectBodyRefused(
        env.sandbox,
        body,
        () => under.adapter.listChats(FIRST_TEN),
        onAccount('onlyfans.chats'),
      ),
    );

    it('answers UpstreamInvalidResponseError when users/list data is not an object', () =>
      expectBodyRefused(
        env.sandbox,
        { data: 'x' },
        () => under.adapter.getUsers([{ platformId: '1', username: null }]),
        onAccount('onlyfans.users'),
      ));
  });
});
