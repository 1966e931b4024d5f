import { describe, expect, it } from 'vitest';
import { resolveCircuitBreakerOptions, verdictOf } from '../../src/http/circuit-breaker.ts';
import {
  errorForStatus,
  UpstreamCircuitOpenError,
  UpstreamInvalidResponseError,
  UpstreamNotFoundError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';
import { ManualClock } from './manual-clock.ts';
import { failureOf, useVendorHttpSandbox } from './vendor-http-sandbox.ts';

const env = useVendorHttpSandbox();

const COOLDOWN_MS = 10_000;

/** A breaker that opens after 5 failures for 10 s of the clock, and no retries. */
function breakerOptions(clock = new ManualClock()) {
  return {
    retry: { retries: 0 },
    circuitBreaker: { failureThreshold: 5, cooldownMs: COOLDOWN_MS },
    clock,
  };
}

async function failFiveTimes(account: string, http: ReturnType<typeof env.onlyFansApi>) {
  env.sandbox.addFault({
    route: 'onlyfans.chats',
    externalId: account,
    kind: 'status',
    status: 503,
    times: 5,
  });
  for (let index = 0; index < 5; index++) {
    await expect(env.onlyFansChats(http, account)).rejects.toBeInstanceOf(UpstreamUnavailableError);
  }
}

describe('circuit breaker', () => {
  describe('verdicts', () => {
    const where = { vendor: 'OFAUTH' as const, route: 'ofauth.chats' };

    it('counts only what says the vendor is down', () => {
      expect(verdictOf(errorForStatus(503, where), false)).toBe('failure');
      expect(verdictOf(new UpstreamTimeoutError('t', where), false)).toBe('failure');
      expect(verdictOf(new UpstreamInvalidResponseError('i', where), false)).toBe('failure');
      for (const status of [400, 401, 403, 404, 429]) {
        expect(verdictOf(errorForStatus(status, where), false)).toBe('success');
      }
      expect(verdictOf(new UpstreamTimeoutError('t', where), true)).toBe('abandoned');
      expect(verdictOf(null, false)).toBe('success');
    });

    it('defaults to 5 failures and a 10 s cool-down', () => {
      expect(resolveCircuitBreakerOptions()).toEqual({ failureThreshold: 5, cooldownMs: 10_000 });
      expect(() => resolveCircuitBreakerOptions({ failureThreshold: 0 })).toThrow(RangeError);
    });
  });

  describe('5 consecutive 503s', () => {
    it('open the circuit: the next call fails at once without reaching the vendor', async () => {
      const http = env.onlyFansApi(breakerOptions());
      const [account] = env.onlyFansAccounts();
      await failFiveTimes(account!, http);
      expect(env.calls()).toBe(5);
      expect(http.circuitState(account)).toBe('open');
      expect(env.recorded.circuit).toEqual([
        {
          vendor: 'ONLYFANSAPI',
          externalId: account,
          from: 'closed',
          to: 'open',
          consecutiveFailures: 5,
        },
      ]);

      const error = await failureOf(env.onlyFansChats(http, account!));
      expect(error).toBeInstanceOf(UpstreamCircuitOpenError);
      expect((error as UpstreamCircuitOpenError).code).toBe('UPSTREAM_UNAVAILABLE');
      expect((error as UpstreamCircuitOpenError).retryAfterSeconds).toBe(10);
      expect(error.message).toMatch(/circuit open .* not calling the vendor for 10 s$/);
      expect(error).toMatchObject({
        vendor: 'ONLYFANSAPI',
        route: 'onlyfans.chats',
        externalId: account,
      });
      expect(env.calls()).toBe(5);
      expect(env.recorded.calls).toHaveLength(5);
    });

    it('let one probe through once the cool-down has passed, and its success closes the circuit', async () => {
      const clock = new ManualClock();
      const http = env.onlyFansApi(breakerOptions(clock));
      const [account] = env.onlyFansAccounts();
      await failFiveTimes(account!, http);
      await clock.advance(COOLDOWN_MS - 1);
      const early = await failureOf(env.onlyFansChats(http, account!));
      expect(early).toBeInstanceOf(UpstreamCircuitOpenError);
      expect((early as UpstreamCircuitOpenError).retryAfterSeconds).toBe(1);
      expect(env.calls()).toBe(5);
      await clock.advance(1);
      const response = await env.onlyFansChats(http, account!);
      expect(response.status).toBe(200);
      expect(env.calls()).toBe(6);
      expect(http.circuitState(account)).toBe('closed');
      expect(env.recorded.circuit.map((change) => `${change.from}>${change.to}`)).toEqual([
        'closed>open',
        'open>half-open',
        'half-open>closed',
      ]);
    });

    it('re-open when the probe fails, for another cool-down', async () => {
      const clock = new ManualClock();
      const http = env.onlyFansApi(breakerOptions(clock));
      const [account] = env.onlyFansAccounts();
      await failFiveTimes(account!, http);
      await clock.advance(COOLDOWN_MS);
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 503 });
      await expect(env.onlyFansChats(http, account!)).rejects.not.toBeInstanceOf(
        UpstreamCircuitOpenError,
      );
      expect(http.circuitState(account)).toBe('open');
      await clock.advance(COOLDOWN_MS - 1);
      await expect(env.onlyFansChats(http, account!)).rejects.toBeInstanceOf(
        UpstreamCircuitOpenError,
      );
      expect(env.calls()).toBe(6);
      await clock.advance(1);
      await env.onlyFansChats(http, account!);
      expect(env.calls()).toBe(7);
      expect(http.circuitState(account)).toBe('closed');
    });

    it('turn away other calls while the probe runs', async () => {
      const clock = new ManualClock();
      const http = env.onlyFansApi(breakerOptions(clock));
      const [account] = env.onlyFansAccounts();
      await failFiveTimes(account!, http);
      await clock.advance(COOLDOWN_MS);
      const [probe, other] = await Promise.allSettled([
        env.onlyFansChats(http, account!),
        env.onlyFansChats(http, account!),
      ]);
      expect(probe.status).toBe('fulfilled');
      expect(other.status).toBe('rejected');
      expect((other as PromiseRejectedResult).reason).toBeInstanceOf(UpstreamCircuitOpenError);
      expect((other as PromiseRejectedResult).reason.message).toMatch(/probe/);
      expect(env.calls()).toBe(6);
    });

    it('leave the circuits of other accounts closed', async () => {
      const http = env.onlyFansApi(breakerOptions());
      const [account, other] = env.onlyFansAccounts();
      await failFiveTimes(account!, http);
      const response = await env.onlyFansChats(http, other!);
      expect(response.status).toBe(200);
      expect(http.circuitState(other)).toBe('closed');
    });
  });

  describe('failures that do not say the vendor is down', () => {
    it('never open it: five 404s and the sixth call still reaches the vendor', async () => {
      const http = env.onlyFansApi(breakerOptions());
      const [account] = env.onlyFansAccounts();
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 404, times: 5 });
      for (let index = 0; index < 5; index++) {
        await expect(env.onlyFansChats(http, account!)).rejects.toBeInstanceOf(
          UpstreamNotFoundError,
        );
      }
      await env.onlyFansChats(http, account!);
      expect(env.calls()).toBe(6);
      expect(env.recorded.circuit).toEqual([]);
    });

    it('reset the count: 4 × 503, a 404, 4 × 503 stays closed', async () => {
      const http = env.onlyFansApi(breakerOptions());
      const [account] = env.onlyFansAccounts();
      for (const status of [503, 503, 503, 503, 404, 503, 503, 503, 503]) {
        env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status });
        await expect(env.onlyFansChats(http, account!)).rejects.toBeDefined();
      }
      expect(http.circuitState(account)).toBe('closed');
    });
  });

  describe('with retries', () => {
    it('stops retrying as soon as the circuit opens', async () => {
      const http = env.onlyFansApi({
        retry: { retries: 5, baseDelayMs: 0, maxDelayMs: 0 },
        circuitBreaker: { failureThreshold: 2, cooldownMs: 10_000 },
      });
      env.sandbox.addFault({
        route: 'onlyfansapi.accounts',
        kind: 'status',
        status: 503,
        times: Number.POSITIVE_INFINITY,
      });
      const error = await failureOf(env.accounts(http));
      expect(error).toBeInstanceOf(UpstreamCircuitOpenError);
      expect(env.calls()).toBe(2);
      expect(http.circuitState(null)).toBe('open');
    });
  });
});
