import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { compiledExecutionFits } from '../../src/plugins/use-compiled-execution.ts';
import { schema } from '../../src/schema/index.ts';
import { type Chatgraph, createChatgraph } from '../../src/server/create-chatgraph.ts';
import { TEST_CURSOR_SECRET } from '../support/cursor-forgery.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { graphqlRequest } from '../support/graphql-request.ts';
import { listedChatId } from '../support/issued-ids.ts';

/**
 * Operations run compiled (graphql-jit) by default. The same operations through the standard
 * executor must answer exactly the same: data, errors (message, path, code) and cost.
 */
let harness: GatewayHarness;
let standard: Chatgraph;

beforeAll(async () => {
  // One cursor secret for both, so their cursors compare equal; compiled from the first run (by
  // default, from the second).
  harness = await startGatewayHarness({
    chatgraph: { cursorSecret: TEST_CURSOR_SECRET, compileAfter: 1 },
  });
  standard = createChatgraph({
    connectedAccounts: harness.connectedAccounts,
    compiledExecution: false,
    cursorSecret: TEST_CURSOR_SECRET,
  });
});
afterAll(() => harness.close());

async function answer(app: Chatgraph, query: string, variables: Record<string, unknown> = {}) {
  const response = await app.fetch('http://chatgraph/graphql', graphqlRequest(query, variables));
  return { status: response.status, body: await response.json() };
}

const account = (vendor: string, platform: string) => {
  const found = harness.sandbox.dataset.accounts.find(
    (candidate) => candidate.vendor === vendor && candidate.platform === platform,
  )!;
  return { found, id: encodeGlobalId('ConnectedAccount', found.handle) };
};

describe('compiled execution', () => {
  it('answers like the standard executor, screen by screen', async () => {
    const fansly = account('onlyfansapi', 'fansly');
    const chat = fansly.found.chats.find((candidate) => candidate.messages.length > 50)!;
    const chatId = listedChatId(fansly.found, chat);
    const cases: Array<[string, Record<string, unknown>]> = [
      [
        `query Overview { connectedAccounts { id platform vendor chats(first: 3) { edges { cursor node {
          id unreadCount lastActivityAt partner { id platformId username displayName avatarUrl }
          messages(first: 4) { edges { node { id text createdAt isFromCreator
            sender { platformId username } media { id platformId type url isAccessible price } } }
            pageInfo { hasNextPage endCursor } } } } pageInfo { hasNextPage endCursor } } } }`,
        {},
      ],
      [
        `query Thread($chatId: ID!) { chat(id: $chatId) { id ... on Node { id }
          messages(first: 100) { edges { node { id text media { id type url thumbnailUrl } } } } } }`,
        { chatId },
      ],
      [
        `query Inbox($first: Int!) { inbox(first: $first, unreadOnly: true) { unreadTotal
          unreadTotalIsExact edges { node { id __typename lastMessage { text } } } } }`,
        { first: 12 },
      ],
      [
        `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id
          ... on Chat { partner { username } } ... on ConnectedAccount { platform } } }`,
        { ids: [chatId, fansly.id] },
      ],
    ];
    for (const [query, variables] of cases) {
      const compiled = await answer(harness.yoga, query, variables);
      const plain = await answer(standard, query, variables);
      expect(compiled.body.errors, query).toBeUndefined();
      expect(compiled).toEqual(plain);
    }
  });

  it('answers a field error like the standard executor, with its locations', async () => {
    const query = `query Bad($ids: [ID!]!) {
      nodes(ids: $ids) { id }
    }`;
    const compiled = await answer(harness.yoga, query, { ids: ['bm90IGFuIGlk'] });
    expect(compiled.body.errors).toEqual([
      expect.objectContaining({
        locations: [{ line: 2, column: 7 }],
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
    expect(compiled).toEqual(await answer(standard, query, { ids: ['bm90IGFuIGlk'] }));
  });

  it('answers a vendor failure like the standard executor: same errors, same partial data', async () => {
    const ofauth = account('ofauth', 'onlyfans');
    const query = `query Chats { connectedAccounts { id chats(first: 2) { edges { node { id
      partner { username } } } } } }`;
    const results = [];
    for (const app of [harness.yoga, standard]) {
      harness.sandbox.addFault({
        route: 'ofauth.chats',
        kind: 'status',
        status: 403,
        times: 1,
        externalId: ofauth.found.handle,
      });
      results.push(await answer(app, query));
    }
    const [compiled, plain] = results;
    expect(compiled!.body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'UPSTREAM_FORBIDDEN' }),
      }),
    ]);
    expect(compiled).toEqual(plain);
  });

  it('leaves refusals to the standard executor', () => {
    const fits = (source: string, variableValues: Record<string, unknown> = {}) =>
      compiledExecutionFits({ schema, document: parse(source), variableValues });
    expect(
      fits('query Q($first: Int!) { inbox(first: $first) { unreadTotal } }', { first: 3 }),
    ).toBe(true);
    expect(
      fits('query Q($first: Int!) { inbox(first: $first) { unreadTotal } }', { first: 1.5 }),
    ).toBe(false);
    expect(fits('query Q($first: Int!) { inbox(first: $first) { unreadTotal } }')).toBe(false);
    expect(fits('subscription S { __typename }')).toBe(false);
  });
});
