import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import { DEFAULT_QUERY_LIMITS } from '../../src/limits/query-limits.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { issuedMessageId } from '../support/issued-ids.ts';
import { codesOf, post } from './security-support.ts';

/**
 * Finding 5: `nodes(ids:)` of 481 Message ids made 481 vendor calls, 3,000 made-up Chat ids
 * 3,000. Ids are priced by the vendor calls they can cause and an operation over
 * `limits.maxUpstreamCalls` is refused before it runs; a token's `upstreamCallsPerMinute` is a
 * budget its requests cannot overdraw (429 UPSTREAM_BUDGET_EXCEEDED, then it refills).
 */
let harness: GatewayHarness;
let budgeted: GatewayHarness;
let now = 1_000_000;
const TOKEN = 'agency-token-for-the-budget-test';
const asAgency = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  harness = await startGatewayHarness();
  budgeted = await startGatewayHarness({
    chatgraph: {
      tokens: [
        { name: 'agency', sha256: sha256Hex(TOKEN), accounts: ['*'], upstreamCallsPerMinute: 3 },
      ],
      clock: () => now,
    },
  });
});
afterAll(async () => {
  await harness.close();
  await budgeted.close();
});

/** Global ids of `count` real messages of the sandbox, several chats and accounts. */
function messageIds(count: number): string[] {
  const ids: string[] = [];
  for (const account of harness.sandbox.dataset.accounts) {
    for (const chat of account.chats) {
      for (const message of chat.messages) {
        ids.push(issuedMessageId(account, chat, message.id));
        if (ids.length === count) return ids;
      }
    }
  }
  return ids;
}

/** `aliases` × nodes(ids:) splitting `ids` evenly. */
function spreadOver(ids: string[], aliases: number): { query: string; variables: object } {
  const size = Math.ceil(ids.length / aliases);
  const variables: Record<string, string[]> = {};
  const fields: string[] = [];
  const declarations: string[] = [];
  for (let index = 0; index < aliases; index++) {
    variables[`i${index}`] = ids.slice(index * size, (index + 1) * size);
    declarations.push(`$i${index}: [ID!]!`);
    fields.push(`a${index}: nodes(ids: $i${index}) { id }`);
  }
  return { query: `query (${declarations.join(', ')}) { ${fields.join(' ')} }`, variables };
}

describe('credit drain', () => {
  it('refuses 481 Message ids with zero vendor calls, in one list or spread over aliases', async () => {
    expect(DEFAULT_QUERY_LIMITS.maxUpstreamCalls).toBe(200);
    const ids = messageIds(481);
    expect(ids).toHaveLength(481);
    harness.sandbox.resetStats();
    const one = await post(harness.yoga, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids,
    });
    expect(codesOf(one.body)).toEqual(['BAD_USER_INPUT']);
    const { query, variables } = spreadOver(ids, 5);
    const spread = await post(harness.yoga, query, variables as Record<string, unknown>);
    expect(codesOf(spread.body)).toEqual(['TOO_MANY_UPSTREAM_CALLS']);
    expect(spread.body?.errors?.[0]?.message).toMatch(/over 200 vendor calls/);
    expect(harness.calls()).toBe(0);
  });

  it('refuses 3,000 made-up Chat ids with zero vendor calls', async () => {
    const externalId = harness.sandbox.dataset.accounts[0]!.handle;
    const ids = Array.from({ length: 3000 }, (_, index) =>
      encodeGlobalId('Chat', `${externalId}:${900_000 + index}:${900_000 + index}`),
    );
    harness.sandbox.resetStats();
    const { query, variables } = spreadOver(ids, 30);
    const answer = await post(harness.yoga, query, variables as Record<string, unknown>);
    expect(codesOf(answer.body)).toEqual(['TOO_MANY_UPSTREAM_CALLS']);
    expect(harness.calls()).toBe(0);
  });

  it('answers a normal nodes(ids:) of 20 ids', async () => {
    const ids = messageIds(20);
    const answer = await post<{ nodes: Array<{ id: string } | null> }>(
      harness.yoga,
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Message { text } } }',
      { ids },
    );
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data?.nodes.map((node) => node?.id)).toEqual(ids);
  });

  it("refuses what a token's budget of vendor calls cannot afford, then recovers", async () => {
    // One OnlyFansAPI chat page: estimated and made, 1 vendor call.
    const account = budgeted.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
    const query = `{ connectedAccount(id: "${encodeGlobalId('ConnectedAccount', account.handle)}") {
      chats(first: 10) { edges { node { id } } } } }`;
    for (let run = 0; run < 3; run++) {
      const answer = await post(budgeted.yoga, query, {}, asAgency);
      expect(answer.body?.errors, `run ${run}`).toBeUndefined();
    }
    budgeted.sandbox.resetStats();
    const refused = await post(budgeted.yoga, query, {}, asAgency);
    expect(refused.status).toBe(429);
    expect(codesOf(refused.body)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
    // 3 a minute: one call comes back in 20 s.
    expect(refused.body?.errors?.[0]?.extensions?.retryAfter).toBe(20);
    expect(budgeted.calls()).toBe(0);
    now += 20_000;
    const recovered = await post(budgeted.yoga, query, {}, asAgency);
    expect(recovered.body?.errors).toBeUndefined();
    expect(budgeted.calls()).toBe(1);
    // An operation estimated over a whole minute's budget waits the whole minute.
    now += 60_000;
    const dear = await post(
      budgeted.yoga,
      '{ connectedAccounts { chats(first: 10) { edges { node { id } } } } }',
      {},
      asAgency,
    );
    expect(codesOf(dear.body)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
    expect(dear.body?.errors?.[0]?.extensions?.retryAfter).toBe(60);
  });
});
