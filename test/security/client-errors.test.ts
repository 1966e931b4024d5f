import type { RequestListener, Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

/**
 * Issue 12, finding 9: a GET whose URL is over 16 KB got Node's bare 431 with an empty body.
 * Requests Node's HTTP parser refuses are answered in JSON with a code, like every refusal.
 */

let harness: GatewayHarness;
let server: Server;
let port: number;

beforeAll(async () => {
  harness = await startGatewayHarness();
  server = createHttpServer(harness.yoga as unknown as RequestListener, {
    requestTimeout: 1_000,
    connectionsCheckingInterval: 100,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await harness.close();
});

/** Writes raw bytes on a new connection and reads everything until the server closes it. */
function exchange(chunks: string[], pauseMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (data) => {
      received += data;
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.once('connect', async () => {
      for (const chunk of chunks) {
        socket.write(chunk);
        if (pauseMs > 0) await new Promise((done) => setTimeout(done, pauseMs));
      }
    });
  });
}

/** Status line and JSON body of the last response in `raw`. */
function lastResponse(raw: string): { status: number; body: unknown; head: string } {
  const start = raw.lastIndexOf('HTTP/1.1 ');
  const [head = '', body = ''] = raw.slice(start).split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body), head };
}

const codeOf = (body: unknown) =>
  (body as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code;

describe('a GET whose URL is over the header limit', () => {
  for (const kilobytes of [17, 64]) {
    it(`answers ${kilobytes} KB with a JSON 431 REQUEST_HEADER_FIELDS_TOO_LARGE`, async () => {
      const query = `{ __typename ${'a: __typename '.repeat((kilobytes * 1024) / 14)}}`;
      const response = await fetch(
        `http://127.0.0.1:${port}/graphql?query=${encodeURIComponent(query)}`,
        { headers: { 'x-graphql-yoga-csrf': '1' } },
      );
      expect(response.status).toBe(431);
      expect(response.headers.get('content-type')).toBe('application/json');
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(codeOf(body)).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
      expect(body.errors[0]!.message).toMatch(/POST/);
    });
  }

  it('leaves the server answering', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
  });
});

describe('other requests the HTTP parser refuses', () => {
  it('answers malformed HTTP with a JSON 400 BAD_REQUEST', async () => {
    const answer = lastResponse(await exchange(['NOT HTTP AT ALL\r\n\r\n']));
    expect(answer.status).toBe(400);
    expect(codeOf(answer.body)).toBe('BAD_REQUEST');
  });

  it('answers a request whose headers never finish with a JSON 408 REQUEST_TIMEOUT', async () => {
    const answer = lastResponse(await exchange(['GET /health HTTP/1.1\r\nhost: x\r\n']));
    expect(answer.status).toBe(408);
    expect(codeOf(answer.body)).toBe('REQUEST_TIMEOUT');
  });

  it('answers a keep-alive request in full, then the malformed one after it', async () => {
    const raw = await exchange(
      ['GET /health HTTP/1.1\r\nhost: x\r\n\r\n', 'NOT HTTP AT ALL\r\n\r\n'],
      200,
    );
    expect(raw.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(2);
    const answer = lastResponse(raw);
    expect(answer.status).toBe(400);
    expect(codeOf(answer.body)).toBe('BAD_REQUEST');
  });
});
