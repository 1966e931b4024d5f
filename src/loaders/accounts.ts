import DataLoader from 'dataloader';
import type { AccountRecord } from '../domain.ts';
import type { Gateway } from '../gateway.ts';
import type { CallOptions } from '../providers/provider.ts';
import { loaderKey, splitLoaderKey } from './keys.ts';

export type AccountLoader = DataLoader<string, AccountRecord | null>;

export function accountKey(handle: string, platformId: string): string {
  return loaderKey(handle, platformId);
}

/**
 * Profiles by (connected account, platform user id). Pages prime it with the profiles they carry;
 * misses are batched per connected account into the vendor's users lookup (the provider splits
 * them into calls of at most 10 ids, in parallel). An unknown user is `null`.
 */
export function createAccountLoader(gateway: Gateway, call: CallOptions): AccountLoader {
  return new DataLoader<string, AccountRecord | null>(async (keys) => {
    const idsByHandle = new Map<string, string[]>();
    for (const key of keys) {
      const [handle = '', platformId = ''] = splitLoaderKey(key);
      const ids = idsByHandle.get(handle) ?? [];
      ids.push(platformId);
      idsByHandle.set(handle, ids);
    }
    const found = new Map<string, AccountRecord | Error>();
    await Promise.all(
      [...idsByHandle].map(async ([handle, ids]) => {
        const entry = gateway.byHandle.get(handle);
        if (!entry) return;
        try {
          const profiles = await entry.provider.getUsers(ids, call);
          for (const [platformId, profile] of profiles)
            found.set(accountKey(handle, platformId), profile);
        } catch (error) {
          for (const platformId of ids) found.set(accountKey(handle, platformId), error as Error);
        }
      }),
    );
    return keys.map((key) => found.get(key) ?? null);
  });
}
