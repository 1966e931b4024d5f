import type { GatewayContext } from '../context.ts';
import type { AccountRecord } from '../domain.ts';
import { isPlatformId, localId, localIdParts } from '../ids.ts';
import { accountKey } from '../loaders/accounts.ts';
import { type AccountShape, isAccountRecord } from '../resolvers/shapes.ts';
import { builder } from './builder.ts';
import { PlatformEnum } from './enums.ts';

export const AccountRef = builder.objectRef<AccountShape>('Account');

/** The profile behind an Account: in hand, or loaded (batched per connected account). */
async function profile(
  account: AccountShape,
  context: GatewayContext,
): Promise<AccountRecord | null> {
  if (isAccountRecord(account)) return account;
  return context.loaders.accounts.load(
    accountKey(account.connectedAccount.externalId, account.platformId),
  );
}

const PROFILE_NOTE =
  'Read from the page that listed the user where the vendor sends profiles, else looked up in one batched users call. Fansly profiles are known only from chat lists (the vendor has no lookup by id): null otherwise.';

builder.node(AccountRef, {
  description: 'A platform user: a fan, or a creator.',
  id: { resolve: (account) => localId(account.connectedAccount.externalId, account.platformId) },
  loadWithoutCache: async (id, context) => {
    const [externalId = '', platformId = ''] = localIdParts(id) ?? [];
    if (!context.connectedAccounts.byExternalId.has(externalId) || !isPlatformId(platformId))
      return null;
    return context.loaders.accounts.load(accountKey(externalId, platformId));
  },
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, resolve: (account) => account.platform }),
    platformId: t.exposeString('platformId', {
      description: "The platform's own user id, always a string.",
    }),
    username: t.string({
      nullable: true,
      description: PROFILE_NOTE,
      resolve: async (account, _args, context) =>
        (await profile(account, context))?.username ?? null,
    }),
    displayName: t.string({
      nullable: true,
      resolve: async (account, _args, context) =>
        (await profile(account, context))?.displayName ?? null,
    }),
    avatarUrl: t.string({
      nullable: true,
      resolve: async (account, _args, context) =>
        (await profile(account, context))?.avatarUrl ?? null,
    }),
    isVerified: t.boolean({
      nullable: true,
      resolve: async (account, _args, context) =>
        (await profile(account, context))?.isVerified ?? null,
    }),
  }),
});
