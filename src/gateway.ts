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
