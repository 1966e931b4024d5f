import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { usePrometheus } from '../../src/plugins/use-prometheus.ts';
import { gatewayReadinessChecks, useReadiness } from '../../src/plugins/use-readiness.ts';
import {
  type Chatgraph,
  createChatgraph,
  type SchemaMode,
} from '../../src/server/create-chatgraph.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

/**
 * Issue 12, finding 1: with tokens configured, a request without a valid token must never reach
 * execution or the metrics, whatever it asks for and through whichever entry point; only the
 * GraphiQL page itself (when enabled) is served without one. Every entry point is tried through
 * the app's fetch handler and through a real listening server.
 */

const TOKEN_A = 'cg_bypass_token_agency_a_71c0';
const TOKEN_ALL = 'cg_bypass_token_owner_c35e';

/** Accept headers, and whether each prefers HTML (a browser asking for a page) over JSON. */
const ACCEPTS: Array<[accept: string | null, prefersHtml: boolean]> = [
  ['text/html,application/json', true],
  ['text/html', true],
  ['text/html;q=0.9,application/json;q=0.1', true],
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
  ['application/json, text/html', false],
  ['application/json;q=0.9, text/html;q=0.5', false],
  ['application/json', false],
  ['application/graphql-response+json', false],
  ['*/*', false],
  [null, false],
];

let harness: GatewayHarness;
let externalIds: string[];
let handleA: string;

interface Variant {
  name: string;
  mode: SchemaMode;
  graphiql: boolean;
  yoga: Chatgraph;
  server: Server;
  origin: string;
}
const variants: Variant[] = [];

