import type { Edge, LazyCursorEdge } from '../cursors.ts';
import type {
  AccountRecord,
  ChatRecord,
  ConnectedAccountKey,
  MediaRecord,
  MessageRecord,
} from '../domain.ts';
import { localId } from '../ids.ts';
import type { ConnectedAccountEntry } from '../vendors/connected-accounts.ts';

/** A chat known only by its id (from `node`/`chat`): its details are loaded when selected. */
export interface ChatKey {
  connectedAccount: ConnectedAccountKey;
  chatId: string;
  partnerId: string;
  /** The partner's username its id carried, where its vendor looks users up by username. */
  partnerUsername?: string | null;
}

/** The chat's own parts of its id: what its cursors are signed with, whatever else its id carries. */
export function chatLocalId(chat: ChatKey): string {
  return localId(chat.connectedAccount.externalId, chat.chatId, chat.partnerId);
}

/**
 * A chat a write just changed, known by its key: the facts the write settled (the message just
 * sent is its last, a chat just marked read has nothing unread) answer without a vendor call,
 * where a vendor's list could still lag; the other details load as for a chat known by its id.
 */
export interface WrittenChat extends ChatKey {
  written: { lastMessage?: MessageRecord; unreadCount?: number };
}

/** What a Chat resolves from: a full record from a list, or a key from an id or a write. */
export type ChatShape = ChatRecord | ChatKey | WrittenChat;

export function isChatRecord(chat: ChatShape): chat is ChatRecord {
  return 'unreadCount' in chat;
}

/** What a write settled about the chat; empty for a chat from a list or an id. */
export function writtenFacts(chat: ChatShape): WrittenChat['written'] {
  return 'written' in chat ? chat.written : {};
}

/** The partner's username a chat came with: its listed profile's, or the one its id carried. */
export function chatPartnerUsername(chat: ChatShape): string | null {
  return isChatRecord(chat) ? (chat.partner?.username ?? null) : (chat.partnerUsername ?? null);
}

/**
 * A message with the partner's username of the chat it was read in. Messages are always read
 * within a chat, and no vendor's message carries its partner's profile: the chat's username goes
 * with it, so that its id, its `chat` and its sender's id carry what the chat's own id carries,
 * whatever else the request read.
 */
export type MessageShape = MessageRecord & { partnerUsername: string | null };

export function messageIn(message: MessageRecord, chat: ChatShape): MessageShape {
  return { ...message, partnerUsername: chatPartnerUsername(chat) };
}

/** Media with the message it came in, so an OnlyFans media id can route back to it. */
export type MediaShape = MediaRecord & { message: MessageRecord | null };

/** A user known only by id: profile fields load (batched) only when a query selects them. */
export interface AccountKey {
  connectedAccount: ConnectedAccountKey;
  platform: ConnectedAccountKey['platform'];
  platformId: string;
  /** The username the user had when its id was issued, where its vendor looks users up by it. */
  username?: string | null;
}

/** What an Account resolves from: a profile a page carried, or a key to load one. */
export type AccountShape = AccountRecord | AccountKey;

export function isAccountRecord(account: AccountShape): account is AccountRecord {
  // A key may carry a username too: only a record has a display name (null or not).
  return 'displayName' in account;
}

export function accountKeyOf(
  connectedAccount: ConnectedAccountKey,
  platformId: string,
  username: string | null = null,
): AccountKey {
  return { connectedAccount, platform: connectedAccount.platform, platformId, username };
}

/** What a connection type resolves from: its edges, in order, and its page info. */
export interface ConnectionShape<Node> {
  edges: Array<Edge<Node>>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/**
 * A page read forwards: its start and end cursors are those of its first and last edges, read
 * only when selected (an edge may sign its cursor only when asked: {@link LazyCursorEdge}).
 */
export function connection<Node>(
  edges: Array<Edge<Node>>,
  hasNextPage: boolean,
): ConnectionShape<Node> {
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
  };
}

/** The accounts a list's filter left out; a connection that names none has skipped none. */
export function skippedAccountsOf(list: object): ConnectedAccountEntry[] {
  return 'skippedAccounts' in list && Array.isArray(list.skippedAccounts)
    ? (list.skippedAccounts as ConnectedAccountEntry[])
    : [];
}
