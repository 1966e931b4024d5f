import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

const THREAD = /* GraphQL */ `
  query ($id: ID!) {
    connectedAccount(id: $id) {
      vendor
      platform
      externalId
      chats(first: 3) {
        edges {
          node {
            id
            platform
            unreadCount
            lastActivityAt
            partner { id platformId username displayName }
            lastMessage { platformId text }
            messages(first: 5) {
              edges { node { id platformId text html createdAt isFromCreator isFree price sender { platformId } media { id type url } } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

type ThreadResult = {
  connectedAccount: {
    vendor: string;
    platform: string;
    externalId: string;
    chats: {
      edges: Array<{
        node: {
          id: string;
          platform: string;
          unreadCount: number;
          lastActivityAt: string | null;
          partner: { platformId: string; username: string | null };
          lastMessage: { platformId: string; text: string } | null;
          messages: {
            edges: Array<{
              node: {
                platformId: string;
                createdAt: string;
                text: string;
                html: string | null;
                sender: { platformId: string };
              };
            }>;
          };
        };
      }>;
      pageInfo: { hasNextPage: boolean };
    };
  };
};

describe('every vendor and platform end to end', () => {
  describe.each([
    ['onlyfansapi', 'onlyfans', 'ONLYFANSAPI', 'ONLYFANS'],
    ['onlyfansapi', 'fansly', 'ONLYFANSAPI', 'FANSLY'],
    ['ofauth', 'onlyfans', 'OFAUTH', 'ONLYFANS'],
  ] as const)('%s / %s', (vendor, platform, vendorEnum, platformEnum) => {
    it('answers chats, partners, last messages and threads matching the sandbox', async () => {
      const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
      const result = await harness.query<ThreadResult>(THREAD, {
        id: encodeGlobalId('ConnectedAccount', account.handle),
      });
      expect(result.errors).toBeUndefined();
      const connected = result.data!.connectedAccount;
      expect(connected).toMatchObject({
        vendor: vendorEnum,
        platform: platformEnum,
        externalId: account.handle,
      });
      expect(connected.chats.pageInfo.hasNextPage).toBe(true);
      const expected = account.chats.slice(0, 3);
      connected.chats.edges.forEach(({ node }, index) => {
        const chat = expected[index]!;
        expect(node.platform).toBe(platformEnum);
        expect(node.partner.platformId).toBe(chat.partner.id);
        expect(node.partner.username).toBe(chat.partner.username);
        expect(node.unreadCount).toBe(chat.unreadCount);
        const newest = chat.messages.at(-1);
        expect(node.lastMessage?.platformId ?? null).toBe(newest?.id ?? null);
        const ids = node.messages.edges.map((edge) => edge.node.platformId);
        expect(ids).toEqual(
          chat.messages
            .slice(-5)
            .reverse()
            .map((message) => message.id),
        );
        for (const { node: message } of node.messages.edges) {
          expect(message.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          expect(message.text).not.toMatch(/<\/?p>|&amp;/);
          if (platform === 'fansly') expect(message.html).toBeNull();
        }
      });
    });
  });
});

describe('connectedAccounts', () => {
  it('lists every sandbox account without a vendor call', async () => {
    harness.sandbox.resetStats();
    const result = await harness.query<{ connectedAccounts: Array<{ externalId: string }> }>(
      '{ connectedAccounts { id externalId vendor platform } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.connectedAccounts.map((account) => account.externalId).sort()).toEqual(
      harness.sandbox.dataset.accounts.map((account) => account.handle).sort(),
    );
    expect(harness.calls()).toBe(0);
  });
});
