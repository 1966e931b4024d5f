import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../src/plugins/use-compression.ts';
import { EXAMPLE_QUERY } from '../../src/server/graphiql.ts';
import { type ChatgraphProcess, startChatgraph } from './support/chatgraph-process.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent: not decoded (fetch would decode them). */
  body: Buffer;
}

/** One request over a real socket with node:http, which leaves a compressed body compressed. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    outgoing.end(options.body);
  });
}

const PAGE = { accept: 'text/html' };

describe('response compression and caching', () => {
  let chatgraph: ChatgraphProcess;
  let page: RawResponse;

  beforeAll(async () => {
    chatgraph = await startChatgraph();
    page = await send(chatgraph.url, { headers: { ...PAGE, 'accept-encoding': 'identity' } });
  }, 60_000);

  afterAll(async () => {
    await chatgraph?.stop();
  });

  describe('the GraphiQL page', () => {
    it('goes uncompressed to a client that accepts no encoding, with an entity tag', () => {
      expect(page.status).toBe(200);
      expect(page.headers['content-encoding']).toBeUndefined();
      expect(page.body.toString('utf8')).toContain('<title>chatgraph</title>');
      expect(page.headers.etag).toMatch(/^W\/"[\w-]+"$/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers.vary).toMatch(/accept-encoding/i);
    });

    it('goes gzip-compressed to a client that accepts gzip, and decodes to the same page', async () => {
      const gzipped = await send(chatgraph.url, {
        headers: { ...PAGE, 'accept-encoding': 'gzip' },
      });
      expect(gzipped.status).toBe(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
      expect(gunzipSync(gzipped.body).equals(page.body)).toBe(true);
      // The page is scripts and styles: gzip takes it to under a third.
      expect(gzipped.body.length).toBeLessThan(page.body.length / 3);
      expect(gzipped.headers.etag).toBe(page.headers.etag);
    }, 60_000);

    it('goes Brotli-compressed to a browser that accepts br, and decodes to the same page', async () => {
      const brotli = await send(chatgraph.url, {
        headers: { ...PAGE, 'accept-encoding': 'gzip, deflate, br, zstd' },
      });
      expect(brotli.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(brotli.body).equals(page.body)).toBe(true);
      expect(brotli.body.length).toBeLessThan(page.body.length / 3);
    }, 60_000);

    it('answers 304 with no body when the browser already has this version', async () => {
      const revalidated = await send(chatgraph.url, {
        headers: {
          ...PAGE,
          'accept-encoding': 'gzip',
          'if-none-match': String(page.headers.etag),
        },
      });
      expect(revalidated.status).toBe(304);
      expect(revalidated.body.length).toBe(0);
      expect(revalidated.headers.etag).toBe(page.headers.etag);
      expect(revalidated.headers['cache-control']).toBe('no-cache');
    });

    it('sends the whole page when the browser holds another version', async () => {
      const stale = await send(chatgraph.url, {
        headers: { ...PAGE, 'accept-encoding': 'identity', 'if-none-match': 'W/"an-old-page"' },
      });
      expect(stale.status).toBe(200);
      expect(stale.body.length).toBe(page.body.length);
    });
  });

  describe('GraphQL results', () => {
    const post = (query: string, headers: Record<string, string>) =>
      send(chatgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });

    it('compresses a result above the threshold', async () => {
      const result = await post(EXAMPLE_QUERY, { 'accept-encoding': 'gzip' });
      expect(result.status).toBe(200);
      expect(result.headers['content-encoding']).toBe('gzip');
      const decoded = JSON.parse(gunzipSync(result.body).toString('utf8'));
      expect(decoded.data.connectedAccounts.length).toBeGreaterThan(0);
      expect(gunzipSync(result.body).length).toBeGreaterThanOrEqual(1024);
    });

    it('sends a result below the threshold as it is', async () => {
      const result = await post('{ __typename }', { 'accept-encoding': 'gzip, br' });
      expect(result.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(result.body.toString('utf8'))).toEqual({
        data: { __typename: 'Query' },
        extensions: expect.anything(),
      });
    });

    it('never compresses an event stream: each event goes out as it is written', async () => {
      const stream = await post(EXAMPLE_QUERY, {
        accept: 'text/event-stream',
        'accept-encoding': 'gzip, br',
      });
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.headers['content-encoding']).not.toMatch(/gzip|br/);
      expect(stream.body.toString('utf8')).toContain('event: next');
    });
  });
});

describe('negotiateEncoding', () => {
  it('prefers Brotli, then gzip, and honours q=0 and *', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0, *')).toBe('br');
    expect(negotiateEncoding('*;q=0')).toBeUndefined();
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding(null)).toBeUndefined();
  });
});