async function listen(handler: RequestListener): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  harness = await startGatewayHarness();
  externalIds = harness.sandbox.dataset.accounts.map((account) => account.handle);
  handleA = externalIds[0]!;
  for (const mode of ['plain', 'both'] as const) {
    for (const graphiql of [false, true]) {
      const metrics = createMetrics({ defaultMetrics: false });
      metrics.trackAccounts(harness.connectedAccounts.accounts);
      const yoga = createChatgraph({
        connectedAccounts: harness.connectedAccounts,
        mode,
        graphiql,
        tokens: [
          { name: 'agency-a', sha256: sha256Hex(TOKEN_A), accounts: [handleA] },
          { name: 'owner', sha256: sha256Hex(TOKEN_ALL), accounts: ['*'] },
        ],
        probes: [useReadiness({ checks: gatewayReadinessChecks({ stopping: () => false }) })],
        plugins: [usePrometheus({ metrics })],
      });
      const served = await listen(yoga as unknown as RequestListener);
      variants.push({
        name: `mode ${mode}, GraphiQL ${graphiql ? 'on' : 'off'}`,
        mode,
        graphiql,
        yoga,
        ...served,
      });
    }
  }
});
afterAll(async () => {
  for (const variant of variants) {
    variant.server.closeAllConnections();
    await new Promise((resolve) => variant.server.close(resolve));
  }
  await harness.close();
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

type Transport = 'fetch handler' | 'listening server';
const TRANSPORTS: Transport[] = ['fetch handler', 'listening server'];

async function send(
  variant: Variant,
  transport: Transport,
  path: string,
  init: RequestInit = {},
): Promise<Answer> {
  const response =
    transport === 'fetch handler'
      ? await variant.yoga.fetch(`http://chatgraph${path}`, init)
      : await fetch(`${variant.origin}${path}`, init);
  const contentType = response.headers.get('content-type') ?? '';
  // The GraphiQL page is 9 MB of inline scripts and holds no data: its type is all that matters.
  if (contentType.includes('text/html')) {
    await response.body?.cancel();
    return { status: response.status, contentType, text: '' };
  }
  return { status: response.status, contentType, text: await response.text() };
}

const ACCOUNTS_QUERY = '{ connectedAccounts { externalId } }';

/** `_entities` asking for the given accounts by their representations. */
function entitiesQuery(accounts: string[]) {
  const representations = accounts
    .map(
      (externalId) =>
        `{ __typename: "ConnectedAccount", id: "${encodeGlobalId('ConnectedAccount', externalId)}" }`,
    )
    .join(', ');
  return `{ _entities(representations: [${representations}]) { ... on ConnectedAccount { externalId } } }`;
}

/** What an unauthenticated request may get: a 401 JSON refusal, or the GraphiQL page. */
function expectNoData(answer: Answer, what: string, pageAllowed: boolean): void {
  for (const externalId of externalIds)
    expect(answer.text, `${what} names ${externalId}`).not.toContain(externalId);
  if (pageAllowed && answer.status === 200) {
    expect(answer.contentType, what).toContain('text/html');
    return;
  }
  expect(answer.status, what).toBe(401);
  expect(JSON.parse(answer.text).errors[0].extensions.code, what).toBe('UNAUTHENTICATED');
}

/** Every way to send one GraphQL operation to `path`, with the given extra headers. */
function operationRequests(
  path: string,
  query: string,
  headers: Record<string, string>,
): Array<{ what: string; path: string; init: RequestInit; page: boolean }> {
  const requests: Array<{ what: string; path: string; init: RequestInit; page: boolean }> = [];
  for (const [accept, prefersHtml] of ACCEPTS) {
    const acceptHeader: Record<string, string> = accept === null ? {} : { accept };
    requests.push({
      what: `GET ${path} accept ${accept}`,
      path: `${path}?query=${encodeURIComponent(query)}`,
      init: { headers: { ...acceptHeader, 'x-graphql-yoga-csrf': '1', ...headers } },
      page: prefersHtml,
    });
    requests.push({
      what: `POST ${path} accept ${accept}`,
      path,
      init: {
        method: 'POST',
        headers: { ...acceptHeader, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      },
      page: false,
    });
  }
  requests.push({
    what: `POST ${path} batched`,
    path,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify([{ query }, { query }]),
    },
    page: false,
  });
  requests.push({
    what: `POST ${path} as application/graphql`,
    path,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/graphql', ...headers },
      body: query,
    },
    page: false,
  });
  return requests;
}

const WITHOUT_A_VALID_TOKEN: Array<[string, Record<string, string>]> = [
  ['no token', {}],
  ['a wrong token', { authorization: 'Bearer cg_not_a_token' }],
  ['a token without Bearer', { authorization: TOKEN_ALL }],
];

describe('a request without a valid gateway token', () => {
  for (const transport of TRANSPORTS) {
    for (const [who, headers] of WITHOUT_A_VALID_TOKEN) {
      it(`reads no account on /graphql or /subgraph, through the ${transport}, with ${who}`, {
        timeout: 60_000,
      }, async () => {
        let tried = 0;
        for (const variant of variants) {
          const requests = operationRequests('/graphql', ACCOUNTS_QUERY, headers);
          if (variant.mode === 'both') {
            requests.push(...operationRequests('/subgraph', entitiesQuery(externalIds), headers));
          }
          for (const request of requests) {
            const answer = await send(variant, transport, request.path, request.init);
            expectNoData(
              answer,
              `${variant.name}: ${request.what}`,
              variant.graphiql && request.page,
            );
            tried += 1;
          }
        }
        expect(tried).toBe(2 * (2 * ACCEPTS.length + 2) + 2 * 2 * (2 * ACCEPTS.length + 2));
      });
    }

    it(`is refused /metrics through the ${transport}`, async () => {
      for (const variant of variants) {
        for (const [who, headers] of WITHOUT_A_VALID_TOKEN) {
          for (const [accept] of ACCEPTS) {
            const answer = await send(variant, transport, '/metrics', {
              headers: { ...(accept === null ? {} : { accept }), ...headers },
            });
            expectNoData(answer, `${variant.name}: /metrics with ${who}, accept ${accept}`, false);
          }
        }
      }
    });
  }
});

describe('the GraphiQL page', () => {
  it('is served without a token only when enabled, and only as a page', async () => {
    for (const variant of variants) {
      for (const transport of TRANSPORTS) {
        const page = await send(variant, transport, '/graphql', {
          headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
        });
        if (variant.graphiql) {
          expect(page.status, variant.name).toBe(200);
          expect(page.contentType, variant.name).toContain('text/html');
        } else {
          expectNoData(page, `${variant.name}: the page`, false);
        }
      }
    }
  });
});

describe('/metrics with tokens configured', () => {
  it('answers a token that sees every account, and refuses a scoped one with 403', async () => {
    for (const variant of variants) {
      for (const transport of TRANSPORTS) {
        const owner = await send(variant, transport, '/metrics', {
          headers: { authorization: `Bearer ${TOKEN_ALL}` },
        });
        expect(owner.status, variant.name).toBe(200);
        expect(owner.text).toContain(handleA);
        const scoped = await send(variant, transport, '/metrics', {
          headers: { authorization: `Bearer ${TOKEN_A}` },
        });
        expect(scoped.status, variant.name).toBe(403);
        expect(JSON.parse(scoped.text).errors[0].extensions.code).toBe('FORBIDDEN');
        for (const externalId of externalIds) expect(scoped.text).not.toContain(externalId);
      }
    }
  });
});

describe('a scoped token', () => {
  it('sees only its accounts whatever it asks for, HTML or JSON, on every entry point', {
    timeout: 60_000,
  }, async () => {
    for (const variant of variants) {
      const requests = operationRequests('/graphql', ACCOUNTS_QUERY, {
        authorization: `Bearer ${TOKEN_A}`,
      });
      if (variant.mode === 'both') {
        requests.push(
          ...operationRequests('/subgraph', entitiesQuery(externalIds), {
            authorization: `Bearer ${TOKEN_A}`,
          }),
        );
      }
      for (const request of requests) {
        const answer = await send(variant, 'listening server', request.path, request.init);
        const what = `${variant.name}: ${request.what}`;
        for (const externalId of externalIds.slice(1))
          expect(answer.text, what).not.toContain(externalId);
        if (answer.contentType.includes('text/html')) {
          expect(variant.graphiql && request.page, what).toBe(true);
        }
      }
    }
  });
});

describe('the probes', () => {
  it('answer /health and /ready without a token, naming no account', async () => {
    for (const variant of variants) {
      for (const path of ['/health', '/ready']) {
        const answer = await send(variant, 'listening server', path);
        expect(answer.status, `${variant.name} ${path}`).toBe(200);
        for (const externalId of externalIds) expect(answer.text).not.toContain(externalId);
      }
    }
  });
});
