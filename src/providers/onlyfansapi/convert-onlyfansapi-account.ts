import type { ConnectedAccountRecord } from '../../domain.ts';
import {
  idOrNull,
  nonEmptyStringOrNull,
  requireId,
  requireObject,
  type VendorJsonContext,
} from '../onlyfans/onlyfans-json.ts';

/**
 * One entry of `GET /api/accounts`: `{id: "acct_…", onlyfans_id, onlyfans_username,
 * display_name, …}`. `onlyfans_id` is the creator's own OnlyFans user id.
 */
export function convertOnlyFansApiAccount(
  raw: unknown,
  context: VendorJsonContext,
): ConnectedAccountRecord {
  const account = requireObject(raw, 'account', context);
  return {
    route: {
      vendor: 'ONLYFANSAPI',
      platform: 'ONLYFANS',
      connectedAccountId: requireId(account.id, 'account id', context),
    },
    platformUserId: idOrNull(account.onlyfans_id),
    username: nonEmptyStringOrNull(account.onlyfans_username),
    displayName: nonEmptyStringOrNull(account.display_name) ?? nonEmptyStringOrNull(account.name),
  };
}

/**
 * One entry of `GET /api/fansly/accounts` (`fansly_acct_…`). The docs name the endpoint but not
 * its fields, so the `fansly_…` names mirror the OnlyFans list, with plain names as fallback.
 * Fansly user ids are snowflakes beyond 2^53: only strings keep them exact.
 */
export function convertOnlyFansApiFanslyAccount(
  raw: unknown,
  context: VendorJsonContext,
): ConnectedAccountRecord {
  const account = requireObject(raw, 'account', context);
  return {
    route: {
      vendor: 'ONLYFANSAPI',
      platform: 'FANSLY',
      connectedAccountId: requireId(account.id, 'account id', context),
    },
    platformUserId:
      idOrNull(account.fansly_id) ??
      idOrNull(account.fansly_user_id) ??
      idOrNull(account.fansly_account_id) ??
      idOrNull(account.account_id),
    username:
      nonEmptyStringOrNull(account.fansly_username) ?? nonEmptyStringOrNull(account.username),
    displayName:
      nonEmptyStringOrNull(account.display_name) ??
      nonEmptyStringOrNull(account.displayName) ??
      nonEmptyStringOrNull(account.name),
  };
}
