import { readFile } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { schema } from '../../src/schema/index.ts';
import { printPublishedSchema, printSubgraphSdl } from '../../src/schema/print.ts';
import { subgraphSchema } from '../../src/schema/subgraph.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { listen, post, type Served, vendorCalls } from './servers.ts';

let harness: GatewayHarness;
let chatgraph: Served;
let subgraphUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness({ chatgraph: { mode: 'both' } });
  chatgraph = await listen(harness.yoga as unknown as RequestListener);
  subgraphUrl = `${chatgraph.origin}/subgraph`;
});
afterAll(async () => {
  await chatgraph?.close();
  await harness?.close();
});
beforeEach(() => harness.sandbox.resetStats());

/** What both `_entities` and `nodes` select: the same fields for each entity type. */
const FIELDS = /* GraphQL */ `
  fragment Fields on Node {
    __typename
    id
    ... on ConnectedAccount { externalId }
    ... on Chat { platform messages(first: 5) { edges { node { platformId } } } }
    ... on Message { platformId text }
    ... on Account { username }
    ... on Media { type isAccessible }
  }
`;

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ...Fields }
  }
  ${FIELDS}
`;

const NODES = /* GraphQL */ `
  query ($ids: [ID!]!) { nodes(ids: $ids) { ...Fields } }
  ${FIELDS}
