import type { GatewayEvent } from './gateway-event.ts';

/** A subscriber fell behind by more than its queue holds: it is dropped, the process is not. */
export class SubscriberTooSlowError extends Error {
  override readonly name = 'SubscriberTooSlowError';
  constructor(readonly maxQueued: number) {
    super(
      `The subscription fell more than ${maxQueued} events behind and was ended: read events as they come, then subscribe again (and read what was missed with a query).`,
    );
  }
}

/**
 * One subscriber's events, as an async iterator with a bounded queue. `push` never blocks the
 * publisher: past `maxQueued` waiting events the queue drops them and fails at once (the
 * iterator's next read throws {@link SubscriberTooSlowError}), so a stuck client holds at most
 * `maxQueued` events.
 */
export class SubscriberQueue implements AsyncIterableIterator<GatewayEvent> {
  readonly #maxQueued: number;
  readonly #onEnd: () => void;
  #events: GatewayEvent[] = [];
  #waiting: ((result: IteratorResult<GatewayEvent>) => void) | null = null;
  #failWaiting: ((error: Error) => void) | null = null;
  #failure: Error | null = null;
  #done = false;

  constructor(maxQueued: number, onEnd: () => void) {
    this.#maxQueued = maxQueued;
    this.#onEnd = onEnd;
  }

  /** Whether the subscriber is still listening. */
  get open(): boolean {
    return !this.#done && this.#failure === null;
  }

  push(event: GatewayEvent): void {
    if (!this.open) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = null;
      this.#failWaiting = null;
      resolve({ value: event, done: false });
      return;
    }
    if (this.#events.length >= this.#maxQueued) {
      this.fail(new SubscriberTooSlowError(this.#maxQueued));
      return;
    }
    this.#events.push(event);
  }

  /** Ends the subscription with an error: the iterator throws it on its next read. */
  fail(error: Error): void {
    if (!this.open) return;
    this.#failure = error;
    this.#events = [];
    this.#onEnd();
    if (this.#failWaiting) {
      const reject = this.#failWaiting;
      this.#waiting = null;
      this.#failWaiting = null;
      reject(error);
    }
  }

  /** Ends the subscription quietly: the iterator returns. */
  end(): void {
    if (this.#done) return;
    const wasOpen = this.open;
    this.#done = true;
    this.#events = [];
    if (wasOpen) this.#onEnd();
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = null;
      this.#failWaiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<GatewayEvent>> {
    const event = this.#events.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.#failure) {
      const failure = this.#failure;
      // Thrown once; after that the iterator is finished.
      this.#failure = null;
      this.#done = true;
      return Promise.reject(failure);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<GatewayEvent>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<GatewayEvent>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<GatewayEvent> {
    return this;
  }
}
