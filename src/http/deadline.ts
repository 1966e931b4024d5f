import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * Deadlines and bounded waits. An `AbortSignal` says *that* a request's time is up, not *when*
 * it will be; a signal made by {@link deadlineSignal} also records when, so the resilience layer
 * can refuse at once a wait (a `Retry-After`, a rate-limit queue) that would outlast it, instead of
 * sleeping until the signal fires.
 */

const deadlines = new WeakMap<AbortSignal, number>();

/**
 * `parent` itself if Node made it, else a Node signal that follows it. The HTTP adapter's request
 * signal only looks like an AbortSignal; Node 24's `AbortSignal.any` refuses such a look-alike.
 */
function nativeSignal(parent: AbortSignal): AbortSignal {
  try {
    AbortSignal.prototype.throwIfAborted.call(parent);
    return parent;
  } catch (error) {
    if (parent.aborted) return AbortSignal.abort(parent.reason ?? error);
  }
  const follower = new AbortController();
  parent.addEventListener('abort', () => follower.abort(parent.reason), { once: true });
  return follower.signal;
}

/**
 * A signal that aborts `timeoutMs` from now, or earlier when `parent` aborts, and whose deadline
 * {@link deadlineOf} can read. The GraphQL layer makes one per request.
 */
export function deadlineSignal(timeoutMs: number, parent?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = parent ? AbortSignal.any([nativeSignal(parent), timeout]) : timeout;
  const own = Date.now() + timeoutMs;
  const inherited = deadlineOf(parent);
  deadlines.set(signal, inherited === null ? own : Math.min(own, inherited));
  return signal;
}

/** When `signal` will abort (epoch milliseconds), if it was made by {@link deadlineSignal}. */
export function deadlineOf(signal: AbortSignal | null | undefined): number | null {
  return signal ? (deadlines.get(signal) ?? null) : null;
}

/**
 * How long one wait (backoff, `Retry-After`, a rate-limit queue) may last: at most `maxWaitMs`,
 * and never past the caller's deadline when it is known.
 */
export class WaitBudget {
  readonly #deadline: number | null;
  readonly #maxWaitMs: number;

  constructor(deadline: number | null, maxWaitMs: number) {
    this.#deadline = deadline;
    this.#maxWaitMs = maxWaitMs;
  }

  /** Milliseconds a wait starting now may last. */
  remainingMs(now = Date.now()): number {
    const untilDeadline = this.#deadline === null ? Number.POSITIVE_INFINITY : this.#deadline - now;
    return Math.max(0, Math.min(this.#maxWaitMs, untilDeadline));
  }

  /** Whether waiting `waitMs` from now still leaves time for the call it waits for. */
  allows(waitMs: number, now = Date.now()): boolean {
    return waitMs <= this.#maxWaitMs && (this.#deadline === null || now + waitMs < this.#deadline);
  }
}

/** Thrown by {@link sleep} when the signal aborts first. */
export class WaitAbortedError extends Error {
  override readonly name = 'WaitAbortedError';
}

/** Sleeps `ms`, or rejects with {@link WaitAbortedError} as soon as `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new WaitAbortedError('aborted before the wait');
  try {
    await sleepFor(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw new WaitAbortedError('aborted during the wait', { cause: error });
    throw error;
  }
}
