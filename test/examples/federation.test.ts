import { describe, expect, it } from 'vitest';
import { post } from '../composition/servers.ts';
import { expectTokenSent, type Partner } from './chatgraph-server.ts';
import { useServerExample } from './server-example.ts';

const served = useServerExample(
  'federation',
  { CRM_PORT: '0' },
  /Federated gateway on (\S+\/graphql)/,
);

describe('examples/federation: `npm start` against a running chatgraph', () => {
  it('answers one query across both graphs: inbox chats → partner → CRM notes', async () => {
    const result = await post<{
      inbox: {
        edges: Array<{
          node: {
            partner: Partner & { lifetimeSpend: number; notes: Array<{ text: string }> };
          };
        }>;
      };
    }>(
      served.url,
      '{ inbox(first: 10) { edges { node { partner { id username lifetimeSpend notes { text } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const partners = result.data!.inbox.edges.map(({ node }) => node.partner);
    expect(partners).toHaveLength(10);
    for (const partner of partners) {
      const index = served.fans.findIndex(({ id }) => id === partner.id);
      if (index === -1) {
        expect(partner).toMatchObject({ lifetimeSpend: 0, notes: [] });
      } else {
        expect(partner).toEqual({
          ...served.fans[index],
          lifetimeSpend: 10 * (index + 1),
          notes: [{ text: `Note ${index + 1}: prefers evening messages` }],
        });
      }
    }
    expect(partners.filter(({ notes }) => notes.length > 0).length).toBeGreaterThan(0);
  });

  it("answers the CRM's top spenders with chatgraph's usernames (`_entities`)", async () => {
    const result = await post<{ topSpenders: Array<Partner & { lifetimeSpend: number }> }>(
      served.url,
      '{ topSpenders(first: 3) { id username lifetimeSpend } }',
    );
    expect(result.errors).toBeUndefined();
    const highestFirst = served.fans
      .map((fan, index) => ({ ...fan, lifetimeSpend: 10 * (index + 1) }))
      .reverse()
      .slice(0, 3);
    expect(result.data!.topSpenders).toEqual(highestFirst);
    expect(highestFirst.every(({ username }) => typeof username === 'string')).toBe(true);
  });

  it('sends chatgraph the CHATGRAPH_TOKEN on each request', () => {
    expectTokenSent(served.chatgraph);
  });
});
