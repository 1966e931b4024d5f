import { localIdParts } from '../ids.ts';
import { accountLocalId, loadAccount, profileField } from '../resolvers/account.ts';
import type { AccountShape } from '../resolvers/shapes.ts';
import { builder } from './builder.ts';
import { PlatformEnum } from './enums.ts';

export const AccountRef = builder.objectRef<AccountShape>('Account');

const PROFILE_NOTE =
  'Read from the page that listed the user where the vendor sends profiles, else looked up in one batched users call. Fansly users are looked up by username (the vendor has no lookup by id): a Fansly user reached by id alone is found when its id carries a username, that is when the gateway had its profile as it issued the id; null otherwise, or when that username now names someone else.';

builder.node(AccountRef, {
  description: 'A platform user: a fan, or a creator.',
  id: { resolve: (account, _args, context) => accountLocalId(context, account) },
  loadWithoutCache: (id, context) => loadAccount(context, localIdParts(id) ?? []),
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, resolve: (account) => account.platform }),
    platformId: t.exposeString('platformId', {
      description: "The platform's own user id, always a string.",
    }),
    username: t.string({
      nullable: true,
      description: PROFILE_NOTE,
      resolve: (account, _args, context) => profileField(context, account, 'username'),
    }),
    displayName: t.string({
      nullable: true,
      resolve: (account, _args, context) => profileField(context, account, 'displayName'),
    }),
    avatarUrl: t.string({
      nullable: true,
      resolve: (account, _args, context) => profileField(context, account, 'avatarUrl'),
    }),
    isVerified: t.boolean({
      nullable: true,
      resolve: (account, _args, context) => profileField(context, account, 'isVerified'),
    }),
  }),
});
