import { getOperationAST, parse } from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { measureOperation } from '../../src/limits/measure-operation.ts';
import type {
  SandboxAccount,
  SandboxChat,
  SandboxMessage,
  SandboxPlatform,
  SandboxVendor,
} from '../../src/sandbox/index.ts';
import { schema } from '../../src/schema/index.ts';
import { chatId, expectedInbox } from '../support/expected-inbox.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.resetStats());
afterEach(() => harness.sandbox.clearFaults());

const VENDORS = [
  ['onlyfansapi', 'onlyfans'],
  ['onlyfansapi', 'fansly'],
  ['ofauth', 'onlyfans'],
] as const satisfies ReadonlyArray<readonly [SandboxVendor, SandboxPlatform]>;

const firstAccount = (vendor: SandboxVendor, platform: SandboxPlatform) =>
  harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
const accountId = (account: SandboxAccount) => encodeGlobalId('ConnectedAccount', account.handle);
const tellsSpend = (account: SandboxAccount) =>
  account.vendor === 'onlyfansapi' && account.platform === 'onlyfans';
const spentAtLeast = (minimum: number) => (chat: SandboxChat) =>
  chat.fanValue !== null && chat.fanValue.spend.total >= minimum;

interface Page<Node> {
  edges: Array<{ node: Node }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  skippedAccounts: Array<{ externalId: string }>;
}

