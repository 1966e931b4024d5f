import { describe, expect, it } from 'vitest';
import { WaitBudget } from '../../src/http/deadline.ts';
import {
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';
import type { RateLimitFigures } from '../../src/http/rate-limit-figures.ts';
import { RateLimiter, resolveRateLimitOptions } from '../../src/http/rate-limiter.ts';
import type { ResponseMetaReader } from '../../src/http/response-meta.ts';
import type { RateLimitWaitInfo } from '../../src/http/vendor-http-events.ts';
import { OFAUTH_RATE_LIMIT } from '../../src/vendors/ofauth/ofauth-client.ts';
import { ONLYFANSAPI_RATE_LIMIT } from '../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { ManualClock } from './manual-clock.ts';
import { failureOf, useVendorHttpSandbox } from './vendor-http-sandbox.ts';

const env = useVendorHttpSandbox();

/** A vendor that reports the same rate-limit figures in every answer. */
function reporting(figures: RateLimitFigures): ResponseMetaReader {
  return () => ({ credits: 0, rateLimits: figures });
}

describe('client-side rate limiting', () => {
  describe('defaults', () => {
    it('follow the documented limits: OnlyFansAPI per key, OFAuth 60/min bursting to 90 per connection', () => {
      expect(resolveRateLimitOptions(ONLYFANSAPI_RATE_LIMIT)).toEqual({
        requestsPerMinute: 1000,
        burst: 1000,
        scope: 'credential',
        followVendorLimits: true,
      });
      expect(resolveRateLimitOptions(OFAUTH_RATE_LIMIT)).toMatchObject({
        requestsPerMinute: 60,
        burst: 90,
        scope: 'connectedAccount',
      });
      expect(resolveRateLimitOptions(OFAUTH_RATE_LIMIT, { requestsPerMinute: 120 }).burst).toBe(
        180,
      );
    });

    it('rejects a bucket that cannot hold one call', () => {
      expect(() => resolveRateLimitOptions(OFAUTH_RATE_LIMIT, { burst: 0 })).toThrow(RangeError);
      expect(() => resolveRateLimitOptions(OFAUTH_RATE_LIMIT, { requestsPerMinute: 0 })).toThrow(
        RangeError,
      );
    });
  });

  describe('a burst larger than the bucket', () => {
    it('queues the excess instead of drawing 429s, one call per token as tokens accrue', async () => {
      const clock = new ManualClock();
      const http = env.onlyFansApi({
        rateLimit: { requestsPerMinute: 1200, burst: 3, followVendorLimits: false },
        clock,
      });
      const calls = Promise.all(Array.from({ length: 6 }, () => env.accounts(http)));
      expect(await clock.timerPending()).toBe(50);
      expect(env.recorded.waits.map((wait) => [wait.queued, wait.waitMs])).toEqual([
        [0, 50],
        [1, 100],
        [2, 150],
      ]);
      for (const wait of env.recorded.waits) {
        expect(wait).toMatchObject({ vendor: 'ONLYFANSAPI', reason: 'tokens' });
      }
      await clock.advance(100);
      expect(http.rateLimitState()!.queued).toBe(1);
      await clock.advance(50);
      expect(http.rateLimitState()!.queued).toBe(0);
      const results = await calls;
      expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(env.calls()).toBe(6);
      expect(env.recorded.retries).toEqual([]);
    });

    it('fails at once with UPSTREAM_RATE_LIMITED when the wait would exceed the budget', async () => {
      const http = env.onlyFansApi({
        rateLimit: { requestsPerMinute: 1, burst: 1, followVendorLimits: false },
        maxWaitMs: 1_000,
        clock: new ManualClock(),
      });
      await env.accounts(http);
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect(error.message).toMatch(/the next slot is 60000 ms away/);
      expect((error as UpstreamRateLimitedError).status).toBeNull();
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(60);
      expect(env.calls()).toBe(1);
      expect(env.recorded.waits).toEqual([]);
    });
  });

  describe('a retry the bucket cannot fit in the budget', () => {
    it("is not sent, and the call fails with the vendor's error", async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'status', status: 503 });
      const http = env.onlyFansApi({
        rateLimit: { requestsPerMinute: 1, burst: 1, followVendorLimits: false },
        maxWaitMs: 500,
      });
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).status).toBe(503);
      expect(env.calls()).toBe(1);
    });
  });

  describe('scopes', () => {
    it('gives each OFAuth connection its own bucket', async () => {
      const http = env.ofAuth({
        rateLimit: { requestsPerMinute: 1, burst: 2, followVendorLimits: false },
        maxWaitMs: 500,
      });
      const [first, second] = env.ofAuthConnections();
      await Promise.all([
        env.ofAuthChats(http, first!),
        env.ofAuthChats(http, first!),
        env.ofAuthChats(http, second!),
        env.ofAuthChats(http, second!),
      ]);
      expect(env.recorded.waits).toEqual([]);
      expect(env.calls()).toBe(4);
      const error = await failureOf(env.ofAuthChats(http, first!));
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect((error as UpstreamRateLimitedError).externalId).toBe(first);
      expect(env.calls()).toBe(4);
    });

    it('shares one bucket between the accounts of an OnlyFansAPI key', async () => {
      const http = env.onlyFansApi({
        rateLimit: { requestsPerMinute: 1, burst: 2, followVendorLimits: false },
        maxWaitMs: 500,
      });
      const [first, second] = env.onlyFansAccounts();
      await env.onlyFansChats(http, first!);
      await env.onlyFansChats(http, second!);
      await expect(env.onlyFansChats(http, second!)).rejects.toBeInstanceOf(
        UpstreamRateLimitedError,
      );
      expect(env.calls()).toBe(2);
    });
  });

  describe("the vendor's figures", () => {
    it('re-size the bucket and set its tokens, so the next call waits', async () => {
      const clock = new ManualClock();
      const http = env.onlyFansApi({
        readResponseMeta: reporting({ limitPerMinute: 600, remaining: 0, resetAt: null }),
        clock,
      });
      await env.accounts(http);
      expect(http.rateLimitState()).toMatchObject({
        requestsPerMinute: 600,
        burst: 600,
        tokens: 0,
      });
      expect(env.recorded.waits).toEqual([]);
      const waiting = env.accounts(http);
      expect(await clock.timerPending()).toBe(100);
      expect(env.recorded.waits).toEqual([
        expect.objectContaining({ reason: 'tokens', queued: 0, waitMs: 100 }),
      ]);
      expect(env.calls()).toBe(1);
      await clock.advance(100);
      const response = await waiting;
      expect(response.status).toBe(200);
      expect(env.calls()).toBe(2);
    });

    it('pinned (followVendorLimits: false), only ever go down', async () => {
      const figures: RateLimitFigures = { limitPerMinute: 600, remaining: 100, resetAt: null };
      const http = env.ofAuth({
        rateLimit: { requestsPerMinute: 30, burst: 4, followVendorLimits: false },
        readResponseMeta: () => ({ credits: 0, rateLimits: figures }),
        clock: new ManualClock(),
      });
      const [connection] = env.ofAuthConnections();
      await env.ofAuthChats(http, connection!);
      expect(http.rateLimitState(connection)).toMatchObject({
        requestsPerMinute: 30,
        burst: 4,
        tokens: 3,
      });
      figures.remaining = 1;
      await env.ofAuthChats(http, connection!);
      expect(http.rateLimitState(connection)).toMatchObject({
        requestsPerMinute: 30,
        burst: 4,
        tokens: 1,
      });
    });
  });

  describe('a remaining count of 0 with a reset time', () => {
    const site = { vendor: 'OFAUTH' as const, route: 'ofauth.chats', externalId: 'conn_1' };

    it('holds calls of that bucket until the reset, and no others', async () => {
      const clock = new ManualClock();
      const waits: RateLimitWaitInfo[] = [];
      const limiter = new RateLimiter(
        resolveRateLimitOptions(OFAUTH_RATE_LIMIT),
        (info) => waits.push(info),
        clock,
      );
      limiter.observe('conn_1', { limitPerMinute: null, remaining: 0, resetAt: clock.now() + 80 });
      let granted = false;
      const acquiring = limiter
        .acquire(site, new WaitBudget(null, 5_000, clock))
        .then(() => (granted = true));
      expect(waits).toEqual([
        expect.objectContaining({ reason: 'paused', externalId: 'conn_1', waitMs: 80 }),
      ]);
      expect(limiter.state('conn_1').pausedUntil).toBe(clock.now() + 80);
      await clock.advance(79);
      expect(granted).toBe(false);
      await limiter.acquire({ ...site, externalId: 'conn_2' }, new WaitBudget(null, 0, clock));
      await clock.advance(1);
      await acquiring;
      expect(granted).toBe(true);
      expect(limiter.state('conn_1')).toMatchObject({ pausedUntil: null, queued: 0 });
      limiter.close();
    });

    it('fails at once when the reset is beyond the budget', async () => {
      const clock = new ManualClock();
      const limiter = new RateLimiter(resolveRateLimitOptions(OFAUTH_RATE_LIMIT), undefined, clock);
      limiter.observe('conn_1', {
        limitPerMinute: 60,
        remaining: 0,
        resetAt: clock.now() + 30_000,
      });
      const error = await failureOf(
        limiter.acquire(site, new WaitBudget(clock.now() + 2_000, 10_000, clock)),
      );
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(30);
      expect(clock.pendingDelays()).toEqual([]);
      limiter.close();
    });
  });

  describe('a 429 with Retry-After', () => {
    it("holds the bucket's other calls too, without a call to the vendor", async () => {
      const http = env.ofAuth();
      const [connection, other] = env.ofAuthConnections();
      env.sandbox.addFault({
        route: 'ofauth.chats',
        externalId: connection,
        kind: 'status',
        status: 429,
        retryAfter: 30,
      });
      const vendorRefusal = await failureOf(env.ofAuthChats(http, connection!));
      expect(vendorRefusal).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429 });
      expect(http.rateLimitState(connection!)!.pausedUntil).not.toBeNull();
      const held = await failureOf(env.ofAuthChats(http, connection!));
      expect(held).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: null });
      expect((held as UpstreamRateLimitedError).retryAfterSeconds).toBe(30);
      expect(env.calls('ofauth.chats')).toBe(1);
      // Another connection's bucket is not held.
      await env.ofAuthChats(http, other!);
      expect(env.calls('ofauth.chats')).toBe(2);
    });
  });

  describe('a request signal that aborts while the call waits', () => {
    it('fails with UPSTREAM_TIMEOUT and makes no further call', async () => {
      const controller = new AbortController();
      const clock = new ManualClock();
      const http = env.ofAuth({
        rateLimit: { requestsPerMinute: 60, burst: 1, followVendorLimits: false },
        clock,
      });
      const [connection] = env.ofAuthConnections();
      await env.ofAuthChats(http, connection!);
      const waiting = env.ofAuthChats(http, connection!, { signal: controller.signal });
      await clock.timerPending();
      expect(env.recorded.waits).toEqual([expect.objectContaining({ waitMs: 1000, queued: 0 })]);
      controller.abort();
      const error = await failureOf(waiting);
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(error.message).toMatch(/deadline passed while waiting for the rate limit/);
      expect(http.rateLimitState(connection)!.queued).toBe(0);
      expect(clock.pendingDelays()).toEqual([]);
      expect(env.calls()).toBe(1);
      expect(env.recorded.calls).toHaveLength(1);
    });
  });
});
