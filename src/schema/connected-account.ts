import { decodeGlobalIdOf, localIdParts } from '../ids.ts';
import {
  type ConnectedAccountShape,
  connectedAccountLocalId,
  loadConnectedAccount,
  resolveChatList,
} from '../resolvers/connected-account.ts';
import { builder } from './builder.ts';
import { ChatConnection } from './chat.ts';
import { ChatOrderEnum, ConnectedAccountStatusEnum, PlatformEnum, VendorEnum } from './enums.ts';

export const ConnectedAccountRef = builder.objectRef<ConnectedAccountShape>('ConnectedAccount');

/** What `minPartnerSpend` means, on `ConnectedAccount.chats` and `inbox` alike. */
export const MIN_PARTNER_SPEND =
  'Only chats whose partner has spent at least this many dollars in total (`Chat.partnerSpend.total`); 0 or more. Filtered by the gateway, which reads on through the list until the page is full (no vendor filters by spend). An account whose chat list does not tell spend is not read and is named in `skippedAccounts`.';

builder.node(ConnectedAccountRef, {
  description: 'A creator account reached through a vendor.',
  id: { resolve: connectedAccountLocalId },
  loadWithoutCache: (id, context) => loadConnectedAccount(context, localIdParts(id) ?? []),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (entry) => entry.connectedAccount.vendor }),
    platform: t.field({ type: PlatformEnum, resolve: (entry) => entry.connectedAccount.platform }),
    externalId: t.string({
      description: "The vendor's handle: acct_…, fansly_acct_… or conn_…",
      resolve: (entry) => entry.connectedAccount.externalId,
    }),
    status: t.field({
      type: ConnectedAccountStatusEnum,
      description:
        "From the vendor's accounts list, read at most once per vendor and platform for every request within 30 seconds. UNKNOWN, without an error, when that list fails: the status is a fact about the vendor, and the rest of the answer stands. On `connectedAccountUpdated`, the status the event told.",
      resolve: (entry, _args, context) =>
        entry.status ?? entry.vendorAdapter.accountStatus(entry.connectedAccount, context.call),
    }),
    chats: t.field({
      type: ChatConnection,
      nullable: true,
      description:
        "first: 1–100, any value; the gateway translates it to the vendor's page sizes. `after` takes a cursor from this field with the same arguments. Null (with an error naming the vendor and account) when the vendor fails, so the other accounts still answer.",
      args: {
        first: t.arg.int({ defaultValue: 20 }),
        after: t.arg.string({ required: false }),
        order: t.arg({ type: ChatOrderEnum, defaultValue: 'RECENT' }),
        unreadOnly: t.arg.boolean({
          defaultValue: false,
          description:
            'Only chats with unread messages. Filtered by the vendor on OFAuth (filter=unread); filtered by the gateway on OnlyFansAPI (OnlyFans and Fansly), which reads on through the list until the page is full.',
        }),
        search: t.arg.string({
          required: false,
          description:
            "Only chats whose partner's username or display name contains this text (case-insensitive, at most 100 characters). Every vendor runs this search itself (OnlyFans `query`, Fansly `search`, OFAuth `query`).",
        }),
        minPartnerSpend: t.arg.float({
          required: false,
          description: MIN_PARTNER_SPEND,
        }),
      },
      resolve: (entry, args, context) => resolveChatList(context, entry, args),
    }),
  }),
});

builder.queryFields((t) => ({
  connectedAccounts: t.field({
    type: [ConnectedAccountRef],
    description: 'The creator accounts this gateway reads.',
    resolve: (_root, _args, context) => context.connectedAccounts.accounts,
  }),
  connectedAccount: t.field({
    type: ConnectedAccountRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      loadConnectedAccount(context, decodeGlobalIdOf(args.id, 'ConnectedAccount').parts),
  }),
}));
