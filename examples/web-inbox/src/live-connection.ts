/** Whether the page hears events now: every stream open, or some being (re)opened. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** One stream to keep open: opens it, calls `opened` once it flows, resolves when it ends. */
export type OpenStream = (opened: () => void, signal: AbortSignal) => Promise<void>;

const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 15_000;

/**
 * Keeps streams open for as long as the page lives: a stream that ends or fails (the network,
 * a restarted gateway, a subscriber ended for being too slow) is opened again after a pause that
 * doubles up to 15 s and starts over once it flows. Events sent while a stream was closed are not
 * replayed, so `onReopened` tells the page to read again what it shows.
 */
export class LiveConnection {
  private readonly open = new Set<number>();
  private readonly controller = new AbortController();
  private state: LiveState = 'connecting';

  constructor(
    private readonly streams: readonly OpenStream[],
    private readonly handlers: {
      onState(state: LiveState): void;
      onReopened(): void;
      onError(error: Error): void;
    },
  ) {}

  start(): void {
    this.streams.forEach((stream, index) => void this.keep(stream, index));
  }

  stop(): void {
    this.controller.abort();
  }

  private async keep(stream: OpenStream, index: number): Promise<void> {
    const { signal } = this.controller;
    let pauseMs = FIRST_PAUSE_MS;
    let reopening = false;
    while (!signal.aborted) {
      try {
        await stream(() => {
          pauseMs = FIRST_PAUSE_MS;
          this.open.add(index);
          this.report();
          if (reopening) this.handlers.onReopened();
        }, signal);
      } catch (error) {
        if (signal.aborted) return;
        this.handlers.onError(error as Error);
      }
      this.open.delete(index);
      this.report();
      reopening = true;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      pauseMs = Math.min(pauseMs * 2, LONGEST_PAUSE_MS);
    }
  }

  private report(): void {
    const next: LiveState =
      this.open.size === this.streams.length
        ? 'live'
        : this.state === 'connecting'
          ? 'connecting'
          : 'reconnecting';
    if (next === this.state) return;
    this.state = next;
    this.handlers.onState(next);
  }
}
