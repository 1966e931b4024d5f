import type { RequestListener } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId, localId } from '../../src/ids.ts';
import type { SandboxPlatform, SandboxVendor } from '../../src/sandbox/index.ts';
import { listen, post, type Served } from '../composition/servers.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { issuedAccountId, issuedMessageId, listedChatId } from '../support/issued-ids.ts';

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

/** The fields each node type answers with, the same in a list and by id. */
const FIELDS = /* GraphQL */ `
  fragment Fields on Node {
    __typename
    id
    ... on ConnectedAccount { externalId vendor platform status }
    ... on Chat { platform partner { id } connectedAccount { id } }
    ... on Message { platformId text isFromCreator createdAt }
    ... on Account { platform platformId username displayName }
    ... on Media { platformId type url }
  }
`;

const LIST = /* GraphQL */ `
  query ($id: ID!) {
    connectedAccount(id: $id) {
      ...Fields
      chats(first: 6) {
        edges { node {
          ...Fields
          partner { ...Fields }
          messages(first: 40) { edges { node { ...Fields sender { ...Fields } media { ...Fields } } } }
        } }
      }
    }
  }
  ${FIELDS}
`;

const NODES = /* GraphQL */ `
  query ($ids: [ID!]!) { nodes(ids: $ids) { ...Fields } }
  ${FIELDS}
`;

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) { _entities(representations: $representations) { ...Fields } }
  ${FIELDS}
