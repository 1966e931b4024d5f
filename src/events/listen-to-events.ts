import type { EventFilter } from './event-bus.ts';
import type { GatewayEvent } from './gateway-event.ts';
import type { LiveEvents } from './live-events.ts';
import { SubscriberTooSlowError } from './subscriber-queue.ts';

export interface ListenOptions {
  /** What the listener is, in its warnings: "account status listener". */
  name: string;
  /** Events waiting to be handled, at most. */
  maxQueued: number;
  /**
   * The listener fell behind and some events were missed: done before it listens again (what
   * it keeps may have missed a change).
   */
  onFellBehind?: () => void;
  warn?: (message: string) => void;
}

/**
 * One of the gateway's own listeners to its live events (not a subscription): `handle` runs on
 * every matching event until the bus closes or the returned function is called. A listener that
 * falls behind is told (`onFellBehind`) and listens again; `handle` must not throw.
 */
export function listenToEvents(
  events: LiveEvents,
  filter: EventFilter,
  handle: (event: GatewayEvent) => void,
  options: ListenOptions,
): () => void {
  const { name, maxQueued, onFellBehind, warn } = options;
  const stop = new AbortController();
  const listen = async () => {
    while (!stop.signal.aborted) {
      try {
        for await (const event of events.subscribe(filter, { maxQueued, signal: stop.signal })) {
          handle(event);
        }
        // The bus closed, or the listener was stopped.
        return;
      } catch (error) {
        if (!(error instanceof SubscriberTooSlowError)) throw error;
        onFellBehind?.();
        warn?.(`${name} fell behind: listening again`);
      }
    }
  };
  listen().catch((error: unknown) =>
    warn?.(`${name} stopped: ${error instanceof Error ? error.message : error}`),
  );
  return () => stop.abort();
}
