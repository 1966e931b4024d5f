import type { MediaRecord } from '../domain.ts';

/**
 * `loadMedia` of an adapter whose media come inline in their messages (`mediaPerCall: 0`):
 * nothing to look up, an empty map without a call.
 */
export async function noMediaLookup(): Promise<Map<string, MediaRecord>> {
  return new Map();
}
