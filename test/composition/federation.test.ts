import type { RequestListener } from 'node:http';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { graphqlRequest } from '../support/graphql-request.ts';
import { CRM_SDL, type CrmRecord, type CrmSubgraph, serveCrmSubgraph } from './crm-subgraph.ts';
import {
  composeSupergraph,
  listen,
  ofAuthPartners,
  type Partner,
  post,
  type Served,
  vendorCalls,
} from './servers.ts';

let harness: GatewayHarness;
let chatgraph: Served;
let subgraphUrl: string;
let crm: CrmSubgraph;
let supergraph: GatewayRuntime;
/** The fans of one OFAuth connection the CRM ranks highest, with what chatgraph says of them. */
let topSpenders: Partner[];
const records = new Map<string, CrmRecord>();

const INBOX = /* GraphQL */ `
  { inbox(first: 10) { edges { node { id partner { id username } } } } }
`;

const INBOX_WITH_CRM = /* GraphQL */ `
  {
    inbox(first: 10) {
      edges { node { id partner { id username lifetimeSpend notes { text author } } } }
    }
  }
`;

async function queryGateway<T>(query: string) {
  const response = await supergraph.fetch('http://gateway/graphql', graphqlRequest(query));
  return (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
}

function resetCounters() {
  harness.sandbox.resetStats();
  chatgraph.resetRequests();
  crm.resetRequests();
}

beforeAll(async () => {
  harness = await startGatewayHarness({ chatgraph: { mode: 'both' } });
  chatgraph = await listen(harness.yoga as unknown as RequestListener);
  subgraphUrl = `${chatgraph.origin}/subgraph`;

  const inbox = await harness.query<{
    inbox: { edges: Array<{ node: { partner: Partner } }> };
  }>(INBOX);
  inbox.data!.inbox.edges.forEach(({ node }, index) => {
    records.set(node.partner.id, {
      notes: [{ text: `Note ${index + 1}: prefers evening messages`, author: 'mia' }],
      lifetimeSpend: 10 * (index + 1),
    });
  });
  topSpenders = await ofAuthPartners(harness);
  topSpenders.forEach((partner, index) => {
    records.set(partner.id, { notes: [], lifetimeSpend: 5_000 - index });
  });
  crm = await serveCrmSubgraph(records);

  const service = await post<{ _service: { sdl: string } }>(subgraphUrl, '{ _service { sdl } }');
  supergraph = createGatewayRuntime({
    supergraph: composeSupergraph([
      { name: 'chatgraph', url: subgraphUrl, sdl: service.data!._service.sdl },
      { name: 'crm', url: `${crm.origin}/graphql`, sdl: CRM_SDL },
    ]),
    // What the README recipe sends: chatgraph's gateway token, to chatgraph only.
    propagateHeaders: {
      fromClientToSubgraphs: ({ subgraphName }) =>
        subgraphName === 'chatgraph' ? { authorization: 'Bearer test-token' } : {},
    },
    logging: false,
    // Failures show the subgraph's own error, not "Unexpected error.".
    maskedErrors: false,
  });
});

afterAll(async () => {
  await supergraph?.dispose();
  await crm?.close();
  await chatgraph?.close();
  await harness?.close();
});

describe('chatgraph as an Apollo Federation v2 subgraph behind Hive Gateway', () => {
  describe('inbox chats → partner → CRM notes', () => {
    it('answers each partner with its CRM record', async () => {
      const result = await queryGateway<{
        inbox: {
          edges: Array<{
            node: { partner: Partner & Pick<CrmRecord, 'lifetimeSpend' | 'notes'> };
          }>;
        };
      }>(INBOX_WITH_CRM);
      expect(result.errors).toBeUndefined();
      const partners = result.data!.inbox.edges.map(({ node }) => node.partner);
      expect(partners).toHaveLength(10);
      for (const partner of partners) {
        const record = records.get(partner.id)!;
        expect(partner.lifetimeSpend).toBe(record.lifetimeSpend);
        expect(partner.notes).toEqual(record.notes);
        expect(partner.username).toEqual(expect.any(String));
      }
    });

    it("costs the inbox's own vendor calls, one request to each subgraph", async () => {
      resetCounters();
      await harness.query(INBOX);
      const inboxAlone = vendorCalls(harness);

      resetCounters();
      const result = await queryGateway(INBOX_WITH_CRM);
      expect(result.errors).toBeUndefined();
      expect(vendorCalls(harness)).toEqual(inboxAlone);
      expect(chatgraph.requests()).toBe(1);
      expect(chatgraph.authorizations()).toEqual(['Bearer test-token']);
      expect(crm.requests()).toBe(1);
      expect(crm.authorizations()).toEqual([undefined]);
      expect(crm.representations()).toBe(10);
    });
  });

  describe('CRM top spenders → chatgraph profiles (`_entities`)', () => {
    const TOP_SPENDERS = /* GraphQL */ `
      { topSpenders(first: 12) { id lifetimeSpend username } }
    `;

    it('answers the usernames chatgraph knows', async () => {
      const result = await queryGateway<{
        topSpenders: Array<Partner & { lifetimeSpend: number }>;
      }>(TOP_SPENDERS);
      expect(result.errors).toBeUndefined();
      expect(result.data!.topSpenders.map(({ id, username }) => ({ id, username }))).toEqual(
        topSpenders,
      );
    });

    it('resolves 12 accounts in one request: 2 users calls, as nodes(ids:) costs', async () => {
      resetCounters();
      await harness.query(
        'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Account { username } } }',
        {
          ids: topSpenders.map(({ id }) => id),
        },
      );
      const asList = vendorCalls(harness);

      resetCounters();
      const result = await queryGateway(TOP_SPENDERS);
      expect(result.errors).toBeUndefined();
      expect(asList).toEqual({ 'ofauth.users': 2 });
      expect(vendorCalls(harness)).toEqual(asList);
      expect(chatgraph.requests()).toBe(1);
      expect(crm.requests()).toBe(1);
    });
  });

  describe('a subgraph that contradicts chatgraph', () => {
    it("fails composition with Apollo's message", async () => {
      const service = await post<{ _service: { sdl: string } }>(
        subgraphUrl,
        '{ _service { sdl } }',
      );
      const clashing = CRM_SDL.replace('id: ID!', 'id: Int!');
      expect(() =>
        composeSupergraph([
          { name: 'chatgraph', url: subgraphUrl, sdl: service.data!._service.sdl },
          { name: 'crm', url: `${crm.origin}/graphql`, sdl: clashing },
        ]),
      ).toThrow(/composition failed:\n- .*Account\.id/);
    });
  });
});
