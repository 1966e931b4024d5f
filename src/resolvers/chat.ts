import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { ChatRecord, FanSpendRecord, FanSubscriptionRecord } from '../domain.ts';
import { UpstreamNotFoundError } from '../http/errors.ts';
import { isPlatformId, localId } from '../ids.ts';
import { accountKey } from '../loaders/accounts.ts';
import type { ConnectedAccountEntry } from '../vendors/connected-accounts.ts';
import { looksUpByUsername } from './account.ts';
import { newestMessage, newestPageKey, selectedMessagesPage } from './chat-messages.ts';
import {
  type AccountShape,
  accountKeyOf,
  type ChatKey,
  type ChatShape,
  chatPartnerUsername,
  isChatRecord,
  type MessageShape,
  messageIn,
  writtenFacts,
} from './shapes.ts';

/**
 * The parts of a Chat's id: its account, chat and partner, and, where the vendor looks users up by
 * username only (Fansly), the partner's username, so that the partner of a chat reached by id can
 * be looked up too. A Message's id is these parts and its own platform id.
 */
export function chatIdParts(context: GatewayContext, chat: ChatShape): string[] {
  const parts = [chat.connectedAccount.externalId, chat.chatId, chat.partnerId];
  const username = chatPartnerUsername(chat);
  if (username && looksUpByUsername(context, chat.connectedAccount.externalId)) {
    parts.push(username);
  }
  return parts;
}

export function chatNodeId(context: GatewayContext, chat: ChatShape): string {
  return localId(...chatIdParts(context, chat));
}

/**
 * A chat from the parts of its id, when its connected account is configured here; null, without
 * a vendor call, when no such chat can exist (an OnlyFans chat is its fan: both ids are one), or
 * when the id carries a partner's username exactly where its vendor does not look users up by one:
 * a Fansly id without it was issued before ids carried it, and its partner could not be found.
 */
export function chatKeyFromParts(context: GatewayContext, parts: string[]): ChatKey | null {
  const [externalId = '', chatId = '', partnerId = '', partnerUsername = null] = parts;
  const entry = context.connectedAccounts.byExternalId.get(externalId);
  if (!entry || !isPlatformId(chatId) || !isPlatformId(partnerId)) return null;
  if (entry.connectedAccount.platform === 'ONLYFANS' && chatId !== partnerId) return null;
  if ((partnerUsername !== null) !== looksUpByUsername(context, externalId)) return null;
  return { connectedAccount: entry.connectedAccount, chatId, partnerId, partnerUsername };
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

/**
 * Whether a chat behind an id exists: a page of its messages loads (a vendor 404 means it does
 * not). The page is the one the query asks for when it asks for one, else the newest 25.
 */
async function chatExists(
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
 * cannot be found that way (where the vendor has no profile lookup, `usersPerCall` 0, a profile is
 * known only from the pages this request has read).
 */
async function findChatRecord(context: GatewayContext, chat: ChatKey): Promise<ChatRecord | null> {
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
async function unreadCountOf(context: GatewayContext, chat: ChatKey): Promise<number> {
  const record = await findChatRecord(context, chat);
  if (record) return record.unreadCount;
  const page = await context.loaders.messagePages.load(newestPageKey(chat));
  return page.items.filter((message) => !message.isFromCreator && message.isRead === false).length;
}

export function chatConnectedAccount(
  context: GatewayContext,
  chat: ChatShape,
): ConnectedAccountEntry {
  return context.connectedAccounts.byExternalId.get(chat.connectedAccount.externalId)!;
}

/** The fan on the other side: the profile the list carried, else a key to load it by. */
export function chatPartner(chat: ChatShape): AccountShape {
  return isChatRecord(chat) && chat.partner
    ? chat.partner
    : accountKeyOf(chat.connectedAccount, chat.partnerId, chatPartnerUsername(chat));
}

// A chat from a list carries its details; one known only by its key (from an id) derives each
// detail when a query selects it.

export function chatUnreadCount(
  context: GatewayContext,
  chat: ChatShape,
): number | Promise<number> {
  if (isChatRecord(chat)) return chat.unreadCount;
  return writtenFacts(chat).unreadCount ?? unreadCountOf(context, chat);
}

export async function chatLastMessage(
  context: GatewayContext,
  chat: ChatShape,
): Promise<MessageShape | null> {
  const message = isChatRecord(chat)
    ? chat.lastMessage
    : (writtenFacts(chat).lastMessage ?? (await newestMessage(context, chat)));
  return message && messageIn(message, chat);
}

export async function chatLastActivityAt(
  context: GatewayContext,
  chat: ChatShape,
): Promise<string | null> {
  return isChatRecord(chat)
    ? chat.lastActivityAt
    : ((await chatLastMessage(context, chat))?.createdAt ?? null);
}

export async function chatCanSendMessage(
  context: GatewayContext,
  chat: ChatShape,
): Promise<boolean | null> {
  return isChatRecord(chat)
    ? chat.canSendMessage
    : ((await findChatRecord(context, chat))?.canSendMessage ?? null);
}

// Spend and subscription come only with a chat-list entry: finding one for a chat known by its
// key would cost a vendor call (the chat search), so such a chat answers null.

export function chatPartnerSpend(chat: ChatShape): FanSpendRecord | null {
  return isChatRecord(chat) ? chat.partnerSpend : null;
}

export function chatPartnerSubscription(chat: ChatShape): FanSubscriptionRecord | null {
  return isChatRecord(chat) ? chat.partnerSubscription : null;
}
