import type { AccountRoute } from './domain.ts';
import type { ChatProvider, FanslyChatProvider } from './providers/provider.ts';

/** A connected account the gateway reads, with the provider that reaches it. */
export interface ConnectedAccountEntry {
  route: AccountRoute;
  provider: ChatProvider;
}

/** The configured vendors and accounts: built once at start-up, shared by every request. */
export interface Gateway {
  accounts: ConnectedAccountEntry[];
  byHandle: Map<string, ConnectedAccountEntry>;
  close(): Promise<void>;
}

export function isFanslyProvider(provider: ChatProvider): provider is FanslyChatProvider {
  return provider.route.platform === 'FANSLY' && 'getAccountMedia' in provider;
}

/**
 * The gateway as one caller may see it: only the connected accounts in scope exist. Every
 * resolver and loader reaches accounts through this view, so an id of another account's object
 * routes to an account that is not there and answers as not found, whatever id is crafted.
 */
export function scopedGateway(gateway: Gateway, accounts: ReadonlySet<string> | null): Gateway {
  if (accounts === null) return gateway;
  const visible = gateway.accounts.filter((entry) => accounts.has(entry.route.connectedAccountId));
  return {
    accounts: visible,
    byHandle: new Map(visible.map((entry) => [entry.route.connectedAccountId, entry])),
    close: () => Promise.resolve(),
  };
}
