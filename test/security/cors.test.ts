import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServerConfig, parseConfig } from '../../src/config.ts';
import { type Chatgraph, createChatgraph } from '../../src/server/create-chatgraph.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

/**
 * Issue 12, finding 10: CORS reflected any Origin with `Access-Control-Allow-Credentials: true`.
 * Origins are now configured (`server.cors.origins`), none by default in production, and
 * credentials are never allowed.
 */

const LISTED = 'https://inbox.example.com';
const STRANGER = 'https://evil.example.net';

let harness: GatewayHarness;
let strict: Chatgraph;
let listed: Chatgraph;
let open: Chatgraph;

beforeAll(async () => {
  harness = await startGatewayHarness();
  strict = createChatgraph({ connectedAccounts: harness.connectedAccounts });
  listed = createChatgraph({
    connectedAccounts: harness.connectedAccounts,
    cors: { origins: [LISTED] },
  });
  open = createChatgraph({
    connectedAccounts: harness.connectedAccounts,
    cors: { origins: ['*'] },
  });
});
afterAll(() => harness.close());

function preflight(yoga: Chatgraph, origin: string) {
  return yoga.fetch('http://chatgraph/graphql', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

function query(yoga: Chatgraph, origin: string) {
  return yoga.fetch('http://chatgraph/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

/** Every `access-control-*` header of a response. */
function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries(
    [...response.headers].filter(([name]) => name.startsWith('access-control-')),
  );
}

describe('CORS', () => {
  it('by default answers no origin: no allow header on a preflight or a request', async () => {
    for (const origin of [STRANGER, LISTED]) {
      const answer = await preflight(strict, origin);
      expect(answer.status).toBe(204);
      expect(corsHeaders(answer)).toEqual({});
      expect(corsHeaders(await query(strict, origin))).toEqual({});
    }
  });

  it('allows a listed origin, without credentials, and nothing to an unlisted one', async () => {
    const allowed = await preflight(listed, LISTED);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const response = await query(listed, LISTED);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();

    expect(corsHeaders(await preflight(listed, STRANGER))).toEqual({});
    expect(corsHeaders(await query(listed, STRANGER))).toEqual({});
  });

  it('with "*" allows every origin, and still never credentials', async () => {
    for (const origin of [STRANGER, LISTED]) {
      const response = await query(open, origin);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      const answer = await preflight(open, origin);
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('server.cors in the config', () => {
  const vendors = {
    ofauth: { apiKey: 'k', connections: [{ id: 'conn_1' }] },
  };

  it('defaults to no origin in production and to every origin otherwise', () => {
    expect(parseConfig({ vendors }, { NODE_ENV: 'production' }).server.cors).toEqual({
      origins: [],
    });
    expect(parseConfig({ vendors }, {}).server.cors).toEqual({ origins: ['*'] });
    expect(defaultServerConfig({ NODE_ENV: 'production' }).cors).toEqual({ origins: [] });
  });

  it('reads the listed origins', () => {
    const config = parseConfig({ vendors, server: { cors: { origins: [LISTED] } } }, {});
    expect(config.server.cors).toEqual({ origins: [LISTED] });
  });
});
