import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { deadlineOf, deadlineSignal, WaitBudget } from '../../src/http/deadline.ts';
import { UpstreamTimeoutError } from '../../src/http/errors.ts';
import type { SandboxFault } from '../../src/sandbox/index.ts';
import { ManualClock } from './manual-clock.ts';
import { failureOf, useVendorHttpSandbox } from './vendor-http-sandbox.ts';

const env = useVendorHttpSandbox();

describe('deadlines', () => {
  describe('deadlineSignal', () => {
    it('records when it will abort, the earlier of its own and its parent’s', () => {
      const before = Date.now();
      const parent = deadlineSignal(1_000);
      const child = deadlineSignal(60_000, parent);
      expect(deadlineOf(parent)).toBeGreaterThanOrEqual(before + 1_000);
      expect(deadlineOf(child)).toBe(deadlineOf(parent));
      expect(deadlineOf(new AbortController().signal)).toBeNull();
      expect(deadlineOf(undefined)).toBeNull();
    });
  });

  describe('deadlines under a look-alike request signal', () => {
    /** What the HTTP adapter gives as a request's signal: not a Node AbortSignal. */
    class LookAlikeSignal extends EventTarget {
      aborted = false;
      reason: unknown;
      listeners = 0;

      override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
        this.listeners += 1;
        super.addEventListener(...args);
      }

      abort(reason: unknown): void {
        this.aborted = true;
        this.reason = reason;
        this.dispatchEvent(new Event('abort'));
      }
    }

    it('follow it through one listener, and abort with it', () => {
      const parent = new LookAlikeSignal();
      const signal = deadlineSignal(60_000, parent as unknown as AbortSignal);
      expect(parent.listeners).toBe(1);
      expect(signal.aborted).toBe(false);
      const reason = new Error('the client went away');
      parent.abort(reason);
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBe(reason);
    });
  });

  describe('WaitBudget', () => {
    it('allows a wait only within maxWaitMs and before the deadline', () => {
      const now = 1_000_000;
      const budget = new WaitBudget(now + 500, 2_000);
      expect(budget.allows(400, now)).toBe(true);
      expect(budget.allows(600, now)).toBe(false);
      expect(budget.remainingMs(now)).toBe(500);
      const unbounded = new WaitBudget(null, 2_000);
      expect(unbounded.allows(2_000, now)).toBe(true);
      expect(unbounded.allows(2_001, now)).toBe(false);
    });
  });

  describe('a request signal that aborts during a retry’s wait', () => {
    it('fails with UPSTREAM_TIMEOUT and makes no further call', async () => {
      env.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 429, retryAfter: 1 });
      const controller = new AbortController();
      const clock = new ManualClock();
      const http = env.ofAuth({ clock });
      const [connection] = env.ofAuthConnections();
      const answering = env.ofAuthChats(http, connection!, { signal: controller.signal });
      expect(await clock.timerPending()).toBe(1_000);
      controller.abort();
      const error = await failureOf(answering);
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(error.message).toMatch(/deadline passed while waiting to retry/);
      expect((error as UpstreamTimeoutError).status).toBe(429);
      expect(clock.pendingDelays()).toEqual([]);
      expect(env.calls()).toBe(1);
    });
  });

  describe('a request signal that aborts during the call', () => {
    it('fails with UPSTREAM_TIMEOUT, is not retried, and does not count against the vendor', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'hang' });
      const http = env.onlyFansApi({ circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 } });
      const controller = new AbortController();
      const answering = env.accounts(http, { signal: controller.signal });
      await env.untilCalls(1);
      controller.abort();
      const error = await failureOf(answering);
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(error.message).toMatch(/deadline passed during the call/);
      expect(env.calls()).toBe(1);
      expect(env.recorded.retries).toEqual([]);
      expect(http.circuitState(null)).toBe('closed');
    });

    it('fails at once without a call when it has already aborted', async () => {
      const http = env.onlyFansApi();
      const error = await failureOf(env.accounts(http, { signal: AbortSignal.abort() }));
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(env.calls()).toBe(0);
      expect(env.recorded.calls).toEqual([]);
    });
  });
});

describe('the API key', () => {
  it('is in no error and no event payload, whatever fails', async () => {
    const http = env.ofAuth({
      timeoutMs: 100,
      circuitBreaker: { failureThreshold: 6, cooldownMs: 60_000 },
    });
    const [connection] = env.ofAuthConnections();
    const errors: Error[] = [];
    // 401 and 429 leave the breaker closed; the next six failures open it.
    const faults: Array<Omit<SandboxFault, 'route'>> = [
      { kind: 'status', status: 401 },
      { kind: 'status', status: 429, retryAfter: 30 },
      { kind: 'malformed' },
      { kind: 'truncate' },
      { kind: 'hang', times: 3 },
      { kind: 'status', status: 503, times: Number.POSITIVE_INFINITY },
    ];
    // A 429's Retry-After holds its client's bucket for 30 s: it gets a client of its own, so
    // that the failures after it still reach the sandbox.
    const heldBy429 = env.ofAuth();
    for (const fault of faults) {
      env.sandbox.addFault({ ...fault, route: 'ofauth.chats' } as SandboxFault);
      const client = fault.status === 429 ? heldBy429 : http;
      errors.push(await failureOf(env.ofAuthChats(client, connection!)));
    }
    errors.push(await failureOf(env.ofAuthChats(http, connection!)));
    env.sandbox.clearFaults();
    const limited = env.ofAuth({
      rateLimit: { requestsPerMinute: 1, burst: 1, followVendorLimits: false },
    });
    await env.ofAuthChats(limited, connection!);
    errors.push(await failureOf(env.ofAuthChats(limited, connection!)));

    expect(errors.map((error) => (error as { code?: string }).code)).toEqual([
      'UPSTREAM_UNAUTHENTICATED',
      'UPSTREAM_RATE_LIMITED',
      'UPSTREAM_INVALID_RESPONSE',
      'UPSTREAM_INVALID_RESPONSE',
      'UPSTREAM_TIMEOUT',
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_RATE_LIMITED',
    ]);
    expect(errors[6]!.message).toMatch(/circuit open/);
    expect(errors[7]!.message).toMatch(/client-side rate limit/);
    const key = env.sandbox.keys.ofauth;
    for (const error of errors) {
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(key);
      expect(JSON.stringify(error)).not.toContain(key);
      expect(String(error)).not.toContain(key);
    }
    expect(env.recorded.retries.length).toBeGreaterThan(0);
    expect(env.recorded.circuit.length).toBeGreaterThan(0);
    expect(JSON.stringify(env.recorded)).not.toContain(key);
  });
});
