import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { LiveEvents } from './live-events.ts';
import { SubscriberTooSlowError } from './subscriber-queue.ts';

export interface RecordAccountStatusOptions {
  /** Told when the listener fell behind and listens again (a status may have been missed). */
  warn?: (message: string) => void;
  /** Status changes waiting to be recorded, at most. @default 1000 */
  maxQueued?: number;
}

/**
 * Records every `connectedAccountUpdated` event in its account's vendor adapter
 * (`recordAccountStatus`), so that `ConnectedAccount.status` answers what a session webhook told,
 * on every replica the bus reaches, until the vendor's accounts list is read again. Listens until
 * the bus closes or the returned function is called.
 */
export function recordAccountStatus(
  events: LiveEvents,
  connectedAccounts: ConnectedAccounts,
  options: RecordAccountStatusOptions = {},
): () => void {
  const { warn, maxQueued = 1000 } = options;
  const stop = new AbortController();
  const filter = {
    kinds: new Set(['connectedAccountUpdated'] as const),
    accounts: new Set(connectedAccounts.byExternalId.keys()),
  };
  const listen = async () => {
    while (!stop.signal.aborted) {
      try {
        for await (const event of events.subscribe(filter, { maxQueued, signal: stop.signal })) {
          if (event.kind !== 'connectedAccountUpdated') continue;
          const entry = connectedAccounts.byExternalId.get(event.connectedAccount.externalId);
          entry?.vendorAdapter.recordAccountStatus(entry.connectedAccount, event.status);
        }
        // The bus closed, or the listener was stopped.
        return;
      } catch (error) {
        if (!(error instanceof SubscriberTooSlowError)) throw error;
        warn?.('account status listener fell behind: listening again');
      }
    }
  };
  listen().catch((error: unknown) =>
    warn?.(`account status listener stopped: ${error instanceof Error ? error.message : error}`),
  );
  return () => stop.abort();
}
