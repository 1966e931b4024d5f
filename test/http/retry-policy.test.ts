import { describe, expect, it } from 'vitest';
import { WaitBudget } from '../../src/http/deadline.ts';
import {
  errorForStatus,
  UpstreamCircuitOpenError,
  type UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';
import {
  backoffDelayMs,
  DEFAULT_RETRY_OPTIONS,
  isRetryableFailure,
  resolveRetryOptions,
  runWithRetries,
} from '../../src/http/retry-policy.ts';
import { ManualClock } from './manual-clock.ts';

const where = { vendor: 'OFAUTH' as const, route: 'ofauth.chats', externalId: 'conn_1' };
const fast = resolveRetryOptions({ retries: 2, baseDelayMs: 1, maxDelayMs: 2 });

/** An attempt function that fails with `error` every time and counts its calls. */
function alwaysFailing(error: UpstreamError) {
  const attempts: number[] = [];
  const attempt = async (attemptNumber: number): Promise<never> => {
    attempts.push(attemptNumber);
    throw error;
  };
  return { attempts, attempt };
}

/** A plan on a clock of its own; `retries` lists the attempts retried and the wait before each. */
function plan(method: string, options = fast, maxWaitMs = 1_000) {
  const clock = new ManualClock();
  const retries: Array<[attempt: number, delayMs: number]> = [];
  return {
    clock,
    retries,
    plan: {
      method,
      options,
      budget: new WaitBudget(null, maxWaitMs, clock),
      clock,
      onRetry: ({ attempt, delayMs }: { attempt: number; delayMs: number }) =>
        retries.push([attempt, delayMs]),
      abortedWhileWaiting: (last: UpstreamError) => last,
      random: () => 0.5,
    },
  };
}

describe('retry policy', () => {
  describe('defaults', () => {
    it('are 2 retries, 100 ms base, 2 s cap, on 429/502/503/504', () => {
      expect(DEFAULT_RETRY_OPTIONS).toEqual({
        retries: 2,
        baseDelayMs: 100,
        maxDelayMs: 2_000,
        retryOnStatus: [429, 502, 503, 504],
      });
      expect(() => resolveRetryOptions({ retries: -1 })).toThrow(RangeError);
      expect(() => resolveRetryOptions({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
    });
  });

  describe('runWithRetries on a method that is not GET or HEAD', () => {
    it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
      'runs a %s exactly once, even on a retryable failure',
      async (method) => {
        const { attempts, attempt } = alwaysFailing(errorForStatus(503, where));
        const { clock, retries, plan: retryPlan } = plan(method);
        await expect(clock.run(runWithRetries(retryPlan, attempt))).rejects.toBeInstanceOf(
          UpstreamUnavailableError,
        );
        expect(attempts).toEqual([1]);
        expect(retries).toEqual([]);
      },
    );

    it.each(['GET', 'HEAD', 'get'])('retries a %s', async (method) => {
      const { attempts, attempt } = alwaysFailing(errorForStatus(503, where));
      const { clock, retries, plan: retryPlan } = plan(method);
      await expect(clock.run(runWithRetries(retryPlan, attempt))).rejects.toBeInstanceOf(
        UpstreamUnavailableError,
      );
      expect(attempts).toEqual([1, 2, 3]);
      expect(retries.map(([attempt]) => attempt)).toEqual([1, 2]);
    });
  });

  describe('runWithRetries on a write that says when another attempt is safe', () => {
    it('retries a POST while mayRetry allows, up to the retries', async () => {
      const { attempts, attempt } = alwaysFailing(errorForStatus(503, where));
      const { clock, retries, plan: retryPlan } = plan('POST');
      const asked: UpstreamError[] = [];
      const mayRetry = (error: UpstreamError) => {
        asked.push(error);
        return true;
      };
      await expect(
        clock.run(runWithRetries({ ...retryPlan, mayRetry }, attempt)),
      ).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(attempts).toEqual([1, 2, 3]);
      expect(retries.map(([retried]) => retried)).toEqual([1, 2]);
      expect(asked).toHaveLength(2);
    });

    it('stops at the first failure mayRetry refuses', async () => {
      const { attempts, attempt } = alwaysFailing(errorForStatus(503, where));
      const { clock, retries, plan: retryPlan } = plan('POST');
      await expect(
        clock.run(runWithRetries({ ...retryPlan, mayRetry: () => false }, attempt)),
      ).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(attempts).toEqual([1]);
      expect(retries).toEqual([]);
    });

    it('still retries only what the retry options call retryable', async () => {
      const { attempts, attempt } = alwaysFailing(errorForStatus(500, where));
      const { clock, plan: retryPlan } = plan('POST');
      await expect(
        clock.run(runWithRetries({ ...retryPlan, mayRetry: () => true }, attempt)),
      ).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(attempts).toEqual([1]);
    });

    it('answers the attempt that succeeds', async () => {
      const attempts: number[] = [];
      const { clock, plan: retryPlan } = plan('DELETE');
      const result = await clock.run(
        runWithRetries({ ...retryPlan, mayRetry: () => true }, async (attemptNumber) => {
          attempts.push(attemptNumber);
          if (attemptNumber === 1) throw errorForStatus(502, where);
          return 'done';
        }),
      );
      expect(result).toBe('done');
      expect(attempts).toEqual([1, 2]);
    });
  });

  describe('runWithRetries between attempts', () => {
    it('waits the full-jitter backoff on its clock', async () => {
      const { attempts, attempt } = alwaysFailing(errorForStatus(503, where));
      const { clock, retries, plan: retryPlan } = plan('GET', DEFAULT_RETRY_OPTIONS);
      const startedAt = clock.now();
      await expect(clock.run(runWithRetries(retryPlan, attempt))).rejects.toBeInstanceOf(
        UpstreamUnavailableError,
      );
      expect(attempts).toEqual([1, 2, 3]);
      expect(retries).toEqual([
        [1, 50],
        [2, 100],
      ]);
      expect(clock.now() - startedAt).toBe(150);
    });

    it('waits what the vendor asked with Retry-After when that is longer', async () => {
      let calls = 0;
      const attempt = async (): Promise<string> => {
        calls += 1;
        if (calls === 1) throw errorForStatus(429, { ...where, retryAfter: '1' });
        return 'answer';
      };
      const { clock, retries, plan: retryPlan } = plan('GET', DEFAULT_RETRY_OPTIONS);
      const answering = runWithRetries(retryPlan, attempt);
      expect(await clock.timerPending()).toBe(1_000);
      await clock.advance(999);
      expect(calls).toBe(1);
      await clock.advance(1);
      await expect(answering).resolves.toBe('answer');
      expect(calls).toBe(2);
      expect(retries).toEqual([[1, 1_000]]);
    });

    it("fails at once with the vendor's error when its Retry-After is beyond the wait budget", async () => {
      const limited = errorForStatus(429, { ...where, retryAfter: '2' });
      const { attempts, attempt } = alwaysFailing(limited);
      const { clock, retries, plan: retryPlan } = plan('GET', DEFAULT_RETRY_OPTIONS, 1_500);
      await expect(runWithRetries(retryPlan, attempt)).rejects.toBe(limited);
      expect(attempts).toEqual([1]);
      expect(retries).toEqual([]);
      expect(clock.pendingDelays()).toEqual([]);
    });
  });

  describe('isRetryableFailure', () => {
    it('retries 429, 502, 503, 504, connection failures and timeouts', () => {
      for (const status of [429, 502, 503, 504]) {
        expect(isRetryableFailure(errorForStatus(status, where), fast, false)).toBe(true);
      }
      expect(isRetryableFailure(new UpstreamUnavailableError('refused', where), fast, false)).toBe(
        true,
      );
      expect(isRetryableFailure(new UpstreamTimeoutError('slow', where), fast, false)).toBe(true);
    });

    it('does not retry other statuses, a caller that gave up, or an open circuit', () => {
      for (const status of [400, 401, 403, 404, 422, 500, 501]) {
        expect(isRetryableFailure(errorForStatus(status, where), fast, false)).toBe(false);
      }
      expect(isRetryableFailure(new UpstreamTimeoutError('slow', where), fast, true)).toBe(false);
      const open = new UpstreamCircuitOpenError('open', { ...where, retryAfterSeconds: 5 });
      expect(isRetryableFailure(open, fast, false)).toBe(false);
    });
  });

  describe('backoffDelayMs', () => {
    it('is full jitter below an exponential ceiling capped at maxDelayMs', () => {
      const options = DEFAULT_RETRY_OPTIONS;
      expect(backoffDelayMs(1, options, () => 0.999)).toBe(99);
      expect(backoffDelayMs(2, options, () => 0.999)).toBe(199);
      expect(backoffDelayMs(3, options, () => 0.5)).toBe(200);
      expect(backoffDelayMs(10, options, () => 0.999)).toBe(1_998);
      expect(backoffDelayMs(10, options, () => 0)).toBe(0);
    });
  });
});
