import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

const TOKEN_A = 'cg_test_token_agency_a_5f1e2d';
const TOKEN_ALL = 'cg_test_token_owner_9a8b7c';

let harness: GatewayHarness;
let accountA: SandboxAccount;
let others: SandboxAccount[];

beforeAll(async () => {
  // The sandbox's handles are known only once it runs: start once to learn them, then scope.
  const probe = await startGatewayHarness();
  accountA = probe.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
  const handleA = accountA.handle;
  await probe.close();
  // Vendor answers kept across requests, as `npm start` keeps them: a token never meets another's.
  harness = await startGatewayHarness({
    cache: true,
    chatgraph: {
      tokens: [
        { name: 'agency-a', sha256: sha256Hex(TOKEN_A), accounts: [handleA] },
        { name: 'owner', sha256: sha256Hex(TOKEN_ALL), accounts: ['*'] },
      ],
    },
  });
  others = harness.sandbox.dataset.accounts.filter((account) => account.handle !== handleA);
});
afterAll(() => harness.close());

const asA = { authorization: `Bearer ${TOKEN_A}` };
const asOwner = { authorization: `Bearer ${TOKEN_ALL}` };

async function raw(body: unknown, headers: Record<string, string> = {}) {
  return harness.yoga.fetch('http://chatgraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Ids of every kind of object that belongs to an account, from the sandbox's ground truth. */
function idsOf(account: SandboxAccount) {
  const chat = account.chats.find((candidate) =>
    candidate.messages.some((message) => message.media.length > 0),
  )!;
  const message = chat.messages.find((candidate) => candidate.media.length > 0)!;
  const media = message.media[0]!;
  const chatLocal = `${account.handle}:${chat.id}:${chat.partner.id}`;
  return {
    ConnectedAccount: encodeGlobalId('ConnectedAccount', account.handle),
    Chat: encodeGlobalId('Chat', chatLocal),
    Message: encodeGlobalId('Message', `${chatLocal}:${message.id}`),
    Account: encodeGlobalId('Account', `${account.handle}:${chat.partner.id}`),
    Media:
      account.platform === 'fansly'
        ? encodeGlobalId('Media', `${account.handle}:${media.id}`)
        : encodeGlobalId('Media', `${chatLocal}:${message.id}:${media.id}`),
  };
}

describe('gateway tokens', () => {
  it('refuses a request without a token, or with a wrong one, with 401', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: TOKEN_A },
    ];
    for (const headers of attempts) {
      const response = await raw({ query: '{ connectedAccounts { id } }' }, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('still serves /health and the GraphiQL page without one', async () => {
    expect((await harness.yoga.fetch('http://chatgraph/health')).status).toBe(200);
    const page = await harness.yoga.fetch('http://chatgraph/graphql', {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
  });

  it('admits a configured token: the owner sees every account, agency A only its own', async () => {
    const query =
      '{ connectedAccounts { externalId } inbox(first: 50) { edges { node { connectedAccount { externalId } } } } }';
    const owner = await harness.query<{ connectedAccounts: unknown[] }>(query, {}, asOwner);
    expect(owner.data!.connectedAccounts).toHaveLength(harness.sandbox.dataset.accounts.length);
    const agency = await harness.query<{
      connectedAccounts: Array<{ externalId: string }>;
      inbox: { edges: Array<{ node: { connectedAccount: { externalId: string } } }> };
    }>(query, {}, asA);
    expect(agency.errors).toBeUndefined();
    expect(agency.data!.connectedAccounts).toEqual([{ externalId: accountA.handle }]);
    expect(agency.data!.inbox.edges).toHaveLength(50);
    for (const edge of agency.data!.inbox.edges)
      expect(edge.node.connectedAccount.externalId).toBe(accountA.handle);
  });
});

describe('tenant isolation', () => {
  const shapes: Array<[string, (id: string) => string]> = [
    ['node', (id) => `{ node(id: "${id}") { id } }`],
    ['nodes', (id) => `{ nodes(ids: ["${id}"]) { id } }`],
  ];

  it('treats every object of another account as not found, through every entry point', async () => {
    let checked = 0;
    for (const other of others) {
      const ids = idsOf(other);
      for (const [typename, id] of Object.entries(ids)) {
        for (const [entry, query] of shapes) {
          const result = await harness.query<Record<string, unknown>>(query(id), {}, asA);
          expect(result.errors, `${entry} ${typename} of ${other.handle}`).toBeUndefined();
          expect(result.data, `${entry} ${typename} of ${other.handle}`).toEqual(
            entry === 'node' ? { node: null } : { nodes: [null] },
          );
          checked += 1;
        }
      }
      const chat = await harness.query(
        `{ chat(id: "${ids.Chat}") { id messages { edges { node { id } } } } }`,
        {},
        asA,
      );
      expect(chat.data).toEqual({ chat: null });
      const connected = await harness.query(
        `{ connectedAccount(id: "${ids.ConnectedAccount}") { id } }`,
        {},
        asA,
      );
      expect(connected.data).toEqual({ connectedAccount: null });
      const inbox = await harness.query(
        `{ inbox(accountIds: ["${ids.ConnectedAccount}"]) { edges { cursor } } }`,
        {},
        asA,
      );
      expect(inbox.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(inbox)).not.toContain(other.handle);
      checked += 3;
    }
    expect(checked).toBe(others.length * 13);
  });

  it('lets the owner read the same ids', async () => {
    const ids = idsOf(others[0]!);
    for (const id of Object.values(ids)) {
      const result = await harness.query<{ node: { id: string } | null }>(
        `{ node(id: "${id}") { id } }`,
        {},
        asOwner,
      );
      expect(result.data!.node?.id).toBe(id);
    }
  });
});

describe('two tokens with the same name', () => {
  it('each see only their own accounts', async () => {
    const [first, second] = [
      harness.sandbox.dataset.accounts[0]!,
      harness.sandbox.dataset.accounts[1]!,
    ];
    const yoga = createChatgraph({
      connectedAccounts: harness.connectedAccounts,
      tokens: [
        { name: 'same', sha256: sha256Hex('token-one'), accounts: [first.handle] },
        { name: 'same', sha256: sha256Hex('token-two'), accounts: [second.handle] },
      ],
    });
    const seen = async (token: string) => {
      const response = await yoga.fetch('http://chatgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ connectedAccounts { externalId } }' }),
      });
      return (
        (await response.json()) as { data: { connectedAccounts: Array<{ externalId: string }> } }
      ).data.connectedAccounts;
    };
    expect(await seen('token-one')).toEqual([{ externalId: first.handle }]);
    expect(await seen('token-two')).toEqual([{ externalId: second.handle }]);
  });
});
