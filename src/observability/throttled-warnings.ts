/**
 * Warnings that may repeat for as long as an outage lasts (every event published while Redis is
 * down): one line per kind per interval, the next one telling how many were held back, so an
 * outage costs a few log lines, not one per event.
 */
export class ThrottledWarnings {
  readonly #intervalMs: number;
  readonly #warn: (message: string) => void;
  readonly #clock: () => number;
  readonly #last = new Map<string, { at: number; held: number }>();

  /**
   * @param intervalMs shortest time between two lines of the same kind
   * @param warn where a line goes
   * @param clock epoch milliseconds (tests pass their own). @default Date.now
   */
  constructor(intervalMs: number, warn: (message: string) => void, clock: () => number = Date.now) {
    this.#intervalMs = intervalMs;
    this.#warn = warn;
    this.#clock = clock;
  }

  /** Logs `message` unless a line of this `kind` (one of a few fixed names) was logged lately. */
  warn(kind: string, message: string): void {
    const now = this.#clock();
    const last = this.#last.get(kind);
    if (last && now - last.at < this.#intervalMs) {
      last.held += 1;
      return;
    }
    this.#last.set(kind, { at: now, held: 0 });
    const held = last?.held ?? 0;
    this.#warn(
      held > 0 ? `${message} (and ${held} more like it since the last such line)` : message,
    );
  }
}
