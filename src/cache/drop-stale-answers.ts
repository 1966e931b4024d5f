import type { GatewayEvent } from '../events/gateway-event.ts';
import { listenToEvents } from '../events/listen-to-events.ts';
import type { LiveEvents } from '../events/live-events.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import { tagsStaledBy } from './cache-tags.ts';
import type { ResponseCache } from './response-cache.ts';

/**
 * What an announced event makes stale, dropped before anyone hears the event: for every replica
 * when the cache is shared, so a read the event prompts (a subscriber's, or the next refresh on
 * any replica) finds fresh data. Never throws: a shared tier that fails is reported by the cache.
 */
export function dropStaleBeforePublish(
  cache: ResponseCache,
): (event: GatewayEvent) => Promise<void> {
  return (event) => cache.invalidate(tagsStaledBy(event));
}

export interface DropStaleOnEventsOptions {
  /** Told when the listener fell behind (then everything kept here is dropped). */
  warn?: (message: string) => void;
  /** Events waiting to be applied, at most. @default 10000 */
  maxQueued?: number;
}

/**
 * Drops from this replica's memory what each event heard makes stale, whichever replica announced
 * it (the announcing replica dropped it before publishing; the others hear it here). A listener
 * that falls behind may have missed drops: everything kept here is dropped, and it listens again.
 * Listens until the bus closes or the returned function is called.
 */
export function dropStaleOnEvents(
  events: LiveEvents,
  cache: ResponseCache,
  connectedAccounts: ConnectedAccounts,
  options: DropStaleOnEventsOptions = {},
): () => void {
  const { warn, maxQueued = 10_000 } = options;
  const filter = {
    kinds: new Set(['messageAdded', 'chatUpdated', 'connectedAccountUpdated'] as const),
    accounts: new Set(connectedAccounts.byExternalId.keys()),
  };
  return listenToEvents(events, filter, (event) => cache.invalidateHere(tagsStaledBy(event)), {
    name: 'cache listener',
    maxQueued,
    onFellBehind: () => cache.clearHere(),
    warn,
  });
}
