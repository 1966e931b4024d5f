import type { AccountRecord } from '../../../domain.ts';
import type { AccountCallContext } from '../../account-call.ts';
import {
  expectObject,
  firstLocation,
  isObject,
  nonEmptyString,
  requiredId,
} from './fansly-json.ts';

/**
 * Converts a Fansly account (`aggregationData.accounts[i]` of a chat list, or an entry of
 * `users/{usernames}`) into an {@link AccountRecord}. Only `id` is required.
 *
 * Fansly reports no verification badge this gateway can read, so `isVerified` is null unless the
 * vendor adds a boolean `isVerified`/`verified`. The account's `createdAt` is in milliseconds
 * (see `isoFromMillis`), but the record has no field for it.
 */
export function convertFanslyAccount(raw: unknown, context: AccountCallContext): AccountRecord {
  const account = expectObject(raw, context, 'an account');
  const avatar = isObject(account.avatar) ? account.avatar : null;
  const verified = account.isVerified ?? account.verified;
  return {
    platform: 'FANSLY',
    connectedAccount: context.connectedAccount,
    platformId: requiredId(account.id, context, 'an account id'),
    username: nonEmptyString(account.username),
    displayName: nonEmptyString(account.displayName),
    avatarUrl: avatar === null ? null : firstLocation(avatar.locations),
    isVerified: typeof verified === 'boolean' ? verified : null,
  };
}
