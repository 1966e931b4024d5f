import { onAbort } from './abort-listeners.ts';
/**
 * Calls in flight to one origin, at most one per pooled connection. A call waits here, before its
 * own timeout starts, rather than in the pool's queue: a timeout then always means the vendor was
 * slow, never that the gateway was busy, so the circuit breaker counts only the vendor's failures.
 */
export class ConnectionSlots {
  readonly #capacity: number;
  #inUse = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /**
   * Takes a slot when one is free, without waiting: most calls find one, and need neither a
   * Promise nor the callbacks of a wait. No call is overtaken: while any waits, none is free.
   */
  tryAcquire(): boolean {
    if (this.#inUse >= this.#capacity) return false;
    this.#inUse += 1;
    return true;
  }

  /** Resolves once a slot is held; rejects with `abortError()` if `signal` aborts first. */
  acquire(signal: AbortSignal | undefined, abortError: () => Error): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let stopListening: (() => void) | undefined;
      const grant = () => {
        stopListening?.();
        resolve();
      };
      const abandon = () => {
        const index = this.#waiting.indexOf(grant);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(abortError());
      };
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      if (signal) stopListening = onAbort(signal, abandon);
      this.#waiting.push(grant);
    });
  }

  /** Hands the slot to the next waiting call, or frees it. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inUse -= 1;
  }

  get inUse(): number {
    return this.#inUse;
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}
