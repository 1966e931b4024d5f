import { isProxy } from 'node:util/types';
import { type Clock, systemClock } from './clock.ts';

/**
 * Deadlines and bounded waits. An `AbortSignal` says *that* a request's time is up, not *when*
 * it will be; a signal made by {@link deadlineSignal} also records when, so the resilience layer
 * can refuse at once a wait (a `Retry-After`, a rate-limit queue) that would outlast it, instead of
 * sleeping until the signal fires. Deadlines are epoch milliseconds on the system's clock: the
 * request's signal aborts on the system's timers.
 */

/** When a deadline signal aborts at the latest, and the cut-off that may bring it forward. */
interface DeadlineRecord {
  at: number;
  cutoff: DeadlineCutoff | undefined;
  /**
   * The timeout signal the deadline signal follows, held as long as the deadline signal lives:
   * Node holds a timeout signal only weakly, and one inside `AbortSignal.any` may be collected
   * before it fires (nodejs/node#57736), leaving the request without its deadline.
   */
  timeout: AbortSignal;
}

const deadlines = new WeakMap<AbortSignal, DeadlineRecord>();
// The cut-off's controller of each signal, kept alive exactly as long as the signal is.
const enrolled = new WeakMap<AbortSignal, AbortController>();

/**
 * `parent` itself if Node made it, else a Node signal that follows it. The HTTP adapter's request
 * signal only looks like an AbortSignal; Node 24's `AbortSignal.any` refuses such a look-alike.
 * That look-alike is a Proxy, known as one without the brand check's thrown error, which every
 * request paid for.
 */
function nativeSignal(parent: AbortSignal): AbortSignal {
  if (!isProxy(parent)) {
    try {
      AbortSignal.prototype.throwIfAborted.call(parent);
      return parent;
    } catch (error) {
      if (parent.aborted) return AbortSignal.abort(parent.reason ?? error);
    }
  } else if (parent.aborted) {
    return AbortSignal.abort(parent.reason);
  }
  const follower = new AbortController();
  parent.addEventListener('abort', () => follower.abort(parent.reason), { once: true });
  return follower.signal;
}

/**
 * A moment every deadline made under it can be brought forward to at once: the end of a shutdown's
 * grace period, so that requests still waiting for vendors then answer (their unfinished fields
 * with `UPSTREAM_TIMEOUT`) instead of being cut with no answer.
 */
export class DeadlineCutoff {
  #at: number | null = null;
  #passed = false;
  #timer: NodeJS.Timeout | undefined;
  // Weak: a request that finished is forgotten without being told to leave.
  readonly #controllers = new Set<WeakRef<AbortController>>();
  #sinceSweep = 0;

  /** When the cut-off falls (epoch milliseconds); null until {@link cutAt} is called. */
  get at(): number | null {
    return this.#at;
  }

  /** From now on no deadline under this cut-off lasts past `at` (epoch milliseconds). */
  cutAt(at: number): void {
    if (this.#at !== null && this.#at <= at) return;
    this.#at = at;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#cut(), Math.max(0, at - Date.now()));
  }

  /** A controller the cut-off aborts when it falls (at once, if it has). */
  enroll(): AbortController {
    const controller = new AbortController();
    if (this.#passed) {
      controller.abort(this.#reason());
      return controller;
    }
    this.#controllers.add(new WeakRef(controller));
    this.#sinceSweep += 1;
    if (this.#sinceSweep >= 1024) this.#sweep();
    return controller;
  }

  #reason(): DOMException {
    return new DOMException('the shutdown grace period is ending', 'TimeoutError');
  }

  #cut(): void {
    this.#passed = true;
    for (const reference of this.#controllers) reference.deref()?.abort(this.#reason());
    this.#controllers.clear();
  }

  /** Forgets the controllers of requests that are gone. */
  #sweep(): void {
    this.#sinceSweep = 0;
    for (const reference of this.#controllers) {
      const controller = reference.deref();
      if (controller === undefined || controller.signal.aborted) {
        this.#controllers.delete(reference);
      }
    }
  }
}

/**
 * A signal that aborts `timeoutMs` from now, or earlier when `parent` aborts or `cutoff` falls,
 * and whose deadline {@link deadlineOf} can read. The GraphQL layer makes one per request.
 */
export function deadlineSignal(
  timeoutMs: number,
  parent?: AbortSignal,
  cutoff?: DeadlineCutoff,
): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const sources = parent ? [nativeSignal(parent), timeout] : [timeout];
  const controller = cutoff?.enroll();
  if (controller) sources.push(controller.signal);
  const signal = sources.length === 1 ? sources[0]! : AbortSignal.any(sources);
  if (controller) enrolled.set(signal, controller);
  const own = Date.now() + timeoutMs;
  const inherited = deadlineOf(parent);
  deadlines.set(signal, {
    at: inherited === null ? own : Math.min(own, inherited),
    cutoff: cutoff ?? (parent ? deadlines.get(parent)?.cutoff : undefined),
    timeout,
  });
  return signal;
}

/**
 * A signal with no deadline of its own: it aborts when `parent` aborts or `cutoff` falls. What
 * outlives one request's deadline (a subscription) ends with it, and with the server.
 */
export function lifetimeSignal(parent?: AbortSignal, cutoff?: DeadlineCutoff): AbortSignal {
  const sources = parent ? [nativeSignal(parent)] : [];
  const controller = cutoff?.enroll();
  if (controller) sources.push(controller.signal);
  if (sources.length === 0) return new AbortController().signal;
  const signal = sources.length === 1 ? sources[0]! : AbortSignal.any(sources);
  if (controller) enrolled.set(signal, controller);
  return signal;
}

/** When `signal` will abort (epoch milliseconds), if it was made by {@link deadlineSignal}. */
export function deadlineOf(signal: AbortSignal | null | undefined): number | null {
  const record = signal ? deadlines.get(signal) : undefined;
  if (!record) return null;
  const cut = record.cutoff?.at ?? null;
  return cut === null ? record.at : Math.min(record.at, cut);
}

/**
 * How long one wait (backoff, `Retry-After`, a rate-limit queue) may last: at most `maxWaitMs`,
 * and never past the caller's deadline when it is known.
 */
export class WaitBudget {
  readonly #deadline: number | null;
  readonly #maxWaitMs: number;
  readonly #clock: Clock;

  constructor(deadline: number | null, maxWaitMs: number, clock: Clock = systemClock) {
    this.#deadline = deadline;
    this.#maxWaitMs = maxWaitMs;
    this.#clock = clock;
  }

  /** Milliseconds a wait starting now may last. */
  remainingMs(now = this.#clock.now()): number {
    const untilDeadline = this.#deadline === null ? Number.POSITIVE_INFINITY : this.#deadline - now;
    return Math.max(0, Math.min(this.#maxWaitMs, untilDeadline));
  }

  /** Whether waiting `waitMs` from now still leaves time for the call it waits for. */
  allows(waitMs: number, now = this.#clock.now()): boolean {
    return waitMs <= this.#maxWaitMs && (this.#deadline === null || now + waitMs < this.#deadline);
  }
}
