import { readFile } from 'node:fs/promises';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { buildSchema, type GraphQLSchema, graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stitchWithChatgraph } from '../../examples/stitching/stitched-schema.mjs';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { type AgencySchema, createAgencySchema, type StaffMember } from './agency-schema.ts';
import { listen, ofAuthPartners, type Partner, type Served, vendorCalls } from './servers.ts';

let harness: GatewayHarness;
let chatgraph: Served;
let agency: AgencySchema;
let stitched: GraphQLSchema;
/** Operations the stitched gateway sent to chatgraph, counted at its executor. */
let executorCalls = 0;
let staff: StaffMember[];
/** Twelve fans of one OFAuth connection, as chatgraph lists them. */
let fans: Partner[];

async function run<T>(source: string) {
  const result = await graphql({ schema: stitched, source, contextValue: {} });
  return result as { data?: T; errors?: readonly Error[] };
}

/** The executor, counting the operations it sends. */
function counted<Executor extends (...args: never[]) => unknown>(executor: Executor): Executor {
  return ((...args: Parameters<Executor>) => {
    executorCalls += 1;
    return executor(...args);
  }) as Executor;
}

function resetCounters() {
  harness.sandbox.resetStats();
  chatgraph.resetRequests();
  executorCalls = 0;
  agency.lookups.length = 0;
}

beforeAll(async () => {
  harness = await startGatewayHarness();
  chatgraph = await listen(harness.yoga);

  fans = await ofAuthPartners(harness);
  staff = ['Mia', 'Noah', 'Sofia'].map((name, index) => ({
    id: `staff-${index + 1}`,
    name,
    shift: ['06:00–14:00 UTC', '14:00–22:00 UTC', '22:00–06:00 UTC'][index]!,
    fanIds: fans.slice(index * 4, index * 4 + 4).map(({ id }) => id),
  }));
  agency = createAgencySchema(staff);

  const executor = counted(buildHTTPExecutor({ endpoint: `${chatgraph.origin}/graphql` }));
  stitched = stitchWithChatgraph({
    chatgraph: {
      // The published contract; the example takes it by introspection, which works too.
      schema: buildSchema(
        await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'),
      ),
      executor,
    },
    agency: agency.schema,
  });
});

afterAll(async () => {
  await chatgraph?.close();
  await harness?.close();
});

describe('chatgraph stitched with @graphql-tools/stitch, over HTTP', () => {
  describe('agency staff → fans → chatgraph profiles', () => {
    const STAFF = /* GraphQL */ `
      { staff { name shift fans { id username } } }
    `;

    it("answers each fan's chatgraph username", async () => {
      const result = await run<{
        staff: Array<{ name: string; fans: Partner[] }>;
      }>(STAFF);
      expect(result.errors).toBeUndefined();
      expect(result.data!.staff.map(({ name }) => name)).toEqual(['Mia', 'Noah', 'Sofia']);
      expect(result.data!.staff.flatMap((member) => member.fans)).toEqual(fans);
    });

    it('reads 12 accounts in one request to chatgraph: 2 users calls, as nodes(ids:) costs', async () => {
      resetCounters();
      await harness.query(
        'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Account { id username } } }',
        { ids: fans.map(({ id }) => id) },
      );
      const asList = vendorCalls(harness);

      resetCounters();
      const result = await run(STAFF);
      expect(result.errors).toBeUndefined();
      expect(executorCalls).toBe(1);
      expect(chatgraph.requests()).toBe(1);
      expect(asList).toEqual({ 'ofauth.users': 2 });
      expect(vendorCalls(harness)).toEqual(asList);
    });
  });

  describe('inbox chats → partner → agency staff', () => {
    const INBOX = /* GraphQL */ `
      { inbox(first: 10) { edges { node { partner { id username assignedTo { name } } } } } }
    `;

    it("answers who looks after each partner: one agency lookup, the inbox's own vendor calls", async () => {
      resetCounters();
      await harness.query('{ inbox(first: 10) { edges { node { partner { id username } } } } }');
      const inboxAlone = vendorCalls(harness);

      resetCounters();
      const result = await run<{
        inbox: {
          edges: Array<{ node: { partner: Partner & { assignedTo: { name: string } | null } } }>;
        };
      }>(INBOX);
      expect(result.errors).toBeUndefined();
      const partners = result.data!.inbox.edges.map(({ node }) => node.partner);
      expect(partners).toHaveLength(10);
      for (const partner of partners) {
        const member = staff.find(({ fanIds }) => fanIds.includes(partner.id));
        expect(partner.assignedTo).toEqual(member ? { name: member.name } : null);
      }
      // The seeded inbox holds partners the agency assigned and partners it did not.
      expect(partners.filter(({ assignedTo }) => assignedTo !== null).length).toBeGreaterThan(0);
      expect(partners.filter(({ assignedTo }) => assignedTo === null).length).toBeGreaterThan(0);
      expect(executorCalls).toBe(1);
      expect(chatgraph.requests()).toBe(1);
      expect(agency.lookups).toHaveLength(1);
      expect(agency.lookups[0]).toHaveLength(10);
      expect(vendorCalls(harness)).toEqual(inboxAlone);
    });
  });
});
