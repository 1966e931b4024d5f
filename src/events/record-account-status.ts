import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import { listenToEvents } from './listen-to-events.ts';
import type { LiveEvents } from './live-events.ts';

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
  const filter = {
    kinds: new Set(['connectedAccountUpdated'] as const),
    accounts: new Set(connectedAccounts.byExternalId.keys()),
  };
  return listenToEvents(
    events,
    filter,
    (event) => {
      if (event.kind !== 'connectedAccountUpdated') return;
      const entry = connectedAccounts.byExternalId.get(event.connectedAccount.externalId);
      entry?.vendorAdapter.recordAccountStatus(entry.connectedAccount, event.status);
    },
    { name: 'account status listener', maxQueued, warn },
  );
}