`;

/** The fields of FIELDS that point to another node (by its id). */
const POINTERS = new Set(['partner', 'connectedAccount']);

type Node = { __typename: string; id: string } & Record<string, unknown>;

/** Every object of a listed account, by id: the account, its chats, partners, messages, media. */
async function listedNodes(handle: string): Promise<Map<string, Node>> {
  const result = await harness.query<{ connectedAccount: Node }>(LIST, {
    id: encodeGlobalId('ConnectedAccount', handle),
  });
  expect(result.errors?.map((error) => error.message)).toBeUndefined();
  const found = new Map<string, Node>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    if (typeof object.__typename === 'string' && typeof object.id === 'string') {
      // The fields of the node itself; a node it points to, by its id only (as FIELDS selects).
      const fields = Object.entries(object).flatMap(([name, field]) => {
        if (Array.isArray(field)) return [];
        if (field !== null && typeof field === 'object') {
          const { id } = field as { id?: unknown };
          return typeof id === 'string' && POINTERS.has(name) ? [[name, { id }]] : [];
        }
        return [[name, field]];
      });
      found.set(object.id as string, Object.fromEntries(fields) as Node);
    }
    for (const child of Object.values(object)) visit(child);
  };
  visit(result.data!.connectedAccount);
  return found;
}

const CASES: Array<[string, SandboxVendor, SandboxPlatform]> = [
  ['OnlyFansAPI · OnlyFans', 'onlyfansapi', 'onlyfans'],
  ['OnlyFansAPI · Fansly', 'onlyfansapi', 'fansly'],
  ['OFAuth · OnlyFans', 'ofauth', 'onlyfans'],
];

describe('every id the gateway issues resolves', () => {
  describe.each(CASES)('on %s', (_name, vendor, platform) => {
    it('answers every listed object by id alone, through nodes and _entities, with the same fields', async () => {
      const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
      const listed = await listedNodes(account.handle);
      const byType = new Map<string, number>();
      for (const node of listed.values())
        byType.set(node.__typename, (byType.get(node.__typename) ?? 0) + 1);
      for (const typename of ['ConnectedAccount', 'Chat', 'Message', 'Account', 'Media']) {
        expect(byType.get(typename) ?? 0, typename).toBeGreaterThan(0);
      }
      const ids = [...listed.keys()];
      const inOrder = [...listed.values()];

      // `nodes` takes at most 100 ids a request.
      const byId: Array<Node | null> = [];
      const byEntity: Array<Node | null> = [];
      for (let start = 0; start < ids.length; start += 100) {
        const chunk = inOrder.slice(start, start + 100);
        const nodes = await harness.query<{ nodes: Array<Node | null> }>(NODES, {
          ids: chunk.map(({ id }) => id),
        });
        expect(nodes.errors).toBeUndefined();
        byId.push(...nodes.data!.nodes);
        const entities = await post<{ _entities: Array<Node | null> }>(subgraphUrl, ENTITIES, {
          representations: chunk.map(({ __typename, id }) => ({ __typename, id })),
        });
        expect(entities.errors).toBeUndefined();
        byEntity.push(...entities.data!._entities);
      }
      const missing = ids.filter((_id, index) => byId[index] === null);
      expect(
        missing.map((id) => `${decodeGlobalId(id).typename}:${decodeGlobalId(id).id}`),
      ).toEqual([]);
      expect(byId).toEqual(inOrder);
      expect(byEntity).toEqual(inOrder);
    });
  });
});

describe('a Fansly Account by id alone', () => {
  const fansly = () => harness.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
  const accountId = (platformId: string, username?: string) =>
    encodeGlobalId(
      'Account',
      username === undefined
        ? localId(fansly().handle, platformId)
        : localId(fansly().handle, platformId, username),
    );

  it('carries the username, and is looked up by it: N accounts in ceil(N / 25) users calls', async () => {
    const partners = fansly()
      .chats.slice(0, 60)
      .map((chat) => chat.partner);
    const listed = await harness.query<{
      connectedAccount: { chats: { edges: Array<{ node: { partner: { id: string } } }> } };
    }>(
      'query ($id: ID!) { connectedAccount(id: $id) { chats(first: 60) { edges { node { partner { id } } } } } }',
      { id: encodeGlobalId('ConnectedAccount', fansly().handle) },
    );
    const ids = listed.data!.connectedAccount.chats.edges.map(({ node }) => node.partner.id);
    expect(ids).toEqual(partners.map((partner) => accountId(partner.id, partner.username)));
    harness.sandbox.resetStats();

    const nodes = await harness.query<{
      nodes: Array<{ platformId: string; username: string } | null>;
    }>('query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Account { platformId username } } }', {
      ids,
    });
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data!.nodes).toEqual(
      partners.map((partner) => ({ platformId: partner.id, username: partner.username })),
    );
    expect(harness.calls('fansly.users')).toBe(Math.ceil(60 / 25));
    expect(harness.calls()).toBe(Math.ceil(60 / 25));
  });

  it('is null when its username now names someone else (renamed), or when it has none', async () => {
    const [first, second] = fansly().chats.map((chat) => chat.partner);
    const ids = [
      accountId(first!.id, second!.username),
      accountId(first!.id, 'nobody_here_12345'),
      // An id issued before Account ids carried usernames.
      accountId(first!.id),
      accountId(first!.id, first!.username),
    ];
    const nodes = await harness.query<{ nodes: Array<{ username: string } | null> }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Account { username } } }',
      { ids },
    );
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data!.nodes).toEqual([null, null, null, { username: first!.username }]);
    expect(harness.calls('fansly.users')).toBe(1);
  });

  it('answers the same through _entities, with the same calls', async () => {
    const partners = fansly()
      .chats.slice(0, 30)
      .map((chat) => chat.partner);
    const entities = await post<{ _entities: Array<{ username: string } | null> }>(
      subgraphUrl,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { username } } }',
      {
        r: partners.map((partner) => ({
          __typename: 'Account',
          id: accountId(partner.id, partner.username),
        })),
      },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual(
      partners.map((partner) => ({ username: partner.username })),
    );
    expect(harness.calls('fansly.users')).toBe(2);
  });
});

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

describe('one Fansly user, one id, whatever the request read', () => {
  const fansly = () => harness.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
  type Ref = { id: string; platformId: string };
  type ThreadMessage = {
    id: string;
    platformId: string;
    isFromCreator: boolean;
    sender: Ref;
    chat: { id: string; partner: Ref };
  };

  it('issues the same id through the inbox, a thread, Message.chat.partner, node(message) and _entities, and each resolves', async () => {
    const account = fansly();
    // The inbox: the chat list carries the partners' profiles.
    const inbox = await harness.query<{
      inbox: { edges: Array<{ node: { id: string; partner: Ref } }> };
    }>(
      'query ($ids: [ID!]) { inbox(accountIds: $ids, first: 10) { edges { node { id partner { id platformId } } } } }',
      { ids: [encodeGlobalId('ConnectedAccount', account.handle)] },
    );
    expect(inbox.errors).toBeUndefined();
    expect(harness.calls('fansly.chats')).toBe(1);
    expect(harness.calls()).toBe(1);
    // A chat whose newest page has messages of both sides.
    const listed = inbox.data!.inbox.edges.find(({ node }) => {
      const chat = account.chats.find(
        (candidate) => candidate.partner.id === node.partner.platformId,
      )!;
      const newest = chat.messages.slice(-100);
      return newest.some((m) => m.fromCreator) && newest.some((m) => !m.fromCreator);
    })!.node;
    const chat = account.chats.find(
      (candidate) => candidate.partner.id === listed.partner.platformId,
    )!;
    const partnerId = issuedAccountId(account, chat.partner);
    const creatorId = issuedAccountId(account, account.creator);
    expect(listed.id).toBe(listedChatId(account, chat));
    expect(listed.partner.id).toBe(partnerId);

    // A thread by the chat's id alone, in a request that reads no chat list and no profile.
    harness.sandbox.resetStats();
    const thread = await harness.query<{
      chat: { partner: Ref; messages: { edges: Array<{ node: ThreadMessage }> } };
    }>(
      `query ($id: ID!) { chat(id: $id) { partner { id platformId } messages(first: 100) { edges { node {
        id platformId isFromCreator sender { id platformId } chat { id partner { id platformId } } } } } } }`,
      { id: listed.id },
    );
    expect(thread.errors).toBeUndefined();
    expect(harness.calls('fansly.messages')).toBe(1);
    expect(harness.calls()).toBe(1);
    const messages = thread.data!.chat.messages.edges.map(({ node }) => node);
    expect(thread.data!.chat.partner.id).toBe(partnerId);
    const fromPartner = messages.filter((message) => !message.isFromCreator);
    const fromCreator = messages.filter((message) => message.isFromCreator);
    expect(fromPartner.length).toBeGreaterThan(0);
    expect(fromCreator.length).toBeGreaterThan(0);
    expect(new Set(fromPartner.map((message) => message.sender.id))).toEqual(new Set([partnerId]));
    expect(new Set(fromCreator.map((message) => message.sender.id))).toEqual(new Set([creatorId]));
    // Message → chat → partner.
    for (const message of messages) {
      expect(message.chat.id).toBe(listed.id);
      expect(message.chat.partner.id).toBe(partnerId);
      expect(message.id).toBe(issuedMessageId(account, chat, message.platformId));
    }

    // node(message) → chat → partner, and its sender, in a request of its own.
    const [partnerMessage, creatorMessage] = [fromPartner[0]!, fromCreator[0]!];
    harness.sandbox.resetStats();
    const byId = await harness.query<{ nodes: ThreadMessage[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Message {
        id platformId isFromCreator sender { id platformId } chat { id partner { id platformId } } } } }`,
      { ids: [partnerMessage.id, creatorMessage.id] },
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data!.nodes).toEqual([partnerMessage, creatorMessage]);
    // Both messages of one chat are read together.
    expect(harness.calls('fansly.messages')).toBe(1);
    expect(harness.calls()).toBe(1);

    // Each id resolves, to the user it names: one users call for both.
    harness.sandbox.resetStats();
    const users = await harness.query<{ nodes: Array<{ id: string; username: string } | null> }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Account { username } } }',
      { ids: [partnerId, creatorId] },
    );
    expect(users.errors).toBeUndefined();
    expect(users.data!.nodes).toEqual([
      { id: partnerId, username: chat.partner.username },
      { id: creatorId, username: account.creator.username },
    ]);
    expect(harness.calls('fansly.users')).toBe(1);
    expect(harness.calls()).toBe(1);

    // _entities answers the same ids with the same objects and calls.
    harness.sandbox.resetStats();
    const entities = await post<{ _entities: Array<{ id: string; username: string } | null> }>(
      subgraphUrl,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id username } } }',
      { r: [partnerId, creatorId].map((id) => ({ __typename: 'Account', id })) },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual(users.data!.nodes);
    expect(harness.calls('fansly.users')).toBe(1);
    expect(harness.calls()).toBe(1);
  });

  it('answers null, without a call, for Chat and Message ids issued before they carried the username', async () => {
    const account = fansly();
    const chat = account.chats.find((candidate) => candidate.messages.length > 0)!;
    const old = `${account.handle}:${chat.id}:${chat.partner.id}`;
    const result = await harness.query<{ nodes: Array<{ id: string } | null> }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      {
        ids: [
          encodeGlobalId('Chat', old),
          encodeGlobalId('Message', `${old}:${chat.messages.at(-1)!.id}`),
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.nodes).toEqual([null, null]);
    expect(harness.calls()).toBe(0);
  });
});

