import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { expectedInbox } from '../support/expected-inbox.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.resetStats());
afterEach(() => harness.sandbox.clearFaults());

type InboxPage = {
  inbox: {
    edges: Array<{ cursor: string; node: { id: string; unreadCount: number } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    unreadTotal: number;
    unreadTotalIsExact: boolean;
    unavailableAccounts: Array<{ externalId: string }>;
  };
};

const INBOX = /* GraphQL */ `
  query ($first: Int, $after: String, $accountIds: [ID!], $unreadOnly: Boolean, $search: String) {
    inbox(first: $first, after: $after, accountIds: $accountIds, unreadOnly: $unreadOnly, search: $search) {
      edges { cursor node { id unreadCount } }
      pageInfo { hasNextPage endCursor }
      unreadTotal
      unreadTotalIsExact
      unavailableAccounts { externalId }
    }
  }
`;

async function pageAll(variables: Record<string, unknown>) {
  const ids: string[] = [];
  const pages: InboxPage['inbox'][] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 2000; guard++) {
    const result = await harness.query<InboxPage>(INBOX, { ...variables, after });
    expect(result.errors).toBeUndefined();
    const page: InboxPage['inbox'] = result.data!.inbox;
    pages.push(page);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return { ids, pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error('inbox paging did not end');
}

describe('inbox', () => {
  describe('paging every account to the end', () => {
    it.each([7, 20, 100])(
      'with first=%i yields every chat once, in merged activity order',
      async (first) => {
        const { ids } = await pageAll({ first });
        expect(ids).toEqual(expectedInbox(harness.sandbox.dataset.accounts));
      },
    );

    it('with first=1 over two accounts yields every chat once, in order', async () => {
      const accounts = [
        harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!,
        harness.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!,
      ];
      const { ids } = await pageAll({
        first: 1,
        accountIds: accounts.map((account) => encodeGlobalId('ConnectedAccount', account.handle)),
      });
      expect(ids).toEqual(
        expectedInbox(
          harness.sandbox.dataset.accounts.filter((account) => accounts.includes(account)),
        ),
      );
    });
  });

  describe('filters', () => {
    it('unreadOnly keeps its meaning on every vendor', async () => {
      const { ids } = await pageAll({ first: 20, unreadOnly: true });
      const expected = expectedInbox(
        harness.sandbox.dataset.accounts,
        (chat) => chat.unreadCount > 0,
      );
      expect(expected.length).toBeGreaterThan(50);
      expect(ids).toEqual(expected);
    });

    it('search matches partner usernames on every vendor', async () => {
      const needle = 'sam';
      const { ids } = await pageAll({ first: 20, search: needle });
      const expected = expectedInbox(harness.sandbox.dataset.accounts, (chat) =>
        [chat.partner.username, chat.partner.displayName].some((value) =>
          value?.toLowerCase().includes(needle),
        ),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected);
    });
  });

  describe('cost', () => {
    it.each([10, 20])(
      'first=%i costs at most one chat-list call per account, and reports it',
      async (first) => {
        const result = await harness.query<InboxPage>(INBOX, { first });
        expect(result.errors).toBeUndefined();
        const stats = harness.sandbox.stats();
        for (const route of ['onlyfans.chats', 'fansly.chats', 'ofauth.chats'] as const) {
          for (const calls of Object.values(stats.routes[route].byAccount))
            expect(calls).toBeLessThanOrEqual(1);
        }
        expect(result.extensions?.cost).toEqual({
          upstreamCalls: stats.totalCalls,
          credits: stats.totalCredits,
          cacheHits: 0,
          creditsSaved: 0,
        });
        expect(stats.totalCalls).toBe(harness.sandbox.dataset.accounts.length);
      },
    );

    it('first=30 without OFAuth accounts costs one chat-list call per account', async () => {
      const accounts = harness.sandbox.dataset.accounts.filter(
        (account) => account.vendor === 'onlyfansapi',
      );
      const result = await harness.query<InboxPage>(INBOX, {
        first: 30,
        accountIds: accounts.map((account) => encodeGlobalId('ConnectedAccount', account.handle)),
      });
      expect(result.errors).toBeUndefined();
      expect(harness.calls()).toBe(accounts.length);
    });

    it('reports unreadTotal over what it read, exact once every list was read', async () => {
      const small = await harness.query<InboxPage>(INBOX, { first: 5 });
      const readAhead = small.data!.inbox;
      expect(readAhead.unreadTotalIsExact).toBe(false);
      expect(readAhead.unreadTotal).toBeGreaterThanOrEqual(
        readAhead.edges.reduce((sum, edge) => sum + edge.node.unreadCount, 0),
      );
      // A search narrow enough that one page reads every list to its end: the total is exact.
      const needle = 'sam';
      const whole = await harness.query<InboxPage>(INBOX, { first: 100, search: needle });
      const matching = harness.sandbox.dataset.accounts.flatMap((account) =>
        account.chats.filter((chat) =>
          [chat.partner.username, chat.partner.displayName].some((value) =>
            value?.toLowerCase().includes(needle),
          ),
        ),
      );
      expect(matching.length).toBeLessThan(100);
      expect(whole.data!.inbox.unreadTotalIsExact).toBe(true);
      expect(whole.data!.inbox.unreadTotal).toBe(
        matching.reduce((sum, chat) => sum + chat.unreadCount, 0),
      );
    });
  });

  describe('one account failing mid-paging', () => {
    it('answers the others with an error naming it, then recovers with no chat lost or repeated', async () => {
      const failing = harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[1]!;
      const ids: string[] = [];
      let after: string | null = null;
      let sawFailure = false;
      for (let page = 0; page < 500; page++) {
        if (page === 2)
          harness.sandbox.addFault({
            route: 'ofauth.chats',
            externalId: failing.handle,
            kind: 'status',
            status: 503,
            times: 3,
          });
        const result: Awaited<ReturnType<typeof harness.query<InboxPage>>> =
          await harness.query<InboxPage>(INBOX, { first: 20, after });
        const inbox: InboxPage['inbox'] = result.data!.inbox;
        if (result.errors) {
          sawFailure = true;
          expect(result.errors[0]!.extensions).toMatchObject({
            code: 'UPSTREAM_UNAVAILABLE',
            connectedAccount: failing.handle,
          });
          expect(result.errors[0]!.path).toEqual(['inbox']);
          expect(inbox.unavailableAccounts).toEqual([{ externalId: failing.handle }]);
          expect(inbox.edges.length).toBeGreaterThan(0);
        }
        ids.push(...inbox.edges.map((edge) => edge.node.id));
        if (!inbox.pageInfo.hasNextPage) break;
        after = inbox.pageInfo.endCursor;
      }
      expect(sawFailure).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(expectedInbox(harness.sandbox.dataset.accounts).sort());
    });
  });

  describe('bad input', () => {
    it('rejects an unknown account id and a cursor of another inbox', async () => {
      const unknown = await harness.query(INBOX, {
        accountIds: [encodeGlobalId('ConnectedAccount', 'acct_ffff')],
      });
      expect(unknown.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      const first = await harness.query<InboxPage>(INBOX, { first: 2 });
      const other = await harness.query(INBOX, {
        first: 2,
        unreadOnly: true,
        after: first.data!.inbox.pageInfo.endCursor,
      });
      expect(other.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    });
  });
});
