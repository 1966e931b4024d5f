import type { ConnectedAccountKey } from '../domain.ts';
import type { AccountAdapter, VendorAdapter } from './contract.ts';

/**
 * A connected account the gateway reads, with the adapter that reaches it and the vendor adapter
 * of its credential (which keeps the vendor's accounts list).
 */
export interface ConnectedAccountEntry {
  connectedAccount: ConnectedAccountKey;
  adapter: AccountAdapter;
  vendorAdapter: VendorAdapter;
}

/** The configured vendors and accounts: built once at start-up, shared by every request. */
export interface ConnectedAccounts {
  accounts: ConnectedAccountEntry[];
  byExternalId: Map<string, ConnectedAccountEntry>;
  close(): Promise<void>;
}

/**
 * The gateway as one caller may see it: only the connected accounts in scope exist. Every
 * resolver and loader reaches accounts through this view, so an id of another account's object
 * routes to an account that is not there and answers as not found, whatever id is crafted.
 */
export function scopedAccounts(
  connectedAccounts: ConnectedAccounts,
  accounts: ReadonlySet<string> | null,
): ConnectedAccounts {
  if (accounts === null) return connectedAccounts;
  const visible = connectedAccounts.accounts.filter((entry) =>
    accounts.has(entry.connectedAccount.externalId),
  );
  return {
    accounts: visible,
    byExternalId: new Map(visible.map((entry) => [entry.connectedAccount.externalId, entry])),
    close: () => Promise.resolve(),
  };
}
