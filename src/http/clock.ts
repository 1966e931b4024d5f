import { onAbort } from './abort-listeners.ts';
/**
 * The time the resilience layer reads and waits on: circuit cool-downs, rate-limit buckets and
 * their queues, the waits between retries. Production runs on {@link systemClock}; tests pass a
 * clock they move by hand, so that no test waits for real time to pass. The time limits of real
 * I/O (an attempt's timeout, undici's) stay on the system's timers, as the I/O itself does.
 */
export interface Clock {
  /** Now, in epoch milliseconds: deadlines are compared with it. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now; the function returned cancels it. */
  setTimer(delayMs: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};

/** Thrown by {@link sleep} when the signal aborts first. */
export class WaitAbortedError extends Error {
  override readonly name = 'WaitAbortedError';
}

/** Waits `delayMs` on `clock`, or rejects with {@link WaitAbortedError} as soon as `signal` aborts. */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new WaitAbortedError('aborted before the wait'));
  return new Promise<void>((resolve, reject) => {
    const cancel = clock.setTimer(delayMs, () => {
      stopListening?.();
      resolve();
    });
    const stopListening =
      signal &&
      onAbort(signal, () => {
        cancel();
        reject(new WaitAbortedError('aborted during the wait', { cause: signal.reason }));
      });
  });
}
