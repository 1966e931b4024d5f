import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { checkFirst } from '../cursors.ts';
import { decodeGlobalIdOf, isPlatformId, localIdParts } from '../ids.ts';
import {
  chatExists,
  findChatRecord,
  messageListSignature,
  NEWEST_PAGE_SIZE,
  newestMessage,
  unreadCountOf,
} from '../resolvers/chat.ts';
import { connection } from '../resolvers/connected-account.ts';
import {
  accountKeyOf,
  type ChatKey,
  type ChatShape,
  chatLocalId,
  isChatRecord,
} from '../resolvers/shapes.ts';
import { AccountRef } from './account.ts';
import { builder } from './builder.ts';
import { ConnectedAccountRef } from './connected-account.ts';
import { PlatformEnum } from './enums.ts';
import { MessageConnection, MessageRef } from './message.ts';

export const ChatRef = builder.objectRef<ChatShape>('Chat');

/**
 * A chat from the parts of its id, when its connected account is configured here; null, without
 * a vendor call, when no such chat can exist (an OnlyFans chat is its fan: both ids are one).
 */
export function chatKeyFromParts(context: GatewayContext, parts: string[]): ChatKey | null {
  const [externalId = '', chatId = '', partnerId = ''] = parts;
  const entry = context.connectedAccounts.byExternalId.get(externalId);
  if (!entry || !isPlatformId(chatId) || !isPlatformId(partnerId)) return null;
  if (entry.connectedAccount.platform === 'ONLYFANS' && chatId !== partnerId) return null;
  return { connectedAccount: entry.connectedAccount, chatId, partnerId };
}

/** A chat by the parts of its id; null when its account is not connected or the vendor 404s. */
export async function loadChat(
  context: GatewayContext,
  parts: string[],
  info?: GraphQLResolveInfo,
): Promise<ChatKey | null> {
  const key = chatKeyFromParts(context, parts);
  return key && (await chatExists(context, key, info)) ? key : null;
}

export const ChatConnection = builder.connectionObject(
  { type: ChatRef, name: 'ChatConnection' },
  { name: 'ChatEdge' },
);

builder.node(ChatRef, {
  id: { resolve: (chat) => chatLocalId(chat) },
  loadWithoutCache: (id, context, info) => loadChat(context, localIdParts(id) ?? [], info),
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, resolve: (chat) => chat.connectedAccount.platform }),
    connectedAccount: t.field({
      type: ConnectedAccountRef,
      resolve: (chat, _args, context) =>
        context.connectedAccounts.byExternalId.get(chat.connectedAccount.externalId)!,
    }),
    partner: t.field({
      type: AccountRef,
      description: 'The fan on the other side.',
      resolve: (chat) =>
        isChatRecord(chat) && chat.partner
          ? chat.partner
          : accountKeyOf(chat.connectedAccount, chat.partnerId),
    }),
    unreadCount: t.int({
      description:
        "Messages the creator has not read. For a chat fetched by id: the vendor's figure from its chat search by the partner's username, else counted in the newest 25 messages.",
      resolve: (chat, _args, context) =>
        isChatRecord(chat) ? chat.unreadCount : unreadCountOf(context, chat),
    }),
    lastMessage: t.field({
      type: MessageRef,
      nullable: true,
      resolve: (chat, _args, context) =>
        isChatRecord(chat) ? chat.lastMessage : newestMessage(context, chat),
    }),
    lastActivityAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (chat, _args, context) =>
        isChatRecord(chat)
          ? chat.lastActivityAt
          : ((await newestMessage(context, chat))?.createdAt ?? null),
    }),
    canSendMessage: t.boolean({
      nullable: true,
      resolve: async (chat, _args, context) =>
        isChatRecord(chat)
          ? chat.canSendMessage
          : ((await findChatRecord(context, chat))?.canSendMessage ?? null),
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
      resolve: async (chat, args, context) => {
        const first = checkFirst(args.first, NEWEST_PAGE_SIZE);
        const signature = messageListSignature(chat);
        const before = args.after
          ? context.cursors.decode(args.after, 'messages', signature).before
          : null;
        // A chat its vendor listed without a last message has none: no call needed to say so.
        if (before === null && isChatRecord(chat) && chat.lastMessage === null) {
          return connection([], false);
        }
        const page = await context.loaders.messagePages.load({
          externalId: chat.connectedAccount.externalId,
          chatId: chat.chatId,
          partnerId: chat.partnerId,
          first,
          before,
        });
        const edges = page.items.map((message) => ({
          cursor: context.cursors.encode({
            kind: 'messages',
            list: signature,
            before: message.platformId,
          }),
          node: message,
        }));
        return connection(edges, page.nextBefore !== null);
      },
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
