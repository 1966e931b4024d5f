import type { AccountRecord } from '../../domain.ts';
import type { AccountCallContext } from '../account-call.ts';
import {
  booleanOrNull,
  nonEmptyStringOrNull,
  objectOrNull,
  requireId,
  requireObject,
} from './onlyfans-json.ts';

/**
 * An OnlyFans user (a chat's `fan`, a `users/list` entry, an OFAuth user) as an account record.
 *
 * OnlyFans keeps the display name in `name`; its `displayName` is usually `''`, so it only fills
 * in when `name` is empty. The avatar falls back to the largest thumbnail.
 */
export function convertOnlyFansUser(raw: unknown, context: AccountCallContext): AccountRecord {
  const user = requireObject(raw, 'user', context);
  const thumbs = objectOrNull(user.avatarThumbs);
  return {
    platform: 'ONLYFANS',
    connectedAccount: context.connectedAccount,
    platformId: requireId(user.id, 'user id', context),
    username: nonEmptyStringOrNull(user.username),
    displayName: nonEmptyStringOrNull(user.name) ?? nonEmptyStringOrNull(user.displayName),
    avatarUrl:
      nonEmptyStringOrNull(user.avatar) ??
      nonEmptyStringOrNull(thumbs?.c144) ??
      nonEmptyStringOrNull(thumbs?.c50),
    isVerified: booleanOrNull(user.isVerified),
  };
}

/**
 * Whether a user object is a profile worth priming the accounts loader with, rather than the
 * `{id, _view}` stub messages carry.
 */
export function isOnlyFansProfile(raw: unknown): boolean {
  const user = objectOrNull(raw);
  return user !== null && nonEmptyStringOrNull(user.username) !== null;
}

/** The profiles a `users/list` lookup found, by user id. */
export function onlyFansUsersById(users: readonly AccountRecord[]): Map<string, AccountRecord> {
  return new Map(users.map((user) => [user.platformId, user]));
}
