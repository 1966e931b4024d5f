export interface PublishQueueOptions {
  /** Publishes in flight at once, at most: past it `full` is true. @default 1000 */
  max?: number;
  /** Told of a publish that failed (it is dropped: the delivery was already acknowledged). */
  onError?: (error: unknown) => void;
}

/**
 * The publishes of acknowledged deliveries, run after their answer so that a vendor hears back
 * at once. Bounded: while `max` are in flight the receiver refuses deliveries (the vendor
 * delivers them again later) rather than queue without limit. `idle()` resolves when none is left
 * (shutdown waits for it before closing the bus).
 */
export class PublishQueue {
  readonly #max: number;
  readonly #onError: (error: unknown) => void;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: PublishQueueOptions = {}) {
    const { max = 1000, onError = () => {} } = options;
    this.#max = max;
    this.#onError = onError;
  }

  get size(): number {
    return this.#inFlight.size;
  }

  get full(): boolean {
    return this.#inFlight.size >= this.#max;
  }

  /** Starts a publish; never rejects (its failure goes to `onError`). */
  run(publish: () => Promise<void>): void {
    const running: Promise<void> = Promise.resolve()
      .then(publish)
      .catch((error: unknown) => this.#onError(error))
      .finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
  }

  /** Resolves once every publish started so far, and every one they started, has ended. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }
}
