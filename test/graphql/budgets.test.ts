import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { OnlyFansApiFanslyAccount } from '../../src/vendors/onlyfansapi/fansly/onlyfansapi-fansly-account.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { listedChatId } from '../support/issued-ids.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.resetStats());

function accountId(vendor: 'onlyfansapi' | 'ofauth', platform: 'onlyfans' | 'fansly'): string {
  const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
  return encodeGlobalId('ConnectedAccount', account.handle);
}

const CHATS_WITH_PARTNER = /* GraphQL */ `
  query ($id: ID!, $first: Int) {
    connectedAccount(id: $id) {
      chats(first: $first) { edges { node { partner { username } } } }
    }
  }
`;

const CHATS_WITHOUT_PROFILES = /* GraphQL */ `
  query ($id: ID!, $first: Int) {
    connectedAccount(id: $id) {
      chats(first: $first) { edges { node { id unreadCount partner { id platformId } lastMessage { text } } } }
    }
  }
`;

describe('upstream call budgets', () => {
  describe('OFAuth chats(first: 20) with partner usernames', () => {
    it('costs 3 calls: one chat page and two users lookups of 10', async () => {
      const result = await harness.query(CHATS_WITH_PARTNER, {
        id: accountId('ofauth', 'onlyfans'),
        first: 20,
      });
      expect(result.errors).toBeUndefined();
      expect(harness.calls('ofauth.chats')).toBe(1);
      expect(harness.calls('ofauth.users')).toBe(2);
      expect(harness.calls()).toBe(3);
      expect(result.extensions?.cost?.upstreamCalls).toBe(3);
    });
  });

  describe('a chat list that selects no profile fields', () => {
    it.each([
      ['ofauth', 'onlyfans', 'ofauth.chats'],
      ['onlyfansapi', 'onlyfans', 'onlyfans.chats'],
      ['onlyfansapi', 'fansly', 'fansly.chats'],
    ] as const)('makes no users call on %s/%s', async (vendor, platform, route) => {
      const result = await harness.query(CHATS_WITHOUT_PROFILES, {
        id: accountId(vendor, platform),
        first: 20,
      });
      expect(result.errors).toBeUndefined();
      expect(
        harness.calls('ofauth.users') +
          harness.calls('onlyfans.users') +
          harness.calls('fansly.users'),
      ).toBe(0);
      expect(harness.calls()).toBe(harness.calls(route));
    });
  });

  describe('chats(first: 25) on OnlyFans', () => {
    it('costs 1 call via OnlyFansAPI (one page of 30, sliced)', async () => {
      const result = await harness.query(CHATS_WITH_PARTNER, {
        id: accountId('onlyfansapi', 'onlyfans'),
        first: 25,
      });
      expect(result.errors).toBeUndefined();
      expect(harness.calls()).toBe(1);
      expect(harness.calls('onlyfans.chats')).toBe(1);
    });

    it('costs 2 chat calls via OFAuth (20 + 5, in parallel)', async () => {
      const result = await harness.query(CHATS_WITHOUT_PROFILES, {
        id: accountId('ofauth', 'onlyfans'),
        first: 25,
      });
      expect(result.errors).toBeUndefined();
      expect(harness.calls('ofauth.chats')).toBe(2);
      expect(harness.calls()).toBe(2);
    });
  });

  describe('two aliases of the same page', () => {
    it('fetch it once', async () => {
      const result = await harness.query(
        /* GraphQL */ `
          query ($id: ID!) {
            connectedAccount(id: $id) {
              a: chats(first: 10) { edges { node { id } } }
              b: chats(first: 10) { edges { node { unreadCount } } }
            }
          }
        `,
        { id: accountId('onlyfansapi', 'onlyfans') },
      );
      expect(result.errors).toBeUndefined();
      expect(harness.calls()).toBe(1);
    });
  });

  describe('a Fansly thread of 100 messages with media', () => {
    const THREAD = /* GraphQL */ `
      query ($id: ID!) {
        chat(id: $id) {
          messages(first: 100) { edges { node { id text media { url type } } } }
        }
      }
    `;
    const THREAD_WITHOUT_MEDIA = /* GraphQL */ `
      query ($id: ID!) {
        chat(id: $id) { messages(first: 100) { edges { node { id text } } } }
      }
    `;

    function fanslyChat(predicate: (absent: boolean) => boolean) {
      const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
      const chat = account.chats.find((candidate) => {
        const newest = candidate.messages.slice(-100);
        const absent = newest.some(
          (message) =>
            message.media.some((media) => media.absentFromPage) ||
            message.bundles.some((bundle) => bundle.media.some((media) => media.absentFromPage)),
        );
        const withMedia = newest.some(
          (message) => message.media.length + message.bundles.length > 0,
        );
        return candidate.messages.length >= 100 && withMedia && predicate(absent);
      })!;
      return {
        account,
        chat,
        id: listedChatId(account, chat),
      };
    }

    it('costs 1 call when every attachment is in the page', async () => {
      const { id } = fanslyChat((absent) => !absent);
      const result = await harness.query(THREAD, { id });
      expect(result.errors).toBeUndefined();
      expect(harness.calls('fansly.messages')).toBe(1);
      expect(harness.calls('fansly.accountMedia')).toBe(0);
      expect(harness.calls()).toBe(1);
    });

    it('costs one more call when attachments are missing from the page', async () => {
      const { id } = fanslyChat((absent) => absent);
      const result = await harness.query(THREAD, { id });
      expect(result.errors).toBeUndefined();
      expect(harness.calls('fansly.messages')).toBe(1);
      expect(harness.calls('fansly.accountMedia')).toBe(1);
    });

    it('converts no media when media is not selected', async () => {
      const { account, id } = fanslyChat(() => true);
      const adapter = harness.connectedAccounts.byExternalId.get(account.handle)!.adapter;
      if (!(adapter instanceof OnlyFansApiFanslyAccount)) throw new Error('expected Fansly');
      const before = adapter.mediaConversions;
      const result = await harness.query(THREAD_WITHOUT_MEDIA, { id });
      expect(result.errors).toBeUndefined();
      expect(adapter.mediaConversions).toBe(before);
      await harness.query(THREAD, { id });
      expect(adapter.mediaConversions).toBeGreaterThan(before);
    });
  });
});
