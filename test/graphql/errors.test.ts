import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxFault } from '../../src/sandbox/types.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ timeoutMs: 300 });
});
afterAll(() => harness.close());
afterEach(() => harness.sandbox.clearFaults());

const INBOX = /* GraphQL */ `
  {
    connectedAccounts {
      externalId
      chats(first: 2) { edges { node { id } } }
    }
  }
`;

type Inbox = {
  connectedAccounts: Array<{ externalId: string; chats: { edges: unknown[] } | null }>;
};

describe('vendor failures', () => {
  // A fresh gateway per case: failures count toward the account's circuit breaker, which would
  // otherwise carry one case's failures into the next.
  beforeEach(async () => {
    await harness.close();
    harness = await startGatewayHarness({ timeoutMs: 300 });
  });

  describe.each([
    [{ kind: 'status', status: 401 }, 'UPSTREAM_UNAUTHENTICATED'],
    [{ kind: 'status', status: 403 }, 'UPSTREAM_FORBIDDEN'],
    [{ kind: 'status', status: 404 }, 'NOT_FOUND'],
    [{ kind: 'status', status: 429, retryAfter: 7 }, 'UPSTREAM_RATE_LIMITED'],
    [{ kind: 'status', status: 502 }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'status', status: 503 }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'hang' }, 'UPSTREAM_TIMEOUT'],
    [{ kind: 'malformed' }, 'UPSTREAM_INVALID_RESPONSE'],
    [{ kind: 'truncate' }, 'UPSTREAM_INVALID_RESPONSE'],
  ] as const)('%o on one account', (fault, code) => {
    it(`answers ${code} on that account's field and the other accounts' data`, async () => {
      const failing = harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!.handle;
      harness.sandbox.addFault({
        ...(fault as Partial<SandboxFault>),
        route: 'ofauth.chats',
        externalId: failing,
        // Every attempt fails: the first call and both retries (429 and 5xx, hangs and resets
        // are retried; the others answer at once).
        times: 3,
      } as SandboxFault);
      harness.sandbox.resetStats();
      const result = await harness.query<Inbox>(INBOX);
      const retried = [
        'UPSTREAM_RATE_LIMITED',
        'UPSTREAM_UNAVAILABLE',
        'UPSTREAM_TIMEOUT',
      ].includes(code);
      // A Retry-After longer than the wait allowed (5 s) fails at once, without a retry.
      const attempts = retried && !('retryAfter' in fault) ? 3 : 1;
      expect(harness.sandbox.stats().routes['ofauth.chats'].byAccount[failing]).toBe(attempts);
      expect(result.extensions?.cost?.upstreamCalls).toBe(harness.sandbox.stats().totalCalls);
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error!.message).not.toBe('Unexpected error.');
      expect(error!.extensions).toMatchObject({
        code,
        vendor: 'OFAUTH',
        connectedAccount: failing,
      });
      if (code === 'UPSTREAM_RATE_LIMITED') expect(error!.extensions!.retryAfter).toBe(7);
      const accounts = result.data!.connectedAccounts;
      expect(accounts.find((account) => account.externalId === failing)!.chats).toBeNull();
      const others = accounts.filter((account) => account.externalId !== failing);
      expect(others.length).toBe(harness.sandbox.dataset.accounts.length - 1);
      for (const account of others) expect(account.chats!.edges).toHaveLength(2);
      const body = JSON.stringify(result);
      expect(body).not.toContain(harness.sandbox.keys.ofauth);
      expect(body).not.toContain(harness.sandbox.keys.onlyfansapi);
    });
  });
});

describe('bad input', () => {
  const account = () =>
    encodeGlobalId('ConnectedAccount', harness.sandbox.dataset.accounts[0]!.handle);

  it.each([0, 101, -5])('rejects first=%i with BAD_USER_INPUT naming the range', async (first) => {
    const result = await harness.query(
      'query ($id: ID!, $first: Int) { connectedAccount(id: $id) { chats(first: $first) { edges { cursor } } } }',
      {
        id: account(),
        first,
      },
    );
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/1 to 100/);
  });

  it('rejects a malformed cursor with BAD_USER_INPUT', async () => {
    const result = await harness.query(
      'query ($id: ID!) { connectedAccount(id: $id) { chats(after: "garbage!") { edges { cursor } } } }',
      {
        id: account(),
      },
    );
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a cursor from another list with BAD_USER_INPUT', async () => {
    const first = await harness.query<{
      connectedAccount: { chats: { pageInfo: { endCursor: string } } };
    }>(
      'query ($id: ID!) { connectedAccount(id: $id) { chats(first: 2) { pageInfo { endCursor } } } }',
      { id: account() },
    );
    const cursor = first.data!.connectedAccount.chats.pageInfo.endCursor;
    const result = await harness.query(
      'query ($id: ID!, $after: String) { connectedAccount(id: $id) { chats(first: 2, after: $after, unreadOnly: true) { edges { cursor } } } }',
      {
        id: account(),
        after: cursor,
      },
    );
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it.each(['nonsense', 'Q2hhdDp4', encodeGlobalId('Chat', 'a:b')])(
    'rejects the malformed id %s',
    async (id) => {
      const result = await harness.query('query ($id: ID!) { node(id: $id) { id } }', { id });
      expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    },
  );

  it('answers null for a well-formed id of an account not connected here', async () => {
    const result = await harness.query(
      'query ($id: ID!) { node(id: $id) { id } chat(id: $id) { id } }',
      {
        id: encodeGlobalId('Chat', 'acct_ffffffffffffffffffffffffffffffff:1:1'),
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null, chat: null });
  });

  it('answers null for a well-formed id of a chat the vendor does not know', async () => {
    const externalId = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!.handle;
    const result = await harness.query('query ($id: ID!) { chat(id: $id) { id } }', {
      id: encodeGlobalId('Chat', `${externalId}:999999999999:999999999999`),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ chat: null });
  });
});

describe('a vendor that keeps failing', () => {
  it("opens the account's circuit: the next query answers UPSTREAM_UNAVAILABLE without calling it", async () => {
    await harness.close();
    harness = await startGatewayHarness({ timeoutMs: 300 });
    const failing = harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!.handle;
    harness.sandbox.addFault({
      route: 'ofauth.chats',
      externalId: failing,
      kind: 'status',
      status: 503,
      times: 6,
    });
    await harness.query(INBOX);
    await harness.query(INBOX);
    harness.sandbox.resetStats();
    const result = await harness.query<Inbox>(INBOX);
    expect(harness.sandbox.stats().routes['ofauth.chats'].byAccount[failing]).toBeUndefined();
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      connectedAccount: failing,
    });
    expect(result.errors![0]!.message).toMatch(/circuit/i);
    expect(result.data!.connectedAccounts.filter((account) => account.chats !== null)).toHaveLength(
      harness.sandbox.dataset.accounts.length - 1,
    );
  });
});
