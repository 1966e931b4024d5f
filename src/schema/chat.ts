import { decodeGlobalIdOf, localIdParts } from '../ids.ts';
import {
  chatCanSendMessage,
  chatConnectedAccount,
  chatLastActivityAt,
  chatLastMessage,
  chatNodeId,
  chatPartner,
  chatPartnerSpend,
  chatPartnerSubscription,
  chatUnreadCount,
  loadChat,
} from '../resolvers/chat.ts';
import { chatCapabilities } from '../resolvers/chat-capabilities.ts';
import { NEWEST_PAGE_SIZE, resolveMessages } from '../resolvers/chat-messages.ts';
import { type ChatShape, skippedAccountsOf } from '../resolvers/shapes.ts';
import { AccountRef } from './account.ts';
import { builder } from './builder.ts';
import { ChatCapabilitiesRef } from './chat-capabilities.ts';
import { ConnectedAccountRef } from './connected-account.ts';
import { PlatformEnum } from './enums.ts';
import { FanSpendRef } from './fan-spend.ts';
import { FanSubscriptionRef } from './fan-subscription.ts';
import { MessageConnection, MessageRef } from './message.ts';

export const ChatRef = builder.objectRef<ChatShape>('Chat');

/** What `skippedAccounts` means, on `ConnectedAccount.chats` and `inbox` alike. */
export const SKIPPED_ACCOUNTS =
  'Accounts left out because their vendor cannot tell what a filter needs: with `minPartnerSpend`, accounts whose chat list does not tell what a partner spent (OFAuth · OnlyFans, OnlyFansAPI · Fansly). Their chats are not in any page of this list, so a frontend can say which accounts the filter did not cover; empty without such a filter.';

export const ChatConnection = builder.connectionObject(
  {
    type: ChatRef,
    name: 'ChatConnection',
    fields: (t) => ({
      skippedAccounts: t.field({
        type: [ConnectedAccountRef],
        description: SKIPPED_ACCOUNTS,
        resolve: (chats) => skippedAccountsOf(chats),
      }),
    }),
  },
  { name: 'ChatEdge' },
);

builder.node(ChatRef, {
  id: { resolve: (chat, _args, context) => chatNodeId(context, chat) },
  // The existence probe loads the messages page the query selects (see loadChat): it needs `info`.
  loadWithoutCache: (id, context, info) => loadChat(context, localIdParts(id) ?? [], info),
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, resolve: (chat) => chat.connectedAccount.platform }),
    connectedAccount: t.field({
      type: ConnectedAccountRef,
      resolve: (chat, _args, context) => chatConnectedAccount(context, chat),
    }),
    partner: t.field({
      type: AccountRef,
      description: 'The fan on the other side.',
      resolve: (chat) => chatPartner(chat),
    }),
    partnerSpend: t.field({
      type: FanSpendRef,
      nullable: true,
      description:
        'What the partner has spent with the creator, from the chat list already read: told by OnlyFansAPI · OnlyFans; null on OFAuth and Fansly, whose chat lists do not say, for a chat fetched by id (no list entry read), and for a fan the vendor gave no figures for. Never zeros standing in for unknown.',
      resolve: (chat) => chatPartnerSpend(chat),
    }),
    partnerSubscription: t.field({
      type: FanSubscriptionRef,
      nullable: true,
      description:
        "The partner's subscription to the creator, from the chat list already read: told by OnlyFansAPI · OnlyFans; null elsewhere and for a chat fetched by id.",
      resolve: (chat) => chatPartnerSubscription(chat),
    }),
    unreadCount: t.int({
      description:
        "Messages the creator has not read. For a chat fetched by id: the vendor's figure from its chat search by the partner's username, else counted in the newest 25 messages.",
      resolve: (chat, _args, context) => chatUnreadCount(context, chat),
    }),
    lastMessage: t.field({
      type: MessageRef,
      nullable: true,
      resolve: (chat, _args, context) => chatLastMessage(context, chat),
    }),
    lastActivityAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (chat, _args, context) => chatLastActivityAt(context, chat),
    }),
    canSendMessage: t.boolean({
      nullable: true,
      resolve: (chat, _args, context) => chatCanSendMessage(context, chat),
    }),
    capabilities: t.field({
      type: ChatCapabilitiesRef,
      description:
        "What the chat allows now, at no vendor call: the vendor's writes, narrowed by the chat's own `canSendMessage` where its list entry told it.",
      resolve: (chat, _args, context) => chatCapabilities(context, chat),
    }),
    messages: t.field({
      type: MessageConnection,
      nullable: true,
      description:
        'Newest first; `after` pages back in time. first: 1–100. Null (with an error naming the vendor) when the vendor fails.',
      args: {
        first: t.arg.int({ defaultValue: NEWEST_PAGE_SIZE }),
        after: t.arg.string({ required: false }),
      },
      resolve: (chat, args, context) => resolveMessages(context, chat, args),
    }),
  }),
});

builder.queryField('chat', (t) =>
  t.field({
    type: ChatRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context, info) =>
      loadChat(context, decodeGlobalIdOf(args.id, 'Chat').parts, info),
  }),
);
