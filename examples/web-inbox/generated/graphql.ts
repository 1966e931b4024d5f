/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type MediaType =
  | 'AUDIO'
  | 'GIF'
  | 'OTHER'
  | 'PHOTO'
  | 'VIDEO';

export type Platform =
  | 'FANSLY'
  | 'ONLYFANS';

export type SendMessageInput = {
  chatId: string | number;
  /** Chosen by the caller, unique per intended message (1–255 printable ASCII characters, e.g. a UUID), kept per gateway token. A repeat after SENT or UNKNOWN returns that outcome and sends nothing; after NOT_SENT (proven not sent) the same key may try again. */
  idempotencyKey: string;
  /** Vendor media ids (vault or upload ids), passed to the vendor as they are; at most what the vendor takes. */
  mediaIds?: Array<string> | null | undefined;
  /** Dollars. 0 or absent: free. Else 3–200, in whole cents, and needs at least one media id. */
  price?: number | null | undefined;
  /** A Message id of the same chat. */
  replyToMessageId?: string | number | null | undefined;
  /** Plain text, up to 10,000 characters; may be empty when media are attached. */
  text: string;
};

export type SendOutcome =
  /** Proven not sent (the vendor refused it, or it never left): the same idempotencyKey may try again. */
  | 'NOT_SENT'
  /** Sent: `message` is the message as the vendor stored it. */
  | 'SENT'
  /** The vendor may or may not have sent it (a timeout, a 5xx): do not send it again with a new key; read the thread to find out. */
  | 'UNKNOWN';

/** The company whose API the gateway calls to reach the platform. */
export type Vendor =
  | 'OFAUTH'
  | 'ONLYFANSAPI';

export type InboxChatUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type InboxChatUpdatedSubscription = { chatUpdated: { id: string, platform: Platform, unreadCount: number, lastActivityAt: string | null, partner: { id: string, username: string | null, displayName: string | null }, lastMessage: { id: string, text: string, createdAt: string, isFromCreator: boolean } | null, capabilities: { canSendMessage: boolean, canMarkRead: boolean } } };

export type InboxChatsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type InboxChatsQuery = { inbox: { edges: Array<{ node: { id: string, platform: Platform, unreadCount: number, lastActivityAt: string | null, partner: { id: string, username: string | null, displayName: string | null }, lastMessage: { id: string, text: string, createdAt: string, isFromCreator: boolean } | null, capabilities: { canSendMessage: boolean, canMarkRead: boolean } } }>, unavailableAccounts: Array<{ externalId: string }> } };

export type InboxMessageAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type InboxMessageAddedSubscription = { messageAdded: { id: string, text: string, createdAt: string, isFromCreator: boolean, chat: { id: string } } };

export type InboxRowFragment = { id: string, platform: Platform, unreadCount: number, lastActivityAt: string | null, partner: { id: string, username: string | null, displayName: string | null }, lastMessage: { id: string, text: string, createdAt: string, isFromCreator: boolean } | null, capabilities: { canSendMessage: boolean, canMarkRead: boolean } };

export type ThreadMessageFragment = { id: string, text: string, createdAt: string, isFromCreator: boolean, chat: { id: string } };

export type ThreadMessagesQueryVariables = Exact<{
  chatId: string | number;
  first?: number | null | undefined;
}>;


export type ThreadMessagesQuery = { chat: { id: string, messages: { edges: Array<{ node: { id: string, text: string, createdAt: string, isFromCreator: boolean, chat: { id: string } } }> } | null } | null };

export type AccountChatsQueryVariables = Exact<{
  accountId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  unreadOnly?: boolean | null | undefined;
  search?: string | null | undefined;
}>;


