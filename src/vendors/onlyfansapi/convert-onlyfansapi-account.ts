import type { ConnectedAccountRecord, ConnectedAccountStatus, Platform } from '../../domain.ts';
import {
  idOrNull,
  type JsonObject,
  nonEmptyStringOrNull,
  requireId,
  requireObject,
  type VendorJsonContext,
} from '../onlyfans-shared/onlyfans-json.ts';

/**
 * `is_authenticated` of an accounts list entry: true while the vendor holds a working session,
 * false once it has lost it (the creator must log in again). Anything else says nothing.
 */
function sessionStatus(account: JsonObject): ConnectedAccountStatus {
  if (account.is_authenticated === true) return 'CONNECTED';
  if (account.is_authenticated === false) return 'EXPIRED';
  return 'UNKNOWN';
}

/** One entry of an accounts list: its `id` is the route's handle; `fields` reads the rest. */
function convertAccountEntry(
  raw: unknown,
  context: VendorJsonContext,
  platform: Platform,
  fields: (account: JsonObject) => Omit<ConnectedAccountRecord, 'connectedAccount' | 'status'>,
): ConnectedAccountRecord {
  const account = requireObject(raw, 'account', context);
  return {
    connectedAccount: {
      vendor: 'ONLYFANSAPI',
      platform,
      externalId: requireId(account.id, 'account id', context),
    },
    ...fields(account),
    status: sessionStatus(account),
  };
}

/**
 * One entry of `GET /api/accounts`: `{id: "acct_…", onlyfans_id, onlyfans_username,
 * display_name, is_authenticated, authentication_progress, …}`. `onlyfans_id` is the creator's own OnlyFans user id.
 */
export function convertOnlyFansApiAccount(
  raw: unknown,
  context: VendorJsonContext,
): ConnectedAccountRecord {
  return convertAccountEntry(raw, context, 'ONLYFANS', (account) => ({
    platformUserId: idOrNull(account.onlyfans_id),
    username: nonEmptyStringOrNull(account.onlyfans_username),
    displayName: nonEmptyStringOrNull(account.display_name) ?? nonEmptyStringOrNull(account.name),
  }));
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
  return convertAccountEntry(raw, context, 'FANSLY', (account) => ({
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
  }));
}