`;

/** Ids of every entity type, from the newest chats of the inbox. */
async function sampleIds(): Promise<Record<string, string[]>> {
  const result = await harness.query<{
    inbox: {
      edges: Array<{
        node: {
          id: string;
          connectedAccount: { id: string };
          partner: { id: string };
          messages: { edges: Array<{ node: { id: string; media: Array<{ id: string }> } }> };
        };
      }>;
    };
  }>(`{
    inbox(first: 12) {
      edges { node { id connectedAccount { id } partner { id }
        messages(first: 25) { edges { node { id media { id } } } } } }
    }
  }`);
  const chats = result.data!.inbox.edges.map(({ node }) => node);
  const messages = chats.flatMap((chat) => chat.messages.edges.map(({ node }) => node));
  const unique = (ids: string[]) => [...new Set(ids)];
  return {
    ConnectedAccount: unique(chats.map((chat) => chat.connectedAccount.id)),
    Chat: chats.slice(0, 6).map((chat) => chat.id),
    Message: chats.slice(0, 6).map((chat) => chat.messages.edges[0]!.node.id),
    Account: unique(chats.map((chat) => chat.partner.id)),
    Media: unique(messages.flatMap((message) => message.media.map(({ id }) => id))).slice(0, 8),
  };
}

describe('the subgraph schema', () => {
  it('is printed in schema/subgraph.graphql (run `npm run schema` after changing it)', async () => {
    const published = await readFile(
      new URL('../../schema/subgraph.graphql', import.meta.url),
      'utf8',
    );
    expect(published).toBe(printSubgraphSdl());
  });

  it('answers `_service { sdl }` with that file', async () => {
    const result = await post<{ _service: { sdl: string } }>(subgraphUrl, '{ _service { sdl } }');
    expect(result.errors).toBeUndefined();
    expect(`${result.data!._service.sdl}\n`).toBe(printSubgraphSdl());
  });

  it('is served on /subgraph, beside the plain schema on /graphql', async () => {
    const plain = await post(`${chatgraph.origin}/graphql`, '{ _service { sdl } }');
    expect(plain.errors?.[0]?.message).toMatch(/Cannot query field "_service" on type "Query"/);
    const viaPlain = await post<{ connectedAccounts: unknown[] }>(
      `${chatgraph.origin}/graphql`,
      '{ connectedAccounts { id } }',
    );
    const viaSubgraph = await post(subgraphUrl, '{ connectedAccounts { id } }');
    expect(viaSubgraph).toEqual(viaPlain);
    expect(viaPlain.data!.connectedAccounts).toHaveLength(6);
  });

  it('keys ConnectedAccount, Chat, Message, Account and Media by id', () => {
    const keyed = [
      ...printSubgraphSdl().matchAll(/^type (\w+) implements Node\n {2}@key\(fields: "id"\)/gm),
    ];
    expect(keyed.map(([, name]) => name).sort()).toEqual(
      ['Account', 'Chat', 'ConnectedAccount', 'Media', 'Message'].sort(),
    );
  });

  it('serves every type and field of the plain schema, which has no federation fields', () => {
    for (const type of Object.values(schema.getTypeMap())) {
      const served = subgraphSchema().getType(type.name);
      expect(served?.name, type.name).toBe(type.name);
      if (isObjectType(type) && isObjectType(served)) {
        expect(Object.keys(served.getFields()), type.name).toEqual(
          expect.arrayContaining(Object.keys(type.getFields())),
        );
      }
    }
    expect(printPublishedSchema()).not.toMatch(/_entities|_service|_Any|@key|@link/);
  });
});

describe('`_entities`', () => {
  let ids: Record<string, string[]>;
  beforeAll(async () => {
    ids = await sampleIds();
  });

  it.each(['ConnectedAccount', 'Chat', 'Message', 'Account', 'Media'])(
    'answers %s representations as nodes(ids:) does, with the same vendor calls',
    async (typename) => {
      const sample = ids[typename]!;
      expect(sample.length).toBeGreaterThan(1);

      const nodes = await harness.query<{ nodes: Array<{ id: string } | null> }>(NODES, {
        ids: sample,
      });
      const asNodes = vendorCalls(harness);
      harness.sandbox.resetStats();
      // Each position answers its own id (or null), never another's.
      const answered = nodes.data!.nodes.map((node, index) => [node?.id, sample[index]]);
      expect(answered.filter(([id]) => id !== undefined).length).toBeGreaterThan(1);
      for (const [id, asked] of answered) if (id !== undefined) expect(id).toBe(asked);

      const entities = await post<{ _entities: unknown[] }>(subgraphUrl, ENTITIES, {
        representations: sample.map((id) => ({ __typename: typename, id })),
      });
      expect(entities.errors).toBeUndefined();
      expect(entities.data!._entities).toEqual(nodes.data!.nodes);
      expect(vendorCalls(harness)).toEqual(asNodes);
    },
  );

  it('loads 25 Accounts of one OFAuth connection with 3 users calls (10 ids a call)', async () => {
    const connection = harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
    const list = await post<{
      connectedAccount: { chats: { edges: Array<{ node: { partner: { id: string } } }> } };
    }>(
      subgraphUrl,
      `query ($id: ID!) { connectedAccount(id: $id) { chats(first: 25) { edges { node { partner { id } } } } } }`,
      { id: encodeGlobalId('ConnectedAccount', connection.handle) },
    );
    const partners = list.data!.connectedAccount.chats.edges.map(({ node }) => node.partner.id);
    expect(new Set(partners).size).toBe(25);
    harness.sandbox.resetStats();

    const entities = await post<{ _entities: Array<{ username: string | null }> }>(
      subgraphUrl,
      ENTITIES,
      { representations: partners.map((id) => ({ __typename: 'Account', id })) },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities.every(({ username }) => typeof username === 'string')).toBe(
      true,
    );
    expect(vendorCalls(harness)).toEqual({ 'ofauth.users': 3 });
  });

  it('answers a malformed id with BAD_USER_INPUT for that representation only', async () => {
    const [account] = ids.ConnectedAccount!;
    const result = await post<{ _entities: unknown[] }>(subgraphUrl, ENTITIES, {
      representations: [
        { __typename: 'Account', id: 'not-an-id' },
        { __typename: 'ConnectedAccount', id: account },
      ],
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.data!._entities[0]).toBeNull();
    expect(result.data!._entities[1]).toMatchObject({ id: account });
  });
});
