import { localIdParts } from '../ids.ts';
import { accountLocalId, loadAccount, profileField } from '../resolvers/account.ts';
import type { AccountShape } from '../resolvers/shapes.ts';
import { builder } from './builder.ts';
import { PlatformEnum } from './enums.ts';

export const AccountRef = builder.objectRef<AccountShape>('Account');

const PROFILE_NOTE =
  'Read from the page that listed the user where the vendor sends profiles, else looked up in one batched users call. Fansly users are looked up by username (the vendor has no lookup by id): every Fansly Account id carries the username of its user (from the chat it was read in, or the accounts list for the creator), so a Fansly user reached by id alone is found by it; null when that username now names someone else, or for an id issued before ids carried it.';

builder.node(AccountRef, {
  description: 'A platform user: a fan, or a creator.',
  id: { resolve: (account, _args, context) => accountLocalId(context, account) },
  // A copy: the relay plugin marks what `node(id)` loads with its type, and a profile may be kept
  // frozen beside the vendor answer it came from (src/cache/kept-conversions.ts).
  loadWithoutCache: async (id, context) => {
    const profile = await loadAccount(context, localIdParts(id) ?? []);
    return profile && { ...profile };
  },
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
