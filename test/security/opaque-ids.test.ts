import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { decodeGlobalId, encodeGlobalId, localId } from '../../src/ids.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { codesOf, idsOf, post } from './security-support.ts';

/**
 * Issue 12, finding 12: vendor ids are opaque (provider docs, "Vendor ids are opaque"): any
 * URL-safe text after the documented prefix. `acct_my_agency_01`, `fansly_acct_team_2` and
 * `conn_abc-123` were refused by the config ("expected an OnlyFansAPI account id like acct_…").
 * The gateway now takes them, and its global ids route themselves whatever a part holds.
 */

const OPAQUE = {
  onlyfans: 'acct_my_agency_01',
  fansly: 'fansly_acct_team_2',
  connection: 'conn_abc-123',
};

describe('opaque vendor ids', () => {
  describe('the config', () => {
    it('accepts any URL-safe text after the documented prefix', () => {
      const config = parseConfig(
        {
          vendors: {
            onlyfansapi: {
              apiKey: 'key',
              accounts: [
                { id: OPAQUE.onlyfans, platform: 'onlyfans' },
                { id: OPAQUE.fansly, platform: 'fansly' },
                { id: `acct_${'x'.repeat(128)}`, platform: 'onlyfans' },
              ],
            },
            ofauth: { apiKey: 'key', connections: [{ id: OPAQUE.connection }] },
          },
          auth: {
            tokens: [{ name: 'agency', sha256: 'a'.repeat(64), accounts: Object.values(OPAQUE) }],
          },
        },
        {},
      );
      // Was: ConfigError "expected an OnlyFansAPI account id like acct_…" (and Fansly, connection).
      expect(config.vendors.onlyfansapi?.accounts.map((account) => account.id)).toContain(
        OPAQUE.fansly,
      );
      expect(config.vendors.ofauth?.connections).toEqual([{ id: OPAQUE.connection }]);
    });
  });

  describe('global ids', () => {
    it('keep decoding every id issued before (plain parts are unchanged)', () => {
      const readmeChat =
        'Q2hhdDphY2N0X2Y1MTgxNjkwMWZjYjUzM2I3N2ExNGE4Yjk2ZWVjZWUzOjI1MzEwNzQ0MjoyNTMxMDc0NDI';
      expect(decodeGlobalId(readmeChat).parts).toEqual([
        'acct_f51816901fcb533b77a14a8b96eecee3',
        '253107442',
        '253107442',
      ]);
      expect(encodeGlobalId('Chat', localId('acct_a.b-c_d', '1', '2'))).toBe(
        encodeGlobalId('Chat', 'acct_a.b-c_d:1:2'),
      );
    });

    it('route a part holding any character, `:` and `%` included', () => {
      for (const externalId of [
        'conn_a:b',
        'acct_100%',
        'acct_%3A',
        'conn_é 🙂',
        'x'.repeat(160),
      ]) {
        const id = encodeGlobalId('Chat', localId(externalId, '1', '2'));
        expect(decodeGlobalId(id).parts, externalId).toEqual([externalId, '1', '2']);
      }
    });

    it('decode strictly: one spelling per id', () => {
      for (const local of ['acct_a%3a:1:2', 'acct_a%2F:1:2', 'acct_%:1:2', 'acct_a::2', '']) {
        expect(() => decodeGlobalId(encodeGlobalId('Chat', local)), local).toThrow(
          /is not a chatgraph id/,
        );
      }
      expect(() =>
        decodeGlobalId(encodeGlobalId('Chat', localId('x'.repeat(161), '1', '2'))),
      ).toThrow(/is not a chatgraph id/);
    });
  });

  describe('a gateway whose accounts have opaque handles', () => {
    let harness: GatewayHarness;

    beforeAll(async () => {
      harness = await startGatewayHarness({
        sandbox: {
          handles: [OPAQUE.onlyfans, undefined, OPAQUE.fansly, undefined, OPAQUE.connection],
        },
      });
    });
    afterAll(() => harness.close());

    const renamed = () =>
      harness.sandbox.dataset.accounts.filter((account) =>
        (Object.values(OPAQUE) as string[]).includes(account.handle),
      );

    it('connects them', async () => {
      const answer = await post<{ connectedAccounts: Array<{ externalId: string }> }>(
        harness.yoga,
        '{ connectedAccounts { externalId } }',
      );
      expect(answer.body?.errors).toBeUndefined();
      expect(answer.body?.data?.connectedAccounts.map((account) => account.externalId)).toEqual(
        expect.arrayContaining(Object.values(OPAQUE)),
      );
    });

    it('round-trips node, nodes and chat through their ids', async () => {
      expect(renamed()).toHaveLength(3);
      for (const account of renamed()) {
        const ids = idsOf(account);
        // A Fansly profile is known only from a chat list (the vendor has no lookup by id).
        const profile = account.platform === 'fansly' ? null : ids.Account;
        const every = [ids.ConnectedAccount, ids.Chat, ids.Message, profile, ids.Media].filter(
          (id): id is string => id !== null,
        );
        const answer = await post<{
          node: { id: string } | null;
          nodes: Array<{ id: string } | null>;
          chat: { id: string; connectedAccount: { externalId: string } } | null;
        }>(
          harness.yoga,
          `query ($chat: ID!, $ids: [ID!]!) {
            node(id: $chat) { id }
            nodes(ids: $ids) { id }
            chat(id: $chat) { id connectedAccount { externalId } }
          }`,
          { chat: ids.Chat, ids: every },
        );
        expect(codesOf(answer.body), account.handle).toEqual([]);
        expect(answer.body?.data?.node?.id).toBe(ids.Chat);
        expect(answer.body?.data?.nodes.map((node) => node?.id)).toEqual(every);
        expect(answer.body?.data?.chat).toEqual({
          id: ids.Chat,
          connectedAccount: { externalId: account.handle },
        });
      }
    });

    it('pages their chats and the inbox', async () => {
      const accountIds = renamed().map((account) => idsOf(account).ConnectedAccount);
      const first = await post<{
        inbox: { edges: unknown[]; pageInfo: { endCursor: string } };
      }>(
        harness.yoga,
        'query ($ids: [ID!]) { inbox(first: 5, accountIds: $ids) { edges { cursor } pageInfo { endCursor } } }',
        { ids: accountIds },
      );
      expect(codesOf(first.body)).toEqual([]);
      expect(first.body?.data?.inbox.edges).toHaveLength(5);
      const next = await post<{ inbox: { edges: unknown[] } }>(
        harness.yoga,
        'query ($ids: [ID!], $after: String) { inbox(first: 5, accountIds: $ids, after: $after) { edges { cursor } } }',
        { ids: accountIds, after: first.body?.data?.inbox.pageInfo.endCursor },
      );
      expect(codesOf(next.body)).toEqual([]);
      expect(next.body?.data?.inbox.edges).toHaveLength(5);
    });
  });
});
