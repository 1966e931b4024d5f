import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { issuedMessageId, listedChatId } from '../support/issued-ids.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

type Page<T> = {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/** Follows `endCursor` until `hasNextPage` is false; answers every node and the page count. */
async function pageThrough<T>(
  fetchPage: (after: string | null) => Promise<Page<T>>,
): Promise<{ nodes: T[]; pages: number }> {
  const nodes: T[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page: Page<T> = await fetchPage(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    pages += 1;
    if (!page.pageInfo.hasNextPage) return { nodes, pages };
    after = page.pageInfo.endCursor;
  }
}

const MESSAGES = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String) {
    chat(id: $id) { messages(first: $first, after: $after) { edges { cursor node { id platformId } } pageInfo { hasNextPage endCursor } } }
  }
`;

const CHATS = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String, $order: ChatOrder, $unreadOnly: Boolean) {
    connectedAccount(id: $id) {
      chats(first: $first, after: $after, order: $order, unreadOnly: $unreadOnly) {
        edges { cursor node { id unreadCount } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

describe('paging', () => {
  describe('the longest Fansly chat, back to its first message', () => {
    it('sees every message once, newest first, with one call per page', async () => {
      const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
      const chat = [...account.chats].sort((a, b) => b.messages.length - a.messages.length)[0]!;
      expect(chat.messages.length).toBeGreaterThanOrEqual(1000);
      const id = listedChatId(account, chat);
      harness.sandbox.resetStats();
      const { nodes, pages } = await pageThrough(async (after) => {
        const result = await harness.query<{
          chat: { messages: Page<{ id: string; platformId: string }> };
        }>(MESSAGES, { id, first: 100, after });
        expect(result.errors).toBeUndefined();
        return result.data!.chat.messages;
      });
      const seen = nodes.map((node) => node.platformId);
      expect(seen).toEqual(chat.messages.map((message) => message.id).reverse());
      expect(harness.calls('fansly.messages')).toBe(pages);
      for (const platformId of seen) expect(BigInt(platformId) > 2n ** 53n).toBe(true);
    });
  });

  describe('chats of each account to exhaustion', () => {
    it.each([
      ['onlyfansapi', 'onlyfans', 7],
      ['onlyfansapi', 'fansly', 30],
      ['ofauth', 'onlyfans', 25],
    ] as const)(
      '%s/%s with first=%i sees every chat once, in order',
      async (vendor, platform, first) => {
        const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
        const id = encodeGlobalId('ConnectedAccount', account.handle);
        const { nodes } = await pageThrough(async (after) => {
          const result = await harness.query<{ connectedAccount: { chats: Page<{ id: string }> } }>(
            CHATS,
            {
              id,
              first,
              after,
            },
          );
          expect(result.errors).toBeUndefined();
          return result.data!.connectedAccount.chats;
        });
        const seen = nodes.map((node) => node.id);
        const expected = account.chats.map((chat) => listedChatId(account, chat));
        expect(seen).toEqual(expected);
      },
    );
  });

  describe('unreadOnly on every vendor', () => {
    it.each([
      ['onlyfansapi', 'onlyfans'],
      ['onlyfansapi', 'fansly'],
      ['ofauth', 'onlyfans'],
    ] as const)('%s/%s pages exactly the unread chats', async (vendor, platform) => {
      const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
      const id = encodeGlobalId('ConnectedAccount', account.handle);
      const { nodes } = await pageThrough(async (after) => {
        const result = await harness.query<{
          connectedAccount: { chats: Page<{ id: string; unreadCount: number }> };
        }>(CHATS, { id, first: 10, after, unreadOnly: true });
        expect(result.errors).toBeUndefined();
        return result.data!.connectedAccount.chats;
      });
      for (const node of nodes) expect(node.unreadCount).toBeGreaterThan(0);
      const seen = nodes.map((node) => node.id);
      const expected = account.chats
        .filter((chat) => chat.unreadCount > 0)
        .map((chat) => listedChatId(account, chat));
      expect(expected.length).toBeGreaterThan(0);
      expect(seen).toEqual(expected);
    });
  });

  describe('an id beyond 2^53', () => {
    it('round-trips intact through node(id)', async () => {
      const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
      const chat = account.chats.find((candidate) => candidate.messages.length > 0)!;
      const message = chat.messages.at(-1)!;
      const id = issuedMessageId(account, chat, message.id);
      const result = await harness.query<{
        node: { id: string; platformId: string; chat: { id: string } };
      }>('query ($id: ID!) { node(id: $id) { id ... on Message { platformId chat { id } } } }', {
        id,
      });
      expect(result.errors).toBeUndefined();
      expect(result.data!.node.id).toBe(id);
      expect(result.data!.node.chat.id).toBe(listedChatId(account, chat));
      expect(result.data!.node.platformId).toBe(message.id);
      expect(BigInt(message.id) > 2n ** 53n).toBe(true);
    });
  });
});
