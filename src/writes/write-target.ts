import type { ChatKey } from '../resolvers/shapes.ts';
import type { AccountAdapter } from '../vendors/contract.ts';

/** The chat a write acts on, already found in the caller's view, with its account's adapter. */
export interface WriteTarget {
  adapter: AccountAdapter;
  chat: ChatKey;
}
