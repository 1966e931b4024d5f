import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { codesOf, post, send } from './security-support.ts';

/**
 * Finding 4: 30 aliases × `nodes(ids:)` of 10,000 ids built a 54 MB answer. List arguments are
 * capped before any resolver runs, every returned value is priced, and a response over
 * `limits.maxResponseBytes` is replaced by RESPONSE_TOO_LARGE.
 */
let harness: GatewayHarness;
let small: GatewayHarness;
let subgraph: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
  small = await startGatewayHarness({ chatgraph: { limits: { maxResponseBytes: 4096 } } });
  subgraph = await startGatewayHarness({ chatgraph: { mode: 'subgraph' } });
});
afterAll(async () => {
  await harness.close();
  await small.close();
  await subgraph.close();
});

const accountIds = (target: GatewayHarness, count: number) => {
  const externalIds = target.sandbox.dataset.accounts.map((account) => account.handle);
  return Array.from({ length: count }, (_, index) =>
    encodeGlobalId('ConnectedAccount', externalIds[index % externalIds.length]!),
  );
};

describe('response amplification', () => {
  it('refuses 30 aliases × nodes(ids:) of 10,000 ids with BAD_USER_INPUT naming the cap', async () => {
    harness.sandbox.resetStats();
    const fields = Array.from(
      { length: 30 },
      (_, index) => `a${index}: nodes(ids: $ids) { id ... on ConnectedAccount { externalId } }`,
    );
    const answer = await post(harness.yoga, `query ($ids: [ID!]!) { ${fields.join(' ')} }`, {
      ids: accountIds(harness, 10_000),
    });
    expect(codesOf(answer.body)).toEqual(['BAD_USER_INPUT']);
    expect(answer.body?.errors?.[0]?.message).toMatch(/at most 100 /);
    expect(answer.body?.data ?? null).toBeNull();
    expect(answer.text.length).toBeLessThan(1000);
    expect(harness.calls()).toBe(0);
  });

  it('caps inbox(accountIds:) and _entities(representations:) the same way', async () => {
    const inbox = await post(
      harness.yoga,
      'query ($ids: [ID!]) { inbox(first: 1, accountIds: $ids) { edges { cursor } } }',
      { ids: accountIds(harness, 101) },
    );
    expect(codesOf(inbox.body)).toEqual(['BAD_USER_INPUT']);
    const representations = accountIds(subgraph, 101).map((id) => ({
      __typename: 'ConnectedAccount',
      id,
    }));
    const entities = await post(
      subgraph.yoga,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on ConnectedAccount { id } } }',
      { r: representations },
    );
    expect(codesOf(entities.body)).toEqual(['BAD_USER_INPUT']);
    expect(entities.body?.errors?.[0]?.message).toMatch(/at most 100 /);
    // At the cap: answered.
    const capped = await post(harness.yoga, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: accountIds(harness, 100),
    });
    expect(capped.body?.errors).toBeUndefined();
  });

  it('prices every returned value, scalars included', async () => {
    // 30 × 100 ids × 4 values: no object below nodes, yet 12,030 over the cost of 10,000.
    const fields = Array.from(
      { length: 30 },
      (_, index) =>
        `a${index}: nodes(ids: $ids) { id ... on ConnectedAccount { externalId vendor platform } }`,
    );
    const answer = await post(harness.yoga, `query ($ids: [ID!]!) { ${fields.join(' ')} }`, {
      ids: accountIds(harness, 100),
    });
    expect(codesOf(answer.body)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('replaces an answer over limits.maxResponseBytes with RESPONSE_TOO_LARGE', async () => {
    const large = '{ connectedAccounts { chats(first: 20) { edges { cursor node { id } } } } }';
    const refused = await post(small.yoga, large);
    expect(codesOf(refused.body)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(refused.body?.data ?? null).toBeNull();
    expect(refused.text.length).toBeLessThan(4096);
    // An answer under the cap is untouched.
    const answered = await post(small.yoga, '{ connectedAccounts { externalId } }');
    expect(answered.body?.errors).toBeUndefined();
    expect(answered.text.length).toBeLessThan(4096);
  });

  it('caps a batched request as a whole', async () => {
    const operation = { query: '{ connectedAccounts { id externalId vendor platform } }' };
    const single = await post(small.yoga, operation.query);
    const size = single.text.length;
    expect(size).toBeLessThan(4096 / 2);
    const count = Math.floor(4096 / size) + 1;
    const batch = await send<unknown>(small.yoga, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: Math.min(count, 10) }, () => operation)),
    });
    const answers = JSON.parse(batch.text) as Array<{ errors?: Array<{ extensions: unknown }> }>;
    expect(batch.text.length).toBeLessThanOrEqual(4096 + 200 * answers.length);
    expect(answers.at(-1)?.errors?.[0]?.extensions).toEqual({ code: 'RESPONSE_TOO_LARGE' });
    expect(answers[0]?.errors).toBeUndefined();
  });
});
