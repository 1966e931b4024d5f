/**
 * The subscriptions one replica serves at once (`limits.maxSubscriptions`). Each holds a queue of
 * events and a connection for as long as it lives: a bound on their number bounds both.
 */
export class SubscriptionSlots {
  readonly max: number;
  #taken = 0;

  constructor(max: number) {
    if (!(Number.isInteger(max) && max >= 1)) {
      throw new RangeError(`the subscriptions a replica serves must be a positive integer: ${max}`);
    }
    this.max = max;
  }

  /** Subscriptions being served now. */
  get taken(): number {
    return this.#taken;
  }

  /** A slot, and the function that gives it back (once, however often called); null when full. */
  take(): (() => void) | null {
    if (this.#taken >= this.max) return null;
    this.#taken += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#taken -= 1;
    };
  }
}
