import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { UpstreamCallBudget } from '../../src/http/call-budget.ts';
import type { Clock } from '../../src/http/clock.ts';
import { UpstreamRateLimitedError } from '../../src/http/errors.ts';
import type { RateLimitOptions } from '../../src/http/rate-limiter.ts';
import { SharedRateBudgets } from '../../src/http/shared-rate-budgets.ts';
import { VendorHttp } from '../../src/http/vendor-http.ts';
import type { RateLimitWaitInfo, VendorCallSite } from '../../src/http/vendor-http-events.ts';
import { RedisConnection } from '../../src/redis/redis-connection.ts';
import { ONLYFANSAPI_RATE_LIMIT } from '../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { credentialIdOf } from '../../src/vendors/vendor-client-options.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { ManualClock } from './manual-clock.ts';
import { failureOf, useVendorHttpSandbox } from './vendor-http-sandbox.ts';

const redisUrl = inject('redisUrl');
const env = useVendorHttpSandbox();

/** 5 calls at once, then one a minute: nothing refills while a test runs. */
const SMALL_BUDGET: RateLimitOptions = {
  requestsPerMinute: 1,
  burst: 5,
  followVendorLimits: false,
};

const opened: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close();
});

/** One replica: its own Redis connection and budgets, its own pool, what it logged and counted. */
async function replica(
  url: string,
  keyPrefix: string,
  replicas = 1,
  options: { rateLimit?: RateLimitOptions; clock?: Clock } = {},
) {
  const logged: string[] = [];
  const fallbacks: VendorCallSite[] = [];
  const waits: RateLimitWaitInfo[] = [];
  const connection = new RedisConnection({
    url,
    keyPrefix,
    maxReconnectDelayMs: 50,
    commandTimeoutMs: 500,
  });
  opened.push(connection);
  await connection.untilReady(10_000);
  const budgets = new SharedRateBudgets({
    connection,
    replicas,
    log: { info: (line) => logged.push(line), warn: (line) => logged.push(line) },
  });
  const http = new VendorHttp({
    vendor: 'ONLYFANSAPI',
    baseUrl: env.sandbox.url,
    documentedRateLimit: ONLYFANSAPI_RATE_LIMIT,
    rateLimit: options.rateLimit ?? SMALL_BUDGET,
    retry: { retries: 2, baseDelayMs: 0, maxDelayMs: 0 },
    sharedRateBudgets: budgets,
    credentialId: credentialIdOf(env.sandbox.keys.onlyfansapi),
    events: {
      onRateBudgetFallback: (site) => fallbacks.push(site),
      onRateLimitWait: (info) => waits.push(info),
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  opened.push(http);
  return { connection, http, logged, fallbacks, waits };
}

/** Makes `count` calls one after another; answers how many went through and the refusals. */
async function callsOf(http: VendorHttp, count: number) {
  let answered = 0;
  const refused: Error[] = [];
  for (let call = 0; call < count; call += 1) {
    try {
      await env.accounts(http);
      answered += 1;
    } catch (error) {
      refused.push(error as Error);
    }
  }
  return { answered, refused };
}

function expectRefusedByTheBudget(errors: Error[]): void {
  for (const error of errors) {
    expect(error).toBeInstanceOf(UpstreamRateLimitedError);
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: null });
    expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  }
}

const prefix = () => `chatgraph-test-${randomUUID()}:`;

describe.skipIf(redisUrl === '')('a rate budget shared through Redis', () => {
  describe('two replicas with a budget of 5', () => {
    it('make 5 vendor calls together, and the rest fail at once with UPSTREAM_RATE_LIMITED', async () => {
      const keyPrefix = prefix();
      const first = await replica(redisUrl, keyPrefix);
      const second = await replica(redisUrl, keyPrefix);
      const results = [await callsOf(first.http, 3), await callsOf(second.http, 4)];
      results.push(await callsOf(first.http, 2));
      expect(results.map((result) => result.answered)).toEqual([3, 2, 0]);
      expect(env.calls()).toBe(5);
      expectRefusedByTheBudget(results.flatMap((result) => result.refused));
      expect(first.fallbacks).toEqual([]);
      expect(first.logged).toEqual([]);
    });

    it('key the bucket by the credential fingerprint, never the key', async () => {
      const keyPrefix = prefix();
      const { connection, http } = await replica(redisUrl, keyPrefix);
      await env.accounts(http);
      const keys = await connection.client.keys(`${keyPrefix}*`);
      const fingerprint = credentialIdOf(env.sandbox.keys.onlyfansapi);
      expect(keys).toEqual([`${keyPrefix}rate:ONLYFANSAPI:${fingerprint}:credential`]);
      expect(keys.join()).not.toContain(env.sandbox.keys.onlyfansapi);
      await connection.client.del(...keys);
    });

    it('each have their own 5 when they share no Redis', async () => {
      const pools = [1, 2].map(() => {
        const http = new VendorHttp({
          vendor: 'ONLYFANSAPI',
          baseUrl: env.sandbox.url,
          documentedRateLimit: ONLYFANSAPI_RATE_LIMIT,
          rateLimit: SMALL_BUDGET,
        });
        opened.push(http);
        return http;
      });
      const results = [await callsOf(pools[0]!, 7), await callsOf(pools[1]!, 7)];
      expect(results.map((result) => result.answered)).toEqual([5, 5]);
      expect(env.calls()).toBe(10);
    });
  });

  describe('a call that finds no token', () => {
    // A token every 50 ms, one at a time; the replicas' time is the test's clock.
    const EVERY_50_MS: RateLimitOptions = {
      requestsPerMinute: 1200,
      burst: 1,
      followVendorLimits: false,
    };

    it('waits here for as long as the bucket says, then asks again and goes', async () => {
      const clock = new ManualClock();
      const keyPrefix = prefix();
      const first = await replica(redisUrl, keyPrefix, 1, { rateLimit: EVERY_50_MS, clock });
      const second = await replica(redisUrl, keyPrefix, 1, { rateLimit: EVERY_50_MS, clock });
      await env.accounts(first.http);
      const waiting = env.accounts(second.http);
      expect(await clock.timerPending()).toBe(50);
      expect(second.waits).toEqual([expect.objectContaining({ waitMs: 50, reason: 'tokens' })]);
      expect(env.calls()).toBe(1);
      await clock.advance(50);
      expect((await waiting).status).toBe(200);
      expect(env.calls()).toBe(2);
    });

    it('fails with UPSTREAM_TIMEOUT when its signal aborts meanwhile, UPSTREAM_UNAVAILABLE when the client closes', async () => {
      const clock = new ManualClock();
      const { http } = await replica(redisUrl, prefix(), 1, { rateLimit: EVERY_50_MS, clock });
      await env.accounts(http);
      const controller = new AbortController();
      const aborted = failureOf(env.accounts(http, { signal: controller.signal }));
      await clock.timerPending();
      controller.abort();
      expect(await aborted).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
      const closed = failureOf(env.accounts(http));
      await clock.timerPending();
      opened.splice(opened.indexOf(http), 1);
      await http.close();
      // The retries of an unavailable vendor wait their (zero) backoff on the clock.
      expect(await clock.run(closed)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(env.calls()).toBe(1);
    });
  });

  describe('a call that never went out', () => {
    it('gives its token back to the shared bucket', async () => {
      const { http } = await replica(redisUrl, prefix());
      const spent = new UpstreamCallBudget(1);
      await env.accounts(http, { budget: spent });
      for (let call = 0; call < 3; call += 1) {
        expect(await failureOf(env.accounts(http, { budget: spent }))).toMatchObject({
          code: 'TOO_MANY_UPSTREAM_CALLS',
        });
      }
      // 4 of the 5 tokens are left: the refused calls gave theirs back (one connection keeps
      // the commands in order, so the refunds are counted before the next takes).
      expect((await callsOf(http, 5)).answered).toBe(4);
      expect(env.calls()).toBe(5);
    });
  });

  describe('a 429 with Retry-After seen by one replica', () => {
    it("makes the other's next call fail without reaching the vendor", async () => {
      const keyPrefix = prefix();
      const first = await replica(redisUrl, keyPrefix);
      const second = await replica(redisUrl, keyPrefix);
      env.sandbox.addFault({
        route: 'onlyfansapi.accounts',
        kind: 'status',
        status: 429,
        retryAfter: 30,
      });
      const vendorRefusal = await failureOf(env.accounts(first.http));
      expect(vendorRefusal).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429 });
      expect(env.calls()).toBe(1);
      const held = await failureOf(env.accounts(second.http));
      expect(held).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: null });
      // The pause's 30 s, not a token's minute.
      expect((held as UpstreamRateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(30);
      expect(env.calls()).toBe(1);
      // And this replica's own bucket holds too (it heard the 429 itself).
      expect(first.http.rateLimitState()!.pausedUntil).not.toBeNull();
    });
  });

  describe('Redis cut mid-run, with 2 replicas configured', () => {
    it('each replica goes on at 1/2 of the budget, says so once, and shares again once Redis is back', async () => {
      const { hostname, port } = new URL(redisUrl);
      const proxy = await TcpProxy.start({ host: hostname, port: Number(port || 6379) });
      opened.push({ close: () => proxy.close() });
      const through = `redis://127.0.0.1:${proxy.port}`;
      const keyPrefix = prefix();
      // A budget of 5: a share of 2 each while Redis is down.
      const first = await replica(through, keyPrefix, 2);
      const second = await replica(through, keyPrefix, 2);

      expect((await callsOf(first.http, 2)).answered).toBe(2);
      expect(env.calls()).toBe(2);

      await proxy.close();
      await vi.waitFor(() => {
        expect(first.connection.ready).toBe(false);
        expect(second.connection.ready).toBe(false);
      });
      const down = [await callsOf(first.http, 4), await callsOf(second.http, 4)];
      expect(down.map((result) => result.answered)).toEqual([2, 2]);
      expectRefusedByTheBudget(down.flatMap((result) => result.refused));
      expect(env.calls()).toBe(6);
      expect(first.fallbacks).toHaveLength(4);
      expect(second.fallbacks).toHaveLength(4);
      const unavailable = 'shared rate budgets unavailable: each replica keeps 1/2';
      for (const { logged } of [first, second]) {
        expect(logged.filter((line) => line.startsWith(unavailable))).toHaveLength(1);
      }

      await proxy.open();
      await vi.waitFor(() => expect(first.connection.ready).toBe(true), { timeout: 10_000 });
      // Shared again: the 3 tokens Redis still holds, whatever this replica's share had left.
      const back = await callsOf(first.http, 4);
      expect(back.answered).toBe(3);
      expect(env.calls()).toBe(9);
      expect(first.fallbacks).toHaveLength(4);
      expect(first.logged).toEqual([
        expect.stringContaining(unavailable),
        expect.stringContaining('shared rate budgets available again'),
      ]);
      await first.connection.client.del(...(await first.connection.client.keys(`${keyPrefix}*`)));
    });
  });
});
