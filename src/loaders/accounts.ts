import DataLoader from 'dataloader';
import type { AccountRecord } from '../domain.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { CallOptions } from '../vendors/contract.ts';
import { loaderKey, splitLoaderKey } from './keys.ts';

export type AccountLoader = DataLoader<string, AccountRecord | null>;

export function accountKey(externalId: string, platformId: string): string {
  return loaderKey(externalId, platformId);
}

/**
 * Profiles by (connected account, platform user id). Pages prime it with the profiles they carry;
 * misses are batched per connected account into the vendor's users lookup (the adapter splits
 * them into calls of `capabilities.usersPerCall` ids, in parallel). An unknown user is `null`.
 */
export function createAccountLoader(
  connectedAccounts: ConnectedAccounts,
  call: CallOptions,
): AccountLoader {
  return new DataLoader<string, AccountRecord | null>(async (keys) => {
    const idsByHandle = new Map<string, string[]>();
    for (const key of keys) {
      const [externalId = '', platformId = ''] = splitLoaderKey(key);
      const ids = idsByHandle.get(externalId) ?? [];
      ids.push(platformId);
      idsByHandle.set(externalId, ids);
    }
    const found = new Map<string, AccountRecord | Error>();
    await Promise.all(
      [...idsByHandle].map(async ([externalId, ids]) => {
        const entry = connectedAccounts.byExternalId.get(externalId);
        if (!entry) return;
        try {
          const profiles = await entry.adapter.getUsers(ids, call);
          for (const [platformId, profile] of profiles)
            found.set(accountKey(externalId, platformId), profile);
        } catch (error) {
          for (const platformId of ids)
            found.set(accountKey(externalId, platformId), error as Error);
        }
      }),
    );
    return keys.map((key) => found.get(key) ?? null);
  });
}