describe('OnlyFans ids', () => {
  it.each([
    ['onlyfansapi', 'onlyfans'],
    ['ofauth', 'onlyfans'],
  ] as const)('on %s stay as they were: no username in any of them', async (vendor, platform) => {
    const account = harness.sandbox.dataset.accountsOf(vendor, platform)[0]!;
    const chat = account.chats.find((candidate) => candidate.messages.length > 0)!;
    const chatId = encodeGlobalId('Chat', `${account.handle}:${chat.id}:${chat.partner.id}`);
    const result = await harness.query<{
      chat: {
        id: string;
        partner: { id: string };
        messages: {
          edges: Array<{
            node: {
              id: string;
              platformId: string;
              sender: { id: string; platformId: string };
              chat: { id: string };
            };
          }>;
        };
      };
    }>(
      'query ($id: ID!) { chat(id: $id) { id partner { id } messages(first: 5) { edges { node { id platformId sender { id platformId } chat { id } } } } } }',
      { id: chatId },
    );
    expect(result.errors).toBeUndefined();
    const { data } = result;
    expect(data!.chat.id).toBe(chatId);
    expect(data!.chat.partner.id).toBe(
      encodeGlobalId('Account', `${account.handle}:${chat.partner.id}`),
    );
    for (const { node } of data!.chat.messages.edges) {
      expect(node.id).toBe(
        encodeGlobalId(
          'Message',
          `${account.handle}:${chat.id}:${chat.partner.id}:${node.platformId}`,
        ),
      );
      expect(node.chat.id).toBe(chatId);
      expect(node.sender.id).toBe(
        encodeGlobalId('Account', `${account.handle}:${node.sender.platformId}`),
      );
    }
  });
});