/** Follows `endCursor` to the end; every page must answer without errors. */
async function pageAll<Node>(read: (after: string | null) => Promise<Page<Node>>) {
  const pages: Page<Node>[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const page: Page<Node> = await read(after);
    pages.push(page);
    if (!page.pageInfo.hasNextPage) {
      return { nodes: pages.flatMap((each) => each.edges.map((edge) => edge.node)), pages };
    }
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const SPEND = 'partnerSpend { total tips messages posts subscriptions streams }';
const SUBSCRIPTION = 'partnerSubscription { status price expiresAt renewedAt }';

const CHATS = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String, $minPartnerSpend: Float, $unreadOnly: Boolean) {
    connectedAccount(id: $id) {
      chats(first: $first, after: $after, minPartnerSpend: $minPartnerSpend, unreadOnly: $unreadOnly) {
        edges { node { id ${SPEND} ${SUBSCRIPTION} lastMessage { platformId isFromCreator isSeenByPartner tipAmount } } }
        pageInfo { hasNextPage endCursor }
        skippedAccounts { externalId }
      }
    }
  }
`;

interface ChatNode {
  id: string;
  partnerSpend: Record<string, number> | null;
  partnerSubscription: Record<string, unknown> | null;
  lastMessage: {
    platformId: string;
    isFromCreator: boolean;
    isSeenByPartner: boolean | null;
    tipAmount: number | null;
  } | null;
}

async function readChats(
  account: SandboxAccount,
  variables: Record<string, unknown> = {},
): Promise<{ nodes: ChatNode[]; pages: Page<ChatNode>[] }> {
  return pageAll(async (after) => {
    const result = await harness.query<{ connectedAccount: { chats: Page<ChatNode> } }>(CHATS, {
      id: accountId(account),
      first: 30,
      after,
      ...variables,
    });
    expect(result.errors).toBeUndefined();
    return result.data!.connectedAccount.chats;
  });
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** What the gateway must answer for a chat's partner, from the sandbox's ground truth. */
function expectedValue(account: SandboxAccount, chat: SandboxChat) {
  const value = tellsSpend(account) ? chat.fanValue : null;
  return {
    partnerSpend: value === null ? null : { ...value.spend },
    partnerSubscription:
      value === null
        ? null
        : {
            status: value.status,
            price: value.price,
            expiresAt: iso(value.expiresAt),
            renewedAt: iso(value.renewedAt),
          },
  };
}

/** What a message's new fields must be on a messages page (not a chat list's last message). */
function expectedMessage(message: SandboxMessage) {
  return {
    isSeenByPartner: message.fromCreator ? message.isRead : null,
    tipAmount: message.tipAmount > 0 ? message.tipAmount : null,
  };
}

describe('fan value', () => {
  describe.each(VENDORS)('%s · %s chat lists', (vendor, platform) => {
    it('tell spend and subscription where the vendor does, null elsewhere', async () => {
      const account = firstAccount(vendor, platform);
      const { nodes } = await readChats(account);
      expect(nodes).toHaveLength(account.chats.length);
      for (const [index, node] of nodes.entries()) {
        const chat = account.chats[index]!;
        expect(node.id).toBe(chatId(account, chat));
        expect({
          partnerSpend: node.partnerSpend,
          partnerSubscription: node.partnerSubscription,
        }).toEqual(expectedValue(account, chat));
      }
      if (tellsSpend(account)) {
        // Nulls stand for a fan without figures only, zeros for a fan who spent nothing.
        expect(nodes.some((node) => node.partnerSpend === null)).toBe(true);
        expect(nodes.some((node) => node.partnerSpend?.total === 0)).toBe(true);
        expect(nodes.some((node) => (node.partnerSpend?.total ?? 0) > 100)).toBe(true);
      }
    });

    it('tell whether the last message was seen, where the list carries it', async () => {
      const account = firstAccount(vendor, platform);
      const { nodes } = await readChats(account);
      for (const [index, node] of nodes.entries()) {
        const last = account.chats[index]!.messages.at(-1);
        if (last === undefined) {
          expect(node.lastMessage).toBeNull();
          continue;
        }
        // A Fansly chat list's last message carries no interactions: unsaid, not unseen.
        const expected =
          platform === 'fansly'
            ? { isSeenByPartner: null, tipAmount: null }
            : expectedMessage(last);
        expect({
          platformId: node.lastMessage!.platformId,
          isSeenByPartner: node.lastMessage!.isSeenByPartner,
          tipAmount: node.lastMessage!.tipAmount,
        }).toEqual({ platformId: last.id, ...expected });
      }
    });

    it('cost not one vendor call more than the same lists without the new fields', async () => {
      const account = firstAccount(vendor, platform);
      const plain = /* GraphQL */ `
        query ($id: ID!) { connectedAccount(id: $id) { chats(first: 30) { edges { node { id lastMessage { platformId } } } } } }
      `;
      await harness.query(plain, { id: accountId(account) });
      const without = harness.sandbox.stats();
      harness.sandbox.resetStats();
      const withFields = plain.replace(
        'lastMessage { platformId }',
        `${SPEND} ${SUBSCRIPTION} lastMessage { platformId isSeenByPartner tipAmount }`,
      );
      const result = await harness.query(withFields, { id: accountId(account) });
      expect(result.errors).toBeUndefined();
      expect(harness.sandbox.stats().routes).toEqual(without.routes);
      expect(without.totalCalls).toBeGreaterThan(0);
    });
  });

  describe.each(VENDORS)('%s · %s messages', (vendor, platform) => {
    const MESSAGES = /* GraphQL */ `
      query ($id: ID!, $first: Int) {
        chat(id: $id) {
          ${SPEND}
          messages(first: $first) { edges { node { platformId isFromCreator isSeenByPartner tipAmount price } } }
        }
      }
    `;

    /** The chat with the most tips and the creator's messages both seen and unseen. */
    function richChat(account: SandboxAccount): SandboxChat {
      const score = (chat: SandboxChat) => {
        const recent = chat.messages.slice(-100);
        const mixed =
          recent.some((message) => message.fromCreator && message.isRead) &&
          recent.some((message) => message.fromCreator && !message.isRead);
        return mixed ? recent.filter((message) => message.tipAmount > 0).length : -1;
      };
      return account.chats.reduce((best, chat) => (score(chat) > score(best) ? chat : best));
    }

    it('tell seen and tips as the sandbox holds them; a chat by id has no spend', async () => {
      const account = firstAccount(vendor, platform);
      const chat = richChat(account);
      const result = await harness.query<{
        chat: {
          partnerSpend: unknown;
          messages: {
            edges: Array<{
              node: {
                platformId: string;
                isFromCreator: boolean;
                isSeenByPartner: boolean | null;
                tipAmount: number | null;
              };
            }>;
          };
        };
      }>(MESSAGES, { id: chatId(account, chat), first: 100 });
      expect(result.errors).toBeUndefined();
      expect(result.data!.chat.partnerSpend).toBeNull();
      const truth = chat.messages.slice(-100).reverse();
      const nodes = result.data!.chat.messages.edges.map((edge) => edge.node);
      expect(nodes.map((node) => node.platformId)).toEqual(truth.map((message) => message.id));
      for (const [index, node] of nodes.entries()) {
        expect({ isSeenByPartner: node.isSeenByPartner, tipAmount: node.tipAmount }).toEqual(
          expectedMessage(truth[index]!),
        );
      }
      expect(nodes.some((node) => node.isSeenByPartner === true)).toBe(true);
      expect(nodes.some((node) => node.isSeenByPartner === false)).toBe(true);
      expect(nodes.some((node) => node.tipAmount !== null)).toBe(true);
    });

    it('cost not one vendor call more than the same thread without the new fields', async () => {
      const account = firstAccount(vendor, platform);
      const id = chatId(account, richChat(account));
      const plain = MESSAGES.replace(SPEND, '').replace('isSeenByPartner tipAmount ', '');
      expect(plain).not.toContain('isSeenByPartner');
      await harness.query(plain, { id, first: 100 });
      const without = harness.sandbox.stats();
      harness.sandbox.resetStats();
      const result = await harness.query(MESSAGES, { id, first: 100 });
      expect(result.errors).toBeUndefined();
      expect(harness.sandbox.stats().routes).toEqual(without.routes);
    });
  });

  describe('paid messages the fan has not opened', () => {
    it('are told on OnlyFans, pay-per-view included', async () => {
      const account = firstAccount('onlyfansapi', 'onlyfans');
      const chat = account.chats.find((candidate) =>
        candidate.messages
          .slice(-100)
          .some((message) => message.fromCreator && message.price > 0 && !message.isRead),
      )!;
      const result = await harness.query<{
        chat: {
          messages: {
            edges: Array<{ node: { price: number | null; isSeenByPartner: boolean | null } }>;
          };
        };
      }>(
        'query ($id: ID!) { chat(id: $id) { messages(first: 100) { edges { node { price isSeenByPartner } } } } }',
        { id: chatId(account, chat) },
      );
      const paid = result
        .data!.chat.messages.edges.map((edge) => edge.node)
        .filter((node) => node.price !== null);
      expect(paid.some((node) => node.isSeenByPartner === false)).toBe(true);
    });
  });
});

describe('minPartnerSpend', () => {
  describe.each(VENDORS)('on %s · %s ConnectedAccount.chats', (vendor, platform) => {
    it.each([7, 30])(
      'with first=%i pages exactly the chats of partners who spent 100 dollars or more',
      async (first) => {
        const account = firstAccount(vendor, platform);
        const { nodes, pages } = await readChats(account, { first, minPartnerSpend: 100 });
        if (!tellsSpend(account)) {
          // Left out without a vendor call, and named.
          expect(nodes).toEqual([]);
          expect(pages).toHaveLength(1);
          expect(pages[0]!.skippedAccounts).toEqual([{ externalId: account.handle }]);
          expect(harness.calls()).toBe(0);
          return;
        }
        const expected = account.chats
          .filter(spentAtLeast(100))
          .map((chat) => chatId(account, chat));
        expect(expected.length).toBeGreaterThan(first);
        expect(nodes.map((node) => node.id)).toEqual(expected);
        for (const node of nodes) expect(node.partnerSpend!.total).toBeGreaterThanOrEqual(100);
        for (const page of pages) expect(page.skippedAccounts).toEqual([]);
      },
    );
  });

  it('combines with unreadOnly on the gateway, exactly', async () => {
    const account = firstAccount('onlyfansapi', 'onlyfans');
    const { nodes } = await readChats(account, {
      first: 5,
      minPartnerSpend: 50,
      unreadOnly: true,
    });
    const expected = account.chats
      .filter((chat) => spentAtLeast(50)(chat) && chat.unreadCount > 0)
      .map((chat) => chatId(account, chat));
    expect(expected.length).toBeGreaterThan(5);
    expect(nodes.map((node) => node.id)).toEqual(expected);
  });

  it('at 0 keeps every chat whose partner has figures, and drops the others', async () => {
    const account = firstAccount('onlyfansapi', 'onlyfans');
    const { nodes } = await readChats(account, { minPartnerSpend: 0 });
    const expected = account.chats.filter(spentAtLeast(0));
    expect(expected.length).toBeLessThan(account.chats.length);
    expect(nodes.map((node) => node.id)).toEqual(expected.map((chat) => chatId(account, chat)));
  });

  describe('on the inbox', () => {
    const INBOX = /* GraphQL */ `
      query ($first: Int, $after: String, $minPartnerSpend: Float, $unreadOnly: Boolean, $accountIds: [ID!]) {
        inbox(first: $first, after: $after, minPartnerSpend: $minPartnerSpend, unreadOnly: $unreadOnly, accountIds: $accountIds) {
          edges { node { id partnerSpend { total } } }
          pageInfo { hasNextPage endCursor }
          skippedAccounts { externalId }
          unavailableAccounts { externalId }
        }
      }
    `;
    type InboxNode = { id: string; partnerSpend: { total: number } | null };

    async function readInbox(variables: Record<string, unknown>) {
      return pageAll(async (after) => {
        const result = await harness.query<{ inbox: Page<InboxNode> }>(INBOX, {
          ...variables,
          after,
        });
        expect(result.errors).toBeUndefined();
        return result.data!.inbox;
      });
    }

    it.each([1, 7, 20, 100])(
      'with first=%i merges the spenders of every account that tells spend, each once, in order',
      async (first) => {
        const accounts = harness.sandbox.dataset.accounts;
        const { nodes, pages } = await readInbox({ first, minPartnerSpend: 100 });
        const expected = expectedInbox(accounts.filter(tellsSpend), spentAtLeast(100));
        expect(expected.length).toBeGreaterThan(50);
        expect(nodes.map((node) => node.id)).toEqual(expected);
        const skipped = accounts
          .filter((account) => !tellsSpend(account))
          .map((account) => ({ externalId: account.handle }));
        for (const page of pages) expect(page.skippedAccounts).toEqual(skipped);
        // No account whose vendor cannot tell spend was read.
        expect(harness.calls('ofauth.chats')).toBe(0);
        expect(harness.calls('fansly.chats')).toBe(0);
      },
    );

    it('loses and repeats no chat when an account fails mid-read', async () => {
      const failing = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[1]!;
      const ids: string[] = [];
      let after: string | null = null;
      let sawFailure = false;
      for (let page = 0; page < 200; page++) {
        if (page === 1) {
          harness.sandbox.addFault({
            route: 'onlyfans.chats',
            externalId: failing.handle,
            kind: 'status',
            status: 503,
            times: 3,
          });
        }
        const result: Awaited<ReturnType<typeof harness.query<{ inbox: Page<InboxNode> }>>> =
          await harness.query<{ inbox: Page<InboxNode> }>(INBOX, {
            first: 10,
            minPartnerSpend: 100,
            after,
          });
        const inbox = result.data!.inbox;
        if (result.errors) {
          sawFailure = true;
          expect(result.errors[0]!.extensions).toMatchObject({
            code: 'UPSTREAM_UNAVAILABLE',
            connectedAccount: failing.handle,
          });
        }
        ids.push(...inbox.edges.map((edge) => edge.node.id));
        if (!inbox.pageInfo.hasNextPage) break;
        after = inbox.pageInfo.endCursor;
      }
      expect(sawFailure).toBe(true);
      const accounts = harness.sandbox.dataset.accounts.filter(tellsSpend);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(expectedInbox(accounts, spentAtLeast(100)).sort());
    });

    it('with unreadOnly answers "who to answer first" exactly', async () => {
      const accounts = harness.sandbox.dataset.accounts;
      const { nodes } = await readInbox({ first: 3, minPartnerSpend: 100, unreadOnly: true });
      const expected = expectedInbox(
        accounts.filter(tellsSpend),
        (chat) => spentAtLeast(100)(chat) && chat.unreadCount > 0,
      );
      expect(expected.length).toBeGreaterThan(10);
      expect(nodes.map((node) => node.id)).toEqual(expected);
    });

    it('names no skipped account without the filter, nor when every account tells spend', async () => {
      const plain = await harness.query<{ inbox: Page<InboxNode> }>(INBOX, { first: 2 });
      expect(plain.data!.inbox.skippedAccounts).toEqual([]);
      const only = harness.sandbox.dataset.accounts.filter(tellsSpend).map(accountId);
      const filtered = await harness.query<{ inbox: Page<InboxNode> }>(INBOX, {
        first: 2,
        minPartnerSpend: 100,
        accountIds: only,
      });
      expect(filtered.data!.inbox.skippedAccounts).toEqual([]);
    });

    it('is priced like unreadOnly, and its first page stays within the price', async () => {
      const measure = (args: string) => {
        const document = parse(`{ inbox(first: 20${args}) { edges { node { id } } } }`);
        return measureOperation(
          schema,
          document,
          getOperationAST(document)!,
          {},
          {
            maxDepth: Number.POSITIVE_INFINITY,
            maxAliases: Number.POSITIVE_INFINITY,
            maxCost: Number.POSITIVE_INFINITY,
            maxUpstreamCalls: Number.POSITIVE_INFINITY,
          },
          { 'Query.connectedAccounts': 6 },
        ).upstreamCalls;
      };
      const priced = measure(', minPartnerSpend: 100');
      expect(priced).toBe(measure(', unreadOnly: true'));
      expect(priced).toBeGreaterThan(measure(''));
      const result = await harness.query(INBOX, { first: 20, minPartnerSpend: 100 });
      expect(result.errors).toBeUndefined();
      expect(harness.calls()).toBeLessThanOrEqual(priced);
    });
  });

  describe('bad input', () => {
    it('refuses a negative floor on both lists, without a vendor call', async () => {
      const inbox = await harness.query('{ inbox(minPartnerSpend: -1) { edges { cursor } } }');
      expect(inbox.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      const chats = await harness.query(CHATS, {
        id: accountId(firstAccount('onlyfansapi', 'onlyfans')),
        minPartnerSpend: -0.01,
      });
      expect(chats.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(harness.calls()).toBe(0);
    });

    it('refuses a floor that is not a finite number', async () => {
      const result = await harness.query(
        'query ($min: Float) { inbox(minPartnerSpend: $min) { edges { cursor } } }',
        { min: 'lots' },
      );
      expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(harness.calls()).toBe(0);
    });

    it('refuses a cursor of the same list with another floor', async () => {
      const account = firstAccount('onlyfansapi', 'onlyfans');
      const first = await harness.query<{ connectedAccount: { chats: Page<ChatNode> } }>(CHATS, {
        id: accountId(account),
        first: 2,
        minPartnerSpend: 100,
      });
      const other = await harness.query(CHATS, {
        id: accountId(account),
        first: 2,
        minPartnerSpend: 50,
        after: first.data!.connectedAccount.chats.pageInfo.endCursor,
      });
      expect(other.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    });
  });
});
