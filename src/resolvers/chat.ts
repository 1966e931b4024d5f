import {
  type FieldNode,
  type GraphQLResolveInfo,
  getArgumentValues,
  isObjectType,
  Kind,
  type SelectionNode,
} from 'graphql';
import type { GatewayContext } from '../context.ts';
import { checkFirst, listSignature } from '../cursors.ts';
import type { ChatRecord, MessageRecord } from '../domain.ts';
import { UpstreamNotFoundError } from '../http/errors.ts';
import { accountKey } from '../loaders/accounts.ts';
import type { MessagePageKey } from '../loaders/pages.ts';
import { type ChatKey, chatLocalId } from './shapes.ts';

/** The page a thread view opens with: shared by `lastMessage` and `messages(first: 25)`. */
export const NEWEST_PAGE_SIZE = 25;

export function newestPageKey(chat: ChatKey): MessagePageKey {
  return {
    externalId: chat.connectedAccount.externalId,
    chatId: chat.chatId,
    partnerId: chat.partnerId,
    first: NEWEST_PAGE_SIZE,
    before: null,
  };
}

/** The newest message of a chat known only by its key. */
export async function newestMessage(
  context: GatewayContext,
  chat: ChatKey,
): Promise<MessageRecord | null> {
  const page = await context.loaders.messagePages.load(newestPageKey(chat));
  return page.items[0] ?? null;
}

/** Message cursors are bound to their chat. */
export function messageListSignature(chat: ChatKey): string {
  return listSignature(chatLocalId(chat));
}

/**
 * The page a `messages` field selected on this Chat will load, if the query selects one: the
 * existence probe then loads that very page, which the field reuses, so checking costs no call.
 */
function selectedMessagesPage(
  context: GatewayContext,
  chat: ChatKey,
  info: GraphQLResolveInfo | undefined,
): MessagePageKey | null {
  if (!info) return null;
  const chatType = info.schema.getType('Chat');
  if (!isObjectType(chatType)) return null;
  const messagesField = chatType.getFields().messages;
  if (!messagesField) return null;
  const pageOf = (selection: FieldNode): MessagePageKey | null => {
    try {
      const args = getArgumentValues(messagesField, selection, info.variableValues);
      const first = checkFirst(args.first as number | null | undefined, NEWEST_PAGE_SIZE);
      const before =
        typeof args.after === 'string'
          ? context.cursors.decode(args.after, 'messages', messageListSignature(chat)).before
          : null;
      return { ...newestPageKey(chat), first, before };
    } catch {
      // Bad arguments: the field itself will say what is wrong.
      return null;
    }
  };
  const visit = (selections: readonly SelectionNode[]): MessagePageKey | null => {
    for (const selection of selections) {
      let found: MessagePageKey | null = null;
      if (selection.kind === Kind.FIELD && selection.name.value === 'messages') {
        found = pageOf(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        found = visit(selection.selectionSet.selections);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[selection.name.value];
        found = fragment ? visit(fragment.selectionSet.selections) : null;
      }
      if (found) return found;
    }
    return null;
  };
  for (const node of info.fieldNodes) {
    const found = node.selectionSet ? visit(node.selectionSet.selections) : null;
    if (found) return found;
  }
  return null;
}

/**
 * Whether a chat behind an id exists: a page of its messages loads (a vendor 404 means it does
 * not). The page is the one the query asks for when it asks for one, else the newest 25.
 */
export async function chatExists(
  context: GatewayContext,
  chat: ChatKey,
  info?: GraphQLResolveInfo,
): Promise<boolean> {
  try {
    await context.loaders.messagePages.load(
      selectedMessagesPage(context, chat, info) ?? newestPageKey(chat),
    );
    return true;
  } catch (error) {
    if (error instanceof UpstreamNotFoundError) return false;
    throw error;
  }
}

/**
 * The list entry of a chat known only by its key (unread count, whether a message can be sent).
 * No vendor serves one chat by id, so the gateway asks the vendor's chat search for the partner's
 * username and picks the chat out of the answer. Null when the partner's profile or the chat
 * cannot be found that way (Fansly profiles are known only from pages this request has read).
 */
export async function findChatRecord(
  context: GatewayContext,
  chat: ChatKey,
): Promise<ChatRecord | null> {
  const externalId = chat.connectedAccount.externalId;
  const partner = await context.loaders.accounts.load(accountKey(externalId, chat.partnerId));
  if (!partner?.username) return null;
  const page = await context.loaders.chatPages.load({
    externalId: externalId,
    offset: 0,
    first: 10,
    order: 'RECENT',
    unreadOnly: false,
    search: partner.username,
  });
  return page.items.find((candidate) => candidate.chatId === chat.chatId) ?? null;
}

/**
 * Unread count of a chat known only by its key: the vendor's own figure where its chat search can
 * find the chat, else the fan's unread messages among the newest page (at most 25).
 */
export async function unreadCountOf(context: GatewayContext, chat: ChatKey): Promise<number> {
  const record = await findChatRecord(context, chat);
  if (record) return record.unreadCount;
  const page = await context.loaders.messagePages.load(newestPageKey(chat));
  return page.items.filter((message) => !message.isFromCreator && message.isRead === false).length;
}
