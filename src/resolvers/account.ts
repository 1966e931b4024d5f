import type { GatewayContext } from '../context.ts';
import type { AccountRecord } from '../domain.ts';
import { isPlatformId, localId } from '../ids.ts';
import { accountKey } from '../loaders/accounts.ts';
import { type AccountShape, isAccountRecord } from './shapes.ts';

export function accountLocalId(account: AccountShape): string {
  return localId(account.connectedAccount.externalId, account.platformId);
}

/** A user by the parts of its id; null when its account is not connected or it is not found. */
export async function loadAccount(
  context: GatewayContext,
  parts: string[],
): Promise<AccountRecord | null> {
  const [externalId = '', platformId = ''] = parts;
  if (!context.connectedAccounts.byExternalId.has(externalId) || !isPlatformId(platformId))
    return null;
  return context.loaders.accounts.load(accountKey(externalId, platformId));
}

/** The profile behind an Account: in hand, or loaded (batched per connected account). */
async function profile(
  context: GatewayContext,
  account: AccountShape,
): Promise<AccountRecord | null> {
  if (isAccountRecord(account)) return account;
  return context.loaders.accounts.load(
    accountKey(account.connectedAccount.externalId, account.platformId),
  );
}

type ProfileField = 'username' | 'displayName' | 'avatarUrl' | 'isVerified';

/** One field of an Account's profile; null when the profile is unknown. */
export async function profileField<Field extends ProfileField>(
  context: GatewayContext,
  account: AccountShape,
  field: Field,
): Promise<AccountRecord[Field] | null> {
  return (await profile(context, account))?.[field] ?? null;
}
