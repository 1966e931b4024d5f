import type { MediaRecord } from '../domain.ts';
import type { AccountCapabilities } from './contract.ts';

/** The writes of an adapter that writes nothing. */
export const NO_WRITES: AccountCapabilities['writes'] = {
  sendMessage: false,
  paidMessages: false,
  maxMediaPerMessage: 0,
  markRead: false,
  unsendMessage: false,
  unsendWindowSeconds: null,
  idempotencyKey: false,
};

/**
 * `loadMedia` of an adapter whose media come inline in their messages (`mediaPerCall: 0`):
 * nothing to look up, an empty map without a call.
 */
export async function noMediaLookup(): Promise<Map<string, MediaRecord>> {
  return new Map();
}
