import type { Clock } from '../../src/http/clock.ts';

interface Timer {
  at: number;
  callback: () => void;
}

/**
 * A {@link Clock} that moves only when the test says: its timers fire, soonest first, as
 * {@link advance} passes their time. It starts at the system's time, so that deadlines made by
 * `deadlineSignal` still compare sensibly with it. Only the layer's own waits run on it; the
 * sandbox's answers and the attempts' timeouts stay real I/O.
 */
export class ManualClock implements Clock {
  #now: number;
  // In the order they were set: of two timers due at the same time, the first set fires first.
  readonly #timers: Timer[] = [];
  #onTimerSet: (() => void) | null = null;

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): () => void {
    const timer: Timer = { at: this.#now + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    this.#onTimerSet?.();
    return () => {
      const index = this.#timers.indexOf(timer);
      if (index >= 0) this.#timers.splice(index, 1);
    };
  }

  /** How far ahead each pending timer is, in milliseconds, soonest first. */
  pendingDelays(): number[] {
    return this.#timers
      .map((timer) => timer.at - this.#now)
      .sort((first, second) => first - second);
  }

  /**
   * Resolves once a timer is pending (at once if one is), with the delay of the soonest: the code
   * under test has started to wait on this clock.
   */
  async timerPending(): Promise<number> {
    while (this.#timers.length === 0) {
      await new Promise<void>((resolve) => {
        this.#onTimerSet = resolve;
      });
      this.#onTimerSet = null;
    }
    return this.pendingDelays()[0]!;
  }

  /**
   * Moves the time `ms` forward, firing each timer due on the way at its own time, and letting
   * what it sets off run (promises, timers it sets in turn) before the next.
   */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      const next = this.#soonest();
      if (next === undefined || next.at > until) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.#now = next.at;
      next.callback();
      await settled();
    }
    this.#now = until;
    await settled();
  }

  /**
   * Fires timers, soonest first, until `promise` settles, and answers it. Only for code that waits
   * on nothing but this clock (no I/O): a pending timer is all that keeps it waiting.
   */
  async run<T>(promise: Promise<T>): Promise<T> {
    let done = false;
    const outcome = promise.finally(() => {
      done = true;
    });
    outcome.catch(() => {});
    await settled();
    while (!done) {
      const next = this.#soonest();
      if (next === undefined) throw new Error('the promise waits, but not on this clock');
      await this.advance(next.at - this.#now);
    }
    return outcome;
  }

  #soonest(): Timer | undefined {
    let soonest: Timer | undefined;
    for (const timer of this.#timers)
      if (soonest === undefined || timer.at < soonest.at) soonest = timer;
    return soonest;
  }
}

/** Lets pending promise callbacks, and the timers' consequences, run. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
