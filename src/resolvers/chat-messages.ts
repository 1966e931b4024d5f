import {
  type FieldNode,
  type GraphQLResolveInfo,
  getArgumentValues,
  isObjectType,
  Kind,
  type SelectionNode,
} from 'graphql';
import type { GatewayContext } from '../context.ts';
import { checkFirst, LazyCursorEdge, listSignature } from '../cursors.ts';
import type { MessageRecord } from '../domain.ts';
import type { MessagePageKey } from '../loaders/pages.ts';
import {
  type ChatKey,
  type ChatShape,
  type ConnectionShape,
  chatLocalId,
  connection,
  isChatRecord,
  type MessageShape,
  messageIn,
} from './shapes.ts';

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

export interface MessageListArgs {
  first?: number | null;
  after?: string | null;
}

/** One page of a chat's messages (`Chat.messages`), newest first; `after` pages back in time. */
export async function resolveMessages(
  context: GatewayContext,
  chat: ChatShape,
  args: MessageListArgs,
): Promise<ConnectionShape<MessageShape>> {
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
  const edges = page.items.map(
    (message) =>
      new LazyCursorEdge(
        context.cursors,
        { kind: 'messages', list: signature, before: message.platformId },
        messageIn(message, chat),
      ),
  );
  return connection(edges, page.nextBefore !== null);
}

/**
 * The page a `messages` field selected on this Chat will load, if the query selects one: the
 * existence probe then loads that very page, which the field reuses, so checking costs no call.
 */
export function selectedMessagesPage(
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
