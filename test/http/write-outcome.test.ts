import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  errorForStatus,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';
import { VendorHttp } from '../../src/http/vendor-http.ts';
import { markNeverSent, provenNotSent } from '../../src/http/write-outcome.ts';
import { ONLYFANSAPI_RATE_LIMIT } from '../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { failureOf } from './vendor-http-sandbox.ts';

const where = { vendor: 'ONLYFANSAPI' as const, route: 'onlyfans.sendMessage', externalId: 'a' };

/** A local port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An error of a system call, as Node gives them. */
function systemError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

/** A write over a fresh pool to `baseUrl`, once (no retries), and its client to close. */
async function writeTo(baseUrl: string, signal?: AbortSignal): Promise<Error> {
  const http = new VendorHttp({
    vendor: 'ONLYFANSAPI',
    baseUrl,
    documentedRateLimit: ONLYFANSAPI_RATE_LIMIT,
    retry: { retries: 0 },
  });
  try {
    return await failureOf(
      http.sendJson({
        method: 'POST',
        route: 'onlyfans.sendMessage',
        path: '/api/acct_x/chats/1/messages',
        body: { text: 'hello' },
        headers: {},
        externalId: 'acct_x',
        signal,
      }),
    );
  } finally {
    await http.close();
  }
}

describe('provenNotSent', () => {
  describe('a vendor that answered', () => {
    it.each([400, 401, 403, 404, 409, 422, 429])('a %i refused the write: not sent', (status) => {
      expect(provenNotSent(errorForStatus(status, where))).toBe(true);
    });

    it.each([408, 500, 502, 503, 504])('a %i may have come after the write: unknown', (status) => {
      expect(provenNotSent(errorForStatus(status, where))).toBe(false);
    });

    it("is not sent when the vendor's own reader finds its proof in the body", () => {
      const error = errorForStatus(503, { ...where, vendorBody: { request_outcome: 'not_sent' } });
      const saysNotSent = (body: unknown) =>
        (body as { request_outcome?: string }).request_outcome === 'not_sent';
      expect(provenNotSent(error, saysNotSent)).toBe(true);
      expect(provenNotSent(error)).toBe(false);
    });
  });

  describe('a failure without a status', () => {
    it.each(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])(
      'no connection was made (%s): not sent',
      (code) => {
        const error = new UpstreamUnavailableError('x', { ...where, cause: systemError(code) });
        expect(provenNotSent(error)).toBe(true);
      },
    );

    it('every address refused (happy eyeballs): not sent', () => {
      const refused = new AggregateError([
        systemError('ECONNREFUSED'),
        systemError('ECONNREFUSED'),
      ]);
      const error = new UpstreamUnavailableError('x', { ...where, cause: refused });
      expect(provenNotSent(error)).toBe(true);
    });

    it('a reset or a timeout after connecting: unknown', () => {
      const reset = new UpstreamUnavailableError('x', {
        ...where,
        cause: systemError('ECONNRESET'),
      });
      expect(provenNotSent(reset)).toBe(false);
      expect(provenNotSent(new UpstreamTimeoutError('x', where))).toBe(false);
    });

    it("a refusal of the gateway's own guards, marked never sent: not sent", () => {
      const error = new UpstreamTimeoutError('deadline passed before the call', where);
      expect(provenNotSent(error)).toBe(false);
      expect(provenNotSent(markNeverSent(error))).toBe(true);
    });
  });

  describe('over real HTTP', () => {
    it('a write to a closed port is proven not sent', async () => {
      const error = await writeTo(`http://127.0.0.1:${await closedPort()}`);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(provenNotSent(error as UpstreamUnavailableError)).toBe(true);
    });

    it('a write whose deadline passed before it left is proven not sent', async () => {
      const error = await writeTo('http://127.0.0.1:9', AbortSignal.abort());
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(provenNotSent(error as UpstreamTimeoutError)).toBe(true);
    });
  });
});
