import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

describe('nodes(ids)', () => {
  it('answers each id with its own object, in the order asked, unknown ones null', async () => {
    const accounts = harness.sandbox.dataset.accounts;
    const ofauth = harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
    const fans = ofauth.chats.slice(0, 3).map((chat) => chat.partner);
    const ids = [
      ...accounts.slice(0, 3).map((account) => encodeGlobalId('ConnectedAccount', account.handle)),
      ...fans.map((fan) => encodeGlobalId('Account', `${ofauth.handle}:${fan.id}`)),
      encodeGlobalId('ConnectedAccount', 'acct_ffffffffffffffffffffffffffffffff'),
    ];
    harness.sandbox.resetStats();
    const result = await harness.query<{
      nodes: Array<{ id: string; externalId?: string; username?: string } | null>;
    }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on ConnectedAccount { externalId } ... on Account { username } } }',
      { ids },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.nodes.map((node) => node?.id ?? null)).toEqual([...ids.slice(0, 6), null]);
    expect(result.data!.nodes.slice(0, 3).map((node) => node!.externalId)).toEqual(
      accounts.slice(0, 3).map((account) => account.handle),
    );
    expect(result.data!.nodes.slice(3, 6).map((node) => node!.username)).toEqual(
      fans.map((fan) => fan.username),
    );
    // The three profiles come in one batched users call.
    expect(harness.calls('ofauth.users')).toBe(1);
  });
});
