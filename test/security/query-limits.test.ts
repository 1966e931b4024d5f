import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ chatgraph: { maxBodyBytes: 20_000, maxBatch: 3 } });
});
afterAll(() => harness.close());

async function post(body: string, headers: Record<string, string> = {}) {
  return harness.yoga.fetch('http://chatgraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

const codeOf = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  result.errors?.map((error) => error.extensions?.code);

describe('query limits', () => {
  it('rejects a query nested too deep with QUERY_TOO_DEEP, before any vendor call', async () => {
    harness.sandbox.resetStats();
    let selection = 'id';
    for (let level = 0; level < 5; level++) selection = `lastMessage { chat { ${selection} } }`;
    const result = await harness.query(`{ inbox(first: 1) { edges { node { ${selection} } } } }`);
    expect(codeOf(result)).toEqual(['QUERY_TOO_DEEP']);
    expect(harness.calls()).toBe(0);
  });

  it('rejects too many aliases with TOO_MANY_ALIASES', async () => {
    const fields = Array.from(
      { length: 31 },
      (_, index) => `a${index}: connectedAccounts { id }`,
    ).join(' ');
    expect(codeOf(await harness.query(`{ ${fields} }`))).toEqual(['TOO_MANY_ALIASES']);
  });

  it('rejects too many directives with TOO_MANY_DIRECTIVES', async () => {
    const fields = Array.from(
      { length: 21 },
      (_, index) => `f${index}: __typename @include(if: true)`,
    ).join(' ');
    expect(codeOf(await harness.query(`{ ${fields} }`))).toEqual(['TOO_MANY_DIRECTIVES']);
  });

  it('prices a connection by its first, variables included: QUERY_TOO_COMPLEX', async () => {
    const query = `query ($first: Int) { inbox(first: $first) { edges { node { messages(first: $first) { edges { node { media { id } } } } } } } }`;
    expect(codeOf(await harness.query(query, { first: 100 }))).toEqual(['QUERY_TOO_COMPLEX']);
    const modest = await harness.query(query, { first: 5 });
    expect(modest.errors).toBeUndefined();
  });

  it('counts every connected account, and media lists once', async () => {
    const overview = (first: number) =>
      `{ connectedAccounts { chats(first: ${first}) { edges { node { messages(first: 5) { edges { node { text media { url } } } } } } } } }`;
    // 6 accounts × 10 chats × 5 messages with their media: a realistic dashboard.
    expect((await harness.query(overview(10))).errors).toBeUndefined();
    // 6 accounts × 100 chats × 5 messages: 600 pages of messages, over the vendor-call limit
    // already at the second account.
    expect(codeOf(await harness.query(overview(100)))).toEqual(['TOO_MANY_UPSTREAM_CALLS']);
    // Every value of the answer counts, scalars included: 6 accounts × 100 chats of 19 values
    // is over the cost limit (11461), 6 × 40 is not (4621).
    const list = (first: number) => `{ connectedAccounts { chats(first: ${first}) { edges { node {
      id platform unreadCount lastActivityAt canSendMessage partner { id platformId platform }
      lastMessage { id platformId text createdAt isFromCreator isFree price } } } } } }`;
    expect((await harness.query(list(40))).errors).toBeUndefined();
    expect(codeOf(await harness.query(list(100)))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('measures a repeated document with the variables of each request', async () => {
    const overview = `query Overview($first: Int!) { connectedAccounts { chats(first: $first) {
      edges { node { messages(first: 5) { edges { node { text } } } } } } } }`;
    for (const [first, codes] of [
      [10, undefined],
      [100, ['QUERY_TOO_COMPLEX']],
      [10, undefined],
      [100, ['QUERY_TOO_COMPLEX']],
    ] as const) {
      expect(codeOf(await harness.query(overview, { first })), `first: ${first}`).toEqual(codes);
    }
  });

  it('rejects a document of too many tokens with TOO_MANY_TOKENS, every time', async () => {
    const query = `{ ${Array.from({ length: 5001 }, () => 'a').join(' ')} }`;
    expect(codeOf(await harness.query(query))).toEqual(['TOO_MANY_TOKENS']);
    expect(codeOf(await harness.query(query))).toEqual(['TOO_MANY_TOKENS']);
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await post(
      JSON.stringify({ query: `{ __typename } # ${'x'.repeat(30_000)}` }),
    );
    expect(response.status).toBe(413);
    expect(codeOf((await response.json()) as never)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('refuses a body of unannounced length with 411 LENGTH_REQUIRED', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ query: '{ __typename }' }));
    const response = await harness.yoga.fetch('http://chatgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(411);
    expect(codeOf((await response.json()) as never)).toEqual(['LENGTH_REQUIRED']);
  });

  it('refuses a Content-Length that is not a byte count with 400 BAD_REQUEST', async () => {
    for (const declared of ['20, 20', '-1', '1e3']) {
      const response = await harness.yoga.handle(
        new Request('http://chatgraph/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': declared },
          body: '{"query":"{ __typename }"}',
        }),
        {},
      );
      expect(response.status, declared).toBe(400);
      expect(codeOf((await response.json()) as never)).toEqual(['BAD_REQUEST']);
    }
  });

  it('caps batched operations', async () => {
    const batch = (size: number) =>
      JSON.stringify(Array.from({ length: size }, () => ({ query: '{ __typename }' })));
    expect((await post(batch(3))).status).toBe(200);
    const refused = await post(batch(4));
    expect(refused.status).toBe(413);
    expect(JSON.stringify(await refused.json())).toMatch(
      /Batching is limited to 3 operations per request/,
    );
  });
});

describe('CSRF prevention', () => {
  it('refuses a simple GET without a preflight-forcing header, and serves one with it', async () => {
    const url = `http://chatgraph/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const simple = await harness.yoga.fetch(url, { headers: { accept: 'application/json' } });
    expect(simple.status).toBe(403);
    const marked = await harness.yoga.fetch(url, {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(marked.status).toBe(200);
  });
});

describe('introspection and GraphiQL switched off', () => {
  it('answers no schema and no GraphiQL page', async () => {
    const closed = await startGatewayHarness({
      chatgraph: { introspection: false, graphiql: false },
    });
    try {
      const result = await closed.query('{ __schema { types { name } } }');
      expect(result.errors).toBeDefined();
      const page = await closed.yoga.fetch('http://chatgraph/graphql', {
        headers: { accept: 'text/html' },
      });
      expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
      const id = encodeGlobalId('ConnectedAccount', closed.sandbox.dataset.accounts[0]!.handle);
      expect((await closed.query(`{ node(id: "${id}") { id } }`)).errors).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});

describe('the request deadline', () => {
  it('fails unfinished fields with UPSTREAM_TIMEOUT and returns the rest', async () => {
    const slow = await startGatewayHarness({ chatgraph: { requestTimeoutMs: 300 } });
    try {
      const hung = slow.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!.handle;
      slow.sandbox.addFault({
        route: 'ofauth.chats',
        externalId: hung,
        kind: 'hang',
        times: -1 as never,
      });
      const result = await slow.query<{
        connectedAccounts: Array<{ externalId: string; chats: unknown }>;
      }>('{ connectedAccounts { externalId chats(first: 1) { edges { cursor } } } }');
      expect(result.errors!.map((error) => error.extensions!.code)).toEqual(['UPSTREAM_TIMEOUT']);
      const answered = result.data!.connectedAccounts.filter((account) => account.chats !== null);
      expect(answered).toHaveLength(slow.sandbox.dataset.accounts.length - 1);
    } finally {
      slow.sandbox.clearFaults();
      await slow.close();
    }
  });
});
