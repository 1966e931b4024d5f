import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { deadlineSignal } from '../../src/http/deadline.ts';
import {
  UpstreamBadRequestError,
  UpstreamInvalidResponseError,
  UpstreamNotFoundError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';
import { VendorHttp } from '../../src/http/vendor-http.ts';
import { ONLYFANSAPI_RATE_LIMIT } from '../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { ManualClock } from './manual-clock.ts';
import { failureOf, useVendorHttpSandbox } from './vendor-http-sandbox.ts';

const env = useVendorHttpSandbox();

/** A local port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('VendorHttp retries', () => {
  describe('without a fault', () => {
    it('makes exactly one HTTP call and reports it as attempt 1', async () => {
      const http = env.onlyFansApi();
      const response = await env.accounts(http);
      expect(response.status).toBe(200);
      expect(env.calls()).toBe(1);
      expect(env.recorded.calls).toEqual([
        expect.objectContaining({ attempt: 1, status: 200, errorCode: null }),
      ]);
      expect(env.recorded.retries).toEqual([]);
    });
  });

  describe('a 503 once', () => {
    it('retries and succeeds: two calls, both reported', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'status', status: 503 });
      const http = env.onlyFansApi();
      const response = await env.accounts(http);
      expect(response.status).toBe(200);
      expect(env.calls('onlyfansapi.accounts')).toBe(2);
      expect(env.recorded.calls.map((call) => [call.attempt, call.status])).toEqual([
        [1, 503],
        [2, 200],
      ]);
      expect(env.recorded.retries).toEqual([
        expect.objectContaining({
          vendor: 'ONLYFANSAPI',
          route: 'onlyfansapi.accounts',
          attempt: 1,
          errorCode: 'UPSTREAM_UNAVAILABLE',
          status: 503,
          retryAfterMs: null,
        }),
      ]);
    });
  });

  describe.each([502, 503, 504])('a %i on every attempt', (status) => {
    it('fails with UPSTREAM_UNAVAILABLE after exactly retries + 1 calls', async () => {
      env.sandbox.addFault({
        route: 'onlyfansapi.accounts',
        kind: 'status',
        status,
        times: Number.POSITIVE_INFINITY,
      });
      const http = env.onlyFansApi({ retry: { retries: 3, baseDelayMs: 0, maxDelayMs: 0 } });
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).status).toBe(status);
      expect(env.calls('onlyfansapi.accounts')).toBe(4);
      expect(env.recorded.calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4]);
      expect(env.recorded.retries.map((retry) => retry.attempt)).toEqual([1, 2, 3]);
    });
  });

  describe('retries: 0', () => {
    it('makes one call and fails with the vendor error', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'status', status: 503 });
      const http = env.onlyFansApi({ retry: { retries: 0 } });
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(env.calls()).toBe(1);
    });
  });

  describe('a 429 with Retry-After: 1, then success', () => {
    it('waits what the vendor asked before retrying', async () => {
      env.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 429, retryAfter: 1 });
      const clock = new ManualClock();
      const http = env.ofAuth({ clock });
      const [connection] = env.ofAuthConnections();
      const answering = env.ofAuthChats(http, connection!);
      expect(await clock.timerPending()).toBe(1000);
      expect(env.recorded.retries).toEqual([
        expect.objectContaining({
          errorCode: 'UPSTREAM_RATE_LIMITED',
          status: 429,
          retryAfterMs: 1000,
          delayMs: 1000,
          externalId: connection,
        }),
      ]);
      await clock.advance(999);
      expect(env.calls('ofauth.chats')).toBe(1);
      await clock.advance(1);
      const response = await answering;
      expect(response.status).toBe(200);
      expect(env.calls('ofauth.chats')).toBe(2);
    });
  });

  describe('a Retry-After longer than what is left of the deadline', () => {
    it('fails at once with UPSTREAM_RATE_LIMITED carrying retryAfter, after one call', async () => {
      env.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 429, retryAfter: 5 });
      const http = env.ofAuth({ maxWaitMs: 60_000 });
      const [connection] = env.ofAuthConnections();
      const error = await failureOf(
        env.ofAuthChats(http, connection!, { signal: deadlineSignal(2_000) }),
      );
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(5);
      expect(env.calls()).toBe(1);
      expect(env.recorded.retries).toEqual([]);
    });

    it('reads the deadline from an explicit `deadline` too', async () => {
      env.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 429, retryAfter: 3 });
      const http = env.ofAuth({ maxWaitMs: 60_000 });
      const [connection] = env.ofAuthConnections();
      const error = await failureOf(
        env.ofAuthChats(http, connection!, { deadline: Date.now() + 1_000 }),
      );
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect(env.calls()).toBe(1);
    });

    it('without a known deadline, is bounded by maxWaitMs', async () => {
      env.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 429, retryAfter: 2 });
      const http = env.ofAuth({ maxWaitMs: 1_000 });
      const [connection] = env.ofAuthConnections();
      const error = await failureOf(env.ofAuthChats(http, connection!));
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(2);
      expect(env.calls()).toBe(1);
    });
  });

  describe.each([
    [400, UpstreamBadRequestError],
    [401, UpstreamUnauthenticatedError],
    [404, UpstreamNotFoundError],
  ])('a %i', (status, errorClass) => {
    it('is never retried: one call', async () => {
      env.sandbox.addFault({
        route: 'onlyfansapi.accounts',
        kind: 'status',
        status,
        times: Number.POSITIVE_INFINITY,
      });
      const http = env.onlyFansApi();
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(errorClass);
      expect(env.calls()).toBe(1);
      expect(env.recorded.retries).toEqual([]);
    });
  });

  describe('a 500', () => {
    it('is not in the default retry statuses: one call', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'status', status: 500 });
      const http = env.onlyFansApi();
      await expect(env.accounts(http)).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(env.calls()).toBe(1);
    });
  });

  describe.each(['malformed', 'truncate'] as const)('a %s body', (kind) => {
    it('fails with UPSTREAM_INVALID_RESPONSE and is not retried', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind });
      const http = env.onlyFansApi();
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamInvalidResponseError);
      expect(env.calls()).toBe(1);
      expect(env.recorded.retries).toEqual([]);
    });
  });

  describe('a hanging vendor', () => {
    it('times out and retries: success on the second attempt', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'hang' });
      const http = env.onlyFansApi({ timeoutMs: 150 });
      const response = await env.accounts(http);
      expect(response.status).toBe(200);
      expect(env.calls()).toBe(2);
      expect(env.recorded.retries[0]).toMatchObject({
        errorCode: 'UPSTREAM_TIMEOUT',
        status: null,
      });
    });

    it('fails with UPSTREAM_TIMEOUT after retries + 1 calls', async () => {
      env.sandbox.addFault({
        route: 'onlyfansapi.accounts',
        kind: 'hang',
        times: Number.POSITIVE_INFINITY,
      });
      const http = env.onlyFansApi({ timeoutMs: 100 });
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(env.calls()).toBe(3);
      expect(env.recorded.calls.map((call) => [call.attempt, call.errorCode])).toEqual([
        [1, 'UPSTREAM_TIMEOUT'],
        [2, 'UPSTREAM_TIMEOUT'],
        [3, 'UPSTREAM_TIMEOUT'],
      ]);
    });

    it('separates the headers timeout from the per-call one', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'hang' });
      const http = env.onlyFansApi({
        timeoutMs: 10_000,
        headersTimeoutMs: 100,
        retry: { retries: 0 },
      });
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(error.message).toMatch(/no response headers within 100 ms/);
      expect(env.calls()).toBe(1);
    });
  });

  describe('a vendor that cannot be reached', () => {
    it('retries connection failures, then answers UPSTREAM_UNAVAILABLE', async () => {
      const retries: unknown[] = [];
      const http = new VendorHttp({
        vendor: 'ONLYFANSAPI',
        documentedRateLimit: ONLYFANSAPI_RATE_LIMIT,
        baseUrl: `http://127.0.0.1:${await closedPort()}`,
        retry: { retries: 1, baseDelayMs: 0, maxDelayMs: 0 },
        events: { onRetry: (info) => retries.push(info) },
      });
      try {
        const error = await failureOf(
          http.getJson({ route: 'onlyfansapi.accounts', path: '/api/accounts', headers: {} }),
        );
        expect(error).toBeInstanceOf(UpstreamUnavailableError);
        expect((error as UpstreamUnavailableError).status).toBeNull();
        expect(retries).toHaveLength(1);
      } finally {
        await http.close();
      }
    });
  });

  describe('the cost the observer reports', () => {
    it('matches the sandbox counters, retries included, with the credits the vendor reports', async () => {
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 502, times: 2 });
      const http = env.onlyFansApi({ readResponseMeta: () => ({ credits: 3, rateLimits: null }) });
      const accounts = env.onlyFansAccounts();
      await Promise.all(accounts.map((account) => env.onlyFansChats(http, account)));
      expect(env.recorded.calls).toHaveLength(env.calls());
      expect(env.calls()).toBe(accounts.length + 2);
      expect(env.recorded.calls.map((call) => call.credits)).toEqual(
        Array.from({ length: accounts.length + 2 }, () => 3),
      );
    });

    it('counts no credits where the vendor reports none', async () => {
      const http = env.onlyFansApi();
      await env.accounts(http);
      expect(env.recorded.calls).toEqual([expect.objectContaining({ status: 200, credits: 0 })]);
    });
  });
});
