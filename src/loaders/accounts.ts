import DataLoader from 'dataloader';
import type { AccountRecord } from '../domain.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { CallOptions, UserRef } from '../vendors/contract.ts';
import { loaderKey } from './keys.ts';

/** A profile to load: the connected account it is read through, and the user. */
export interface AccountLoadKey extends UserRef {
  externalId: string;
}

export type AccountLoader = DataLoader<AccountLoadKey, AccountRecord | null, string>;

export function accountKey(
  externalId: string,
  platformId: string,
  username: string | null = null,
): AccountLoadKey {
  return { externalId, platformId, username };
}

/**
 * Primes the loader with a profile a page carried, under its id alone and with its username, so
 * that either kind of key finds it without a call.
 */
export function primeProfile(
  accounts: AccountLoader,
  externalId: string,
  profile: AccountRecord,
): void {
  accounts.prime(accountKey(externalId, profile.platformId), profile);
  if (profile.username) {
    accounts.prime(accountKey(externalId, profile.platformId, profile.username), profile);
  }
}

/** Whether a profile answers a key: where the key names a username, the profile has it still. */
function answers(key: AccountLoadKey, profile: AccountRecord): boolean {
  return key.username === null || profile.username?.toLowerCase() === key.username.toLowerCase();
}

/**
 * Profiles by (connected account, user). Pages prime it with the profiles they carry; misses are
 * batched per connected account into the vendor's users lookup (the adapter splits them into
 * calls of `capabilities.usersPerCall` users, in parallel). An unknown user is `null`. The username
 * of a key counts only where the vendor looks users up by username (`capabilities.usersBy`):
 * elsewhere keys with and without one are the same key.
 */
export function createAccountLoader(
  connectedAccounts: ConnectedAccounts,
  call: CallOptions,
): AccountLoader {
  const byUsername = (externalId: string) =>
    connectedAccounts.byExternalId.get(externalId)?.adapter.capabilities.usersBy === 'username';
  return new DataLoader<AccountLoadKey, AccountRecord | null, string>(
    async (keys) => {
      const keysByHandle = new Map<string, AccountLoadKey[]>();
      for (const key of keys) {
        keysByHandle.set(key.externalId, [...(keysByHandle.get(key.externalId) ?? []), key]);
      }
      const found = new Map<string, Map<string, AccountRecord> | Error>();
      await Promise.all(
        [...keysByHandle].map(async ([externalId, handleKeys]) => {
          const entry = connectedAccounts.byExternalId.get(externalId);
          if (!entry) return;
          try {
            found.set(externalId, await entry.adapter.getUsers(handleKeys, call));
          } catch (error) {
            found.set(externalId, error as Error);
          }
        }),
      );
      return keys.map((key) => {
        const profiles = found.get(key.externalId);
        if (profiles instanceof Error) return profiles;
        const profile = profiles?.get(key.platformId) ?? null;
        if (profile === null || (byUsername(key.externalId) && !answers(key, profile))) return null;
        return profile;
      });
    },
    {
      cacheKeyFn: (key) =>
        byUsername(key.externalId)
          ? loaderKey(key.externalId, key.platformId, key.username?.toLowerCase())
          : loaderKey(key.externalId, key.platformId),
    },
  );
}
