import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { post } from '../composition/servers.ts';
import { expectTokenSent, type Partner } from './chatgraph-server.ts';
import { useServerExample } from './server-example.ts';

const served = useServerExample('stitching', {}, /Stitched gateway on (\S+\/graphql)/);

/** The first twelve fans: the example's three staff members look after four each. */
const staffed = () => served.fans.slice(0, 12);

describe('examples/stitching: `npm start` against a running chatgraph', () => {
  it("answers the agency's staff with their fans' chatgraph usernames", async () => {
    const result = await post<{ staff: Array<{ name: string; fans: Partner[] }> }>(
      served.url,
      '{ staff { name shift fans { id username } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.staff.map(({ name }) => name)).toEqual(['Mia', 'Noah', 'Sofia']);
    expect(result.data!.staff.flatMap((member) => member.fans)).toEqual(staffed());
    expect(staffed().every(({ username }) => typeof username === 'string')).toBe(true);
    // One stitched query, one request to chatgraph: the twelve fans go in one `nodes(ids:)`.
    expect(served.chatgraph.served.requests()).toBe(1);
  });

  it('answers who looks after each inbox partner', async () => {
    const result = await post<{
      inbox: {
        edges: Array<{ node: { partner: Partner & { assignedTo: { name: string } | null } } }>;
      };
    }>(
      served.url,
      '{ inbox(first: 10) { edges { node { partner { id username assignedTo { name } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const partners = result.data!.inbox.edges.map(({ node }) => node.partner);
    expect(partners).toHaveLength(10);
    for (const partner of partners) {
      const index = staffed().findIndex(({ id }) => id === partner.id);
      const name = index === -1 ? null : ['Mia', 'Noah', 'Sofia'][Math.floor(index / 4)];
      expect(partner.assignedTo).toEqual(name ? { name } : null);
    }
    expect(partners.some(({ assignedTo }) => assignedTo !== null)).toBe(true);
  });

  it('sends chatgraph the CHATGRAPH_TOKEN on each request', () => {
    expectTokenSent(served.chatgraph);
  });
});

describe('examples/stitching against a chatgraph without introspection', () => {
  const withoutIntrospection = useServerExample(
    'stitching',
    { CHATGRAPH_SCHEMA: fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)) },
    /Stitched gateway on (\S+\/graphql)/,
    { introspection: false },
  );

  it("reads chatgraph's schema from CHATGRAPH_SCHEMA", async () => {
    const result = await post<{ staff: Array<{ fans: Partner[] }> }>(
      withoutIntrospection.url,
      '{ staff { fans { id username } } }',
    );
    expect(result.errors).toBeUndefined();
    const fans = withoutIntrospection.fans.slice(0, 12);
    expect(result.data!.staff.flatMap((member) => member.fans)).toEqual(fans);
  });
});
