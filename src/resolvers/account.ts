import type { GatewayContext } from '../context.ts';
import type { AccountRecord } from '../domain.ts';
import { isPlatformId, localId } from '../ids.ts';
import { accountKey } from '../loaders/accounts.ts';
import { type AccountShape, isAccountRecord } from './shapes.ts';

/** Whether users of a connected account are looked up by username (so their ids carry it). */
export function looksUpByUsername(context: GatewayContext, externalId: string): boolean {
  const entry = context.connectedAccounts.byExternalId.get(externalId);
  return entry?.adapter.capabilities.usersBy === 'username';
}

/**
 * The local id of an Account: its connected account and platform id, and, where the vendor looks
 * users up by username only (Fansly), the username it came with, so that `node(id)` can find the
 * user again. Every place that hands out an Account knows that username without a call (a listed
 * profile, the chat a message was read in, the creator's own from the accounts list), so the id
 * never depends on what else the request read.
 */
export function accountLocalId(context: GatewayContext, account: AccountShape): string {
  const { externalId } = account.connectedAccount;
  return looksUpByUsername(context, externalId) && account.username
    ? localId(externalId, account.platformId, account.username)
    : localId(externalId, account.platformId);
}

/**
 * A user by the parts of its id; null when its account is not connected, it is not found, or the
 * id lacks what its vendor's lookup needs (a username where users are looked up by username: ids
 * issued before they carried one answer null rather than an error, like any user not found).
 */
export async function loadAccount(
  context: GatewayContext,
  parts: string[],
): Promise<AccountRecord | null> {
  const [externalId = '', platformId = '', username = null] = parts;
  if (!context.connectedAccounts.byExternalId.has(externalId) || !isPlatformId(platformId))
    return null;
  if (looksUpByUsername(context, externalId) !== (username !== null)) return null;
  return context.loaders.accounts.load(accountKey(externalId, platformId, username));
}

/** The profile behind an Account: in hand, or loaded (batched per connected account). */
async function profile(
  context: GatewayContext,
  account: AccountShape,
): Promise<AccountRecord | null> {
  if (isAccountRecord(account)) return account;
  return context.loaders.accounts.load(
    accountKey(account.connectedAccount.externalId, account.platformId, account.username ?? null),
  );
}

type ProfileField = 'username' | 'displayName' | 'avatarUrl' | 'isVerified';

/** One field of an Account's profile; null when the profile is unknown. */
export async function profileField<Field extends ProfileField>(
  context: GatewayContext,
  account: AccountShape,
  field: Field,
): Promise<AccountRecord[Field] | null> {
  // A key that carries its username (Fansly: from the chat it was read in) answers it without
  // a lookup; the other profile fields need one.
  if (field === 'username' && !isAccountRecord(account) && account.username) {
    return account.username as AccountRecord[Field];
  }
  return (await profile(context, account))?.[field] ?? null;
}
