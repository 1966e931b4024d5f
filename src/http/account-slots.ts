import { ConnectionSlots } from './connection-slots.ts';

/**
 * Calls in flight per connected account, at most `capacity` each, so that one account whose calls
 * hang can hold only its share of the vendor's pool and never all of it. A call takes its
 * account's slot before it queues for a pooled connection: the calls of a stalled account wait
 * here, behind each other, while other accounts' calls still reach the pool.
 *
 * Only accounts with calls in flight or waiting are kept: an idle account's entry is dropped.
 */
export class AccountSlots {
  readonly #capacity: number;
  readonly #byAccount = new Map<string, ConnectionSlots>();

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`calls in flight per account must be a positive integer: ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** Takes a slot of `externalId` when it is under its bound, without waiting. */
  tryAcquire(externalId: string): boolean {
    return this.#slotsOf(externalId).tryAcquire();
  }

  /**
   * Resolves once `externalId` holds a slot (at once when under its bound); rejects with
   * `onAbort()` if `signal` aborts first. `onWait` is told when the call has to queue.
   */
  async acquire(
    externalId: string,
    signal: AbortSignal | undefined,
    onAbort: () => Error,
    onWait?: () => void,
  ): Promise<void> {
    const slots = this.#slotsOf(externalId);
    if (slots.inUse >= this.#capacity) onWait?.();
    try {
      await slots.acquire(signal, onAbort);
    } catch (error) {
      this.#forgetIfIdle(externalId, slots);
      throw error;
    }
  }

  /** Hands the account's slot to its next waiting call, or frees it. */
  release(externalId: string): void {
    const slots = this.#byAccount.get(externalId);
    if (slots === undefined) return;
    slots.release();
    this.#forgetIfIdle(externalId, slots);
  }

  /** Calls of the account holding a slot and calls waiting for one, for metrics and tests. */
  state(externalId: string): { inFlight: number; waiting: number } {
    const slots = this.#byAccount.get(externalId);
    return { inFlight: slots?.inUse ?? 0, waiting: slots?.waiting ?? 0 };
  }

  #slotsOf(externalId: string): ConnectionSlots {
    let slots = this.#byAccount.get(externalId);
    if (slots === undefined) {
      slots = new ConnectionSlots(this.#capacity);
      this.#byAccount.set(externalId, slots);
    }
    return slots;
  }

  #forgetIfIdle(externalId: string, slots: ConnectionSlots): void {
    if (slots.inUse === 0 && slots.waiting === 0) this.#byAccount.delete(externalId);
  }
}