export type AccountChatsQuery = { connectedAccount: { id: string, chats: { edges: Array<{ cursor: string, node: { id: string, unreadCount: number, lastActivityAt: string | null, partner: { id: string, username: string | null, displayName: string | null }, lastMessage: { text: string, createdAt: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

export type ChatUpdatedSubscriptionVariables = Exact<{
  accountIds?: Array<string | number> | string | number | null | undefined;
}>;


export type ChatUpdatedSubscription = { chatUpdated: { id: string, platform: Platform, unreadCount: number, lastActivityAt: string | null, connectedAccount: { id: string }, lastMessage: { id: string, text: string, createdAt: string, isFromCreator: boolean } | null } };

export type ChatByIdQueryVariables = Exact<{
  chatId: string | number;
}>;


export type ChatByIdQuery = { chat: { id: string, platform: Platform, unreadCount: number, lastActivityAt: string | null, canSendMessage: boolean | null, connectedAccount: { id: string, externalId: string, vendor: Vendor }, partner: { id: string, platformId: string, username: string | null, displayName: string | null, avatarUrl: string | null, isVerified: boolean | null }, lastMessage: { id: string, text: string, createdAt: string } | null } | null };

export type InboxPageQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type InboxPageQuery = { connectedAccounts: Array<{ id: string, vendor: Vendor, platform: Platform, externalId: string, chats: { edges: Array<{ cursor: string, node: { id: string, unreadCount: number, lastActivityAt: string | null, canSendMessage: boolean | null, partner: { id: string, username: string | null, displayName: string | null, avatarUrl: string | null }, lastMessage: { id: string, text: string, createdAt: string, isFromCreator: boolean } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null }> };

export type MarkChatReadMutationVariables = Exact<{
  chatId: string | number;
}>;


export type MarkChatReadMutation = { markChatRead: { chat: { id: string, unreadCount: number } } };

export type MessageAddedSubscriptionVariables = Exact<{
  accountIds?: Array<string | number> | string | number | null | undefined;
}>;


export type MessageAddedSubscription = { messageAdded: { id: string, platformId: string, text: string, createdAt: string, isFromCreator: boolean, isFree: boolean, price: number | null, tipAmount: number | null, sender: { id: string }, chat: { id: string } } };

export type SendMessageMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type SendMessageMutation = { sendMessage: { outcome: SendOutcome, message: { id: string, platformId: string, text: string, createdAt: string, isFromCreator: boolean, isFree: boolean, price: number | null, media: Array<{ id: string, type: MediaType, thumbnailUrl: string | null }> } | null, chat: { id: string, lastMessage: { id: string, text: string, createdAt: string } | null, capabilities: { canSendMessage: boolean, canSendPaidMessage: boolean } } } };

export type ChatThreadQueryVariables = Exact<{
  chatId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ChatThreadQuery = { chat: { id: string, platform: Platform, partner: { id: string, username: string | null, displayName: string | null, avatarUrl: string | null }, messages: { edges: Array<{ cursor: string, node: { id: string, platformId: string, text: string, html: string | null, createdAt: string, isFromCreator: boolean, isFree: boolean, price: number | null, tipAmount: number | null, isSeenByPartner: boolean | null, sender: { id: string, username: string | null }, media: Array<{ id: string, type: MediaType, url: string | null, thumbnailUrl: string | null, previewUrl: string | null, isAccessible: boolean, price: number | null, width: number | null, height: number | null, duration: number | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

export type UnifiedInboxQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  accountIds?: Array<string | number> | string | number | null | undefined;
  unreadOnly?: boolean | null | undefined;
  search?: string | null | undefined;
  minPartnerSpend?: number | null | undefined;
}>;


export type UnifiedInboxQuery = { inbox: { unreadTotal: number, unreadTotalIsExact: boolean, edges: Array<{ cursor: string, node: { id: string, platform: Platform, unreadCount: number, lastActivityAt: string | null, connectedAccount: { id: string, vendor: Vendor, externalId: string }, partner: { id: string, username: string | null, displayName: string | null, avatarUrl: string | null }, partnerSpend: { total: number } | null, lastMessage: { text: string, createdAt: string, isFromCreator: boolean } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, unavailableAccounts: Array<{ id: string, externalId: string }>, skippedAccounts: Array<{ id: string, externalId: string }> } };

export type UnsendMessageMutationVariables = Exact<{
  messageId: string | number;
}>;


export type UnsendMessageMutation = { unsendMessage: { messageId: string, unsent: boolean } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const InboxRowFragmentDoc = new TypedDocumentString(`
    fragment InboxRow on Chat {
  id
  platform
  unreadCount
  lastActivityAt
  partner {
    id
    username
    displayName
  }
  lastMessage {
    id
    text
    createdAt
    isFromCreator
  }
  capabilities {
    canSendMessage
    canMarkRead
  }
}
    `, {"fragmentName":"InboxRow"}) as unknown as TypedDocumentString<InboxRowFragment, unknown>;
export const ThreadMessageFragmentDoc = new TypedDocumentString(`
    fragment ThreadMessage on Message {
  id
  text
  createdAt
  isFromCreator
  chat {
    id
  }
}
    `, {"fragmentName":"ThreadMessage"}) as unknown as TypedDocumentString<ThreadMessageFragment, unknown>;
export const InboxChatUpdatedDocument = new TypedDocumentString(`
    subscription InboxChatUpdated {
  chatUpdated {
    ...InboxRow
  }
}
    fragment InboxRow on Chat {
  id
  platform
  unreadCount
  lastActivityAt
  partner {
    id
    username
    displayName
  }
  lastMessage {
    id
    text
    createdAt
    isFromCreator
  }
  capabilities {
    canSendMessage
    canMarkRead
  }
}`) as unknown as TypedDocumentString<InboxChatUpdatedSubscription, InboxChatUpdatedSubscriptionVariables>;
export const InboxChatsDocument = new TypedDocumentString(`
    query InboxChats($first: Int = 30) {
  inbox(first: $first) {
    edges {
      node {
        ...InboxRow
      }
    }
    unavailableAccounts {
      externalId
    }
  }
}
    fragment InboxRow on Chat {
  id
  platform
  unreadCount
  lastActivityAt
  partner {
    id
    username
    displayName
  }
  lastMessage {
    id
    text
    createdAt
    isFromCreator
  }
  capabilities {
    canSendMessage
    canMarkRead
  }
}`) as unknown as TypedDocumentString<InboxChatsQuery, InboxChatsQueryVariables>;
export const InboxMessageAddedDocument = new TypedDocumentString(`
    subscription InboxMessageAdded {
  messageAdded {
    ...ThreadMessage
  }
}
    fragment ThreadMessage on Message {
  id
  text
  createdAt
  isFromCreator
  chat {
    id
  }
}`) as unknown as TypedDocumentString<InboxMessageAddedSubscription, InboxMessageAddedSubscriptionVariables>;
export const ThreadMessagesDocument = new TypedDocumentString(`
    query ThreadMessages($chatId: ID!, $first: Int = 30) {
  chat(id: $chatId) {
    id
    messages(first: $first) {
      edges {
        node {
          ...ThreadMessage
        }
      }
    }
  }
}
    fragment ThreadMessage on Message {
  id
  text
  createdAt
  isFromCreator
  chat {
    id
  }
}`) as unknown as TypedDocumentString<ThreadMessagesQuery, ThreadMessagesQueryVariables>;
export const AccountChatsDocument = new TypedDocumentString(`
    query AccountChats($accountId: ID!, $first: Int = 20, $after: String, $unreadOnly: Boolean = false, $search: String) {
  connectedAccount(id: $accountId) {
    id
    chats(first: $first, after: $after, unreadOnly: $unreadOnly, search: $search) {
      edges {
        cursor
        node {
          id
          unreadCount
          lastActivityAt
          partner {
            id
            username
            displayName
          }
          lastMessage {
            text
            createdAt
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AccountChatsQuery, AccountChatsQueryVariables>;
export const ChatUpdatedDocument = new TypedDocumentString(`
    subscription ChatUpdated($accountIds: [ID!]) {
  chatUpdated(accountIds: $accountIds) {
    id
    platform
    unreadCount
    lastActivityAt
    connectedAccount {
      id
    }
    lastMessage {
      id
      text
      createdAt
      isFromCreator
    }
  }
}
    `) as unknown as TypedDocumentString<ChatUpdatedSubscription, ChatUpdatedSubscriptionVariables>;
export const ChatByIdDocument = new TypedDocumentString(`
    query ChatById($chatId: ID!) {
  chat(id: $chatId) {
    id
    platform
    unreadCount
    lastActivityAt
    canSendMessage
    connectedAccount {
      id
      externalId
      vendor
    }
    partner {
      id
      platformId
      username
      displayName
      avatarUrl
      isVerified
    }
    lastMessage {
      id
      text
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<ChatByIdQuery, ChatByIdQueryVariables>;
export const InboxPageDocument = new TypedDocumentString(`
    query InboxPage($first: Int = 20) {
  connectedAccounts {
    id
    vendor
    platform
    externalId
    chats(first: $first) {
      edges {
        cursor
        node {
          id
          unreadCount
          lastActivityAt
          canSendMessage
          partner {
            id
            username
            displayName
            avatarUrl
          }
          lastMessage {
            id
            text
            createdAt
            isFromCreator
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InboxPageQuery, InboxPageQueryVariables>;
export const MarkChatReadDocument = new TypedDocumentString(`
    mutation MarkChatRead($chatId: ID!) {
  markChatRead(input: {chatId: $chatId}) {
    chat {
      id
      unreadCount
    }
  }
}
    `) as unknown as TypedDocumentString<MarkChatReadMutation, MarkChatReadMutationVariables>;
export const MessageAddedDocument = new TypedDocumentString(`
    subscription MessageAdded($accountIds: [ID!]) {
  messageAdded(accountIds: $accountIds) {
    id
    platformId
    text
    createdAt
    isFromCreator
    isFree
    price
    tipAmount
    sender {
      id
    }
    chat {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<MessageAddedSubscription, MessageAddedSubscriptionVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) {
    outcome
    message {
      id
      platformId
      text
      createdAt
      isFromCreator
      isFree
      price
      media {
        id
        type
        thumbnailUrl
      }
    }
    chat {
      id
      lastMessage {
        id
        text
        createdAt
      }
      capabilities {
        canSendMessage
        canSendPaidMessage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const ChatThreadDocument = new TypedDocumentString(`
    query ChatThread($chatId: ID!, $first: Int = 25, $after: String) {
  chat(id: $chatId) {
    id
    platform
    partner {
      id
      username
      displayName
      avatarUrl
    }
    messages(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          platformId
          text
          html
          createdAt
          isFromCreator
          isFree
          price
          tipAmount
          isSeenByPartner
          sender {
            id
            username
          }
          media {
            id
            type
            url
            thumbnailUrl
            previewUrl
            isAccessible
            price
            width
            height
            duration
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ChatThreadQuery, ChatThreadQueryVariables>;
export const UnifiedInboxDocument = new TypedDocumentString(`
    query UnifiedInbox($first: Int = 20, $after: String, $accountIds: [ID!], $unreadOnly: Boolean = false, $search: String, $minPartnerSpend: Float) {
  inbox(
    first: $first
    after: $after
    accountIds: $accountIds
    unreadOnly: $unreadOnly
    search: $search
    minPartnerSpend: $minPartnerSpend
  ) {
    edges {
      cursor
      node {
        id
        platform
        unreadCount
        lastActivityAt
        connectedAccount {
          id
          vendor
          externalId
        }
        partner {
          id
          username
          displayName
          avatarUrl
        }
        partnerSpend {
          total
        }
        lastMessage {
          text
          createdAt
          isFromCreator
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    unreadTotal
    unreadTotalIsExact
    unavailableAccounts {
      id
      externalId
    }
    skippedAccounts {
      id
      externalId
    }
  }
}
    `) as unknown as TypedDocumentString<UnifiedInboxQuery, UnifiedInboxQueryVariables>;
export const UnsendMessageDocument = new TypedDocumentString(`
    mutation UnsendMessage($messageId: ID!) {
  unsendMessage(input: {messageId: $messageId}) {
    messageId
    unsent
  }
}
    `) as unknown as TypedDocumentString<UnsendMessageMutation, UnsendMessageMutationVariables>;