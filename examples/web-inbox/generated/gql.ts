/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "subscription InboxChatUpdated {\n  chatUpdated {\n    ...InboxRow\n  }\n}": typeof types.InboxChatUpdatedDocument,
    "query InboxChats($first: Int = 30) {\n  inbox(first: $first) {\n    edges {\n      node {\n        ...InboxRow\n      }\n    }\n    unavailableAccounts {\n      externalId\n    }\n  }\n}": typeof types.InboxChatsDocument,
    "subscription InboxMessageAdded {\n  messageAdded {\n    ...ThreadMessage\n  }\n}": typeof types.InboxMessageAddedDocument,
    "fragment InboxRow on Chat {\n  id\n  platform\n  unreadCount\n  lastActivityAt\n  partner {\n    id\n    username\n    displayName\n  }\n  lastMessage {\n    id\n    text\n    createdAt\n    isFromCreator\n  }\n  capabilities {\n    canSendMessage\n    canMarkRead\n  }\n}": typeof types.InboxRowFragmentDoc,
    "fragment ThreadMessage on Message {\n  id\n  text\n  createdAt\n  isFromCreator\n  chat {\n    id\n  }\n}": typeof types.ThreadMessageFragmentDoc,
    "query ThreadMessages($chatId: ID!, $first: Int = 30) {\n  chat(id: $chatId) {\n    id\n    messages(first: $first) {\n      edges {\n        node {\n          ...ThreadMessage\n        }\n      }\n    }\n  }\n}": typeof types.ThreadMessagesDocument,
    "query AccountChats($accountId: ID!, $first: Int = 20, $after: String, $unreadOnly: Boolean = false, $search: String) {\n  connectedAccount(id: $accountId) {\n    id\n    chats(first: $first, after: $after, unreadOnly: $unreadOnly, search: $search) {\n      edges {\n        cursor\n        node {\n          id\n          unreadCount\n          lastActivityAt\n          partner {\n            id\n            username\n            displayName\n          }\n          lastMessage {\n            text\n            createdAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.AccountChatsDocument,
    "subscription ChatUpdated($accountIds: [ID!]) {\n  chatUpdated(accountIds: $accountIds) {\n    id\n    platform\n    unreadCount\n    lastActivityAt\n    connectedAccount {\n      id\n    }\n    lastMessage {\n      id\n      text\n      createdAt\n      isFromCreator\n    }\n  }\n}": typeof types.ChatUpdatedDocument,
    "query ChatById($chatId: ID!) {\n  chat(id: $chatId) {\n    id\n    platform\n    unreadCount\n    lastActivityAt\n    canSendMessage\n    connectedAccount {\n      id\n      externalId\n      vendor\n    }\n    partner {\n      id\n      platformId\n      username\n      displayName\n      avatarUrl\n      isVerified\n    }\n    lastMessage {\n      id\n      text\n      createdAt\n    }\n  }\n}": typeof types.ChatByIdDocument,
    "query InboxPage($first: Int = 20) {\n  connectedAccounts {\n    id\n    vendor\n    platform\n    externalId\n    chats(first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          unreadCount\n          lastActivityAt\n          canSendMessage\n          partner {\n            id\n            username\n            displayName\n            avatarUrl\n          }\n          lastMessage {\n            id\n            text\n            createdAt\n            isFromCreator\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.InboxPageDocument,
    "mutation MarkChatRead($chatId: ID!) {\n  markChatRead(input: {chatId: $chatId}) {\n    chat {\n      id\n      unreadCount\n    }\n  }\n}": typeof types.MarkChatReadDocument,
    "subscription MessageAdded($accountIds: [ID!]) {\n  messageAdded(accountIds: $accountIds) {\n    id\n    platformId\n    text\n    createdAt\n    isFromCreator\n    isFree\n    price\n    tipAmount\n    sender {\n      id\n    }\n    chat {\n      id\n    }\n  }\n}": typeof types.MessageAddedDocument,
    "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    outcome\n    message {\n      id\n      platformId\n      text\n      createdAt\n      isFromCreator\n      isFree\n      price\n      media {\n        id\n        type\n        thumbnailUrl\n      }\n    }\n    chat {\n      id\n      lastMessage {\n        id\n        text\n        createdAt\n      }\n      capabilities {\n        canSendMessage\n        canSendPaidMessage\n      }\n    }\n  }\n}": typeof types.SendMessageDocument,
    "query ChatThread($chatId: ID!, $first: Int = 25, $after: String) {\n  chat(id: $chatId) {\n    id\n    platform\n    partner {\n      id\n      username\n      displayName\n      avatarUrl\n    }\n    messages(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          platformId\n          text\n          html\n          createdAt\n          isFromCreator\n          isFree\n          price\n          tipAmount\n          isSeenByPartner\n          sender {\n            id\n            username\n          }\n          media {\n            id\n            type\n            url\n            thumbnailUrl\n            previewUrl\n            isAccessible\n            price\n            width\n            height\n            duration\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.ChatThreadDocument,
    "query UnifiedInbox($first: Int = 20, $after: String, $accountIds: [ID!], $unreadOnly: Boolean = false, $search: String, $minPartnerSpend: Float) {\n  inbox(\n    first: $first\n    after: $after\n    accountIds: $accountIds\n    unreadOnly: $unreadOnly\n    search: $search\n    minPartnerSpend: $minPartnerSpend\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        platform\n        unreadCount\n        lastActivityAt\n        connectedAccount {\n          id\n          vendor\n          externalId\n        }\n        partner {\n          id\n          username\n          displayName\n          avatarUrl\n        }\n        partnerSpend {\n          total\n        }\n        lastMessage {\n          text\n          createdAt\n          isFromCreator\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    unreadTotal\n    unreadTotalIsExact\n    unavailableAccounts {\n      id\n      externalId\n    }\n    skippedAccounts {\n      id\n      externalId\n    }\n  }\n}": typeof types.UnifiedInboxDocument,
    "mutation UnsendMessage($messageId: ID!) {\n  unsendMessage(input: {messageId: $messageId}) {\n    messageId\n    unsent\n  }\n}": typeof types.UnsendMessageDocument,
};
const documents: Documents = {
    "subscription InboxChatUpdated {\n  chatUpdated {\n    ...InboxRow\n  }\n}": types.InboxChatUpdatedDocument,
    "query InboxChats($first: Int = 30) {\n  inbox(first: $first) {\n    edges {\n      node {\n        ...InboxRow\n      }\n    }\n    unavailableAccounts {\n      externalId\n    }\n  }\n}": types.InboxChatsDocument,
    "subscription InboxMessageAdded {\n  messageAdded {\n    ...ThreadMessage\n  }\n}": types.InboxMessageAddedDocument,
    "fragment InboxRow on Chat {\n  id\n  platform\n  unreadCount\n  lastActivityAt\n  partner {\n    id\n    username\n    displayName\n  }\n  lastMessage {\n    id\n    text\n    createdAt\n    isFromCreator\n  }\n  capabilities {\n    canSendMessage\n    canMarkRead\n  }\n}": types.InboxRowFragmentDoc,
    "fragment ThreadMessage on Message {\n  id\n  text\n  createdAt\n  isFromCreator\n  chat {\n    id\n  }\n}": types.ThreadMessageFragmentDoc,
    "query ThreadMessages($chatId: ID!, $first: Int = 30) {\n  chat(id: $chatId) {\n    id\n    messages(first: $first) {\n      edges {\n        node {\n          ...ThreadMessage\n        }\n      }\n    }\n  }\n}": types.ThreadMessagesDocument,
    "query AccountChats($accountId: ID!, $first: Int = 20, $after: String, $unreadOnly: Boolean = false, $search: String) {\n  connectedAccount(id: $accountId) {\n    id\n    chats(first: $first, after: $after, unreadOnly: $unreadOnly, search: $search) {\n      edges {\n        cursor\n        node {\n          id\n          unreadCount\n          lastActivityAt\n          partner {\n            id\n            username\n            displayName\n          }\n          lastMessage {\n            text\n            createdAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.AccountChatsDocument,
    "subscription ChatUpdated($accountIds: [ID!]) {\n  chatUpdated(accountIds: $accountIds) {\n    id\n    platform\n    unreadCount\n    lastActivityAt\n    connectedAccount {\n      id\n    }\n    lastMessage {\n      id\n      text\n      createdAt\n      isFromCreator\n    }\n  }\n}": types.ChatUpdatedDocument,
    "query ChatById($chatId: ID!) {\n  chat(id: $chatId) {\n    id\n    platform\n    unreadCount\n    lastActivityAt\n    canSendMessage\n    connectedAccount {\n      id\n      externalId\n      vendor\n    }\n    partner {\n      id\n      platformId\n      username\n      displayName\n      avatarUrl\n      isVerified\n    }\n    lastMessage {\n      id\n      text\n      createdAt\n    }\n  }\n}": types.ChatByIdDocument,
    "query InboxPage($first: Int = 20) {\n  connectedAccounts {\n    id\n    vendor\n    platform\n    externalId\n    chats(first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          unreadCount\n          lastActivityAt\n          canSendMessage\n          partner {\n            id\n            username\n            displayName\n            avatarUrl\n          }\n          lastMessage {\n            id\n            text\n            createdAt\n            isFromCreator\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.InboxPageDocument,
    "mutation MarkChatRead($chatId: ID!) {\n  markChatRead(input: {chatId: $chatId}) {\n    chat {\n      id\n      unreadCount\n    }\n  }\n}": types.MarkChatReadDocument,
    "subscription MessageAdded($accountIds: [ID!]) {\n  messageAdded(accountIds: $accountIds) {\n    id\n    platformId\n    text\n    createdAt\n    isFromCreator\n    isFree\n    price\n    tipAmount\n    sender {\n      id\n    }\n    chat {\n      id\n    }\n  }\n}": types.MessageAddedDocument,
    "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    outcome\n    message {\n      id\n      platformId\n      text\n      createdAt\n      isFromCreator\n      isFree\n      price\n      media {\n        id\n        type\n        thumbnailUrl\n      }\n    }\n    chat {\n      id\n      lastMessage {\n        id\n        text\n        createdAt\n      }\n      capabilities {\n        canSendMessage\n        canSendPaidMessage\n      }\n    }\n  }\n}": types.SendMessageDocument,
    "query ChatThread($chatId: ID!, $first: Int = 25, $after: String) {\n  chat(id: $chatId) {\n    id\n    platform\n    partner {\n      id\n      username\n      displayName\n      avatarUrl\n    }\n    messages(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          platformId\n          text\n          html\n          createdAt\n          isFromCreator\n          isFree\n          price\n          tipAmount\n          isSeenByPartner\n          sender {\n            id\n            username\n          }\n          media {\n            id\n            type\n            url\n            thumbnailUrl\n            previewUrl\n            isAccessible\n            price\n            width\n            height\n            duration\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.ChatThreadDocument,
    "query UnifiedInbox($first: Int = 20, $after: String, $accountIds: [ID!], $unreadOnly: Boolean = false, $search: String, $minPartnerSpend: Float) {\n  inbox(\n    first: $first\n    after: $after\n    accountIds: $accountIds\n    unreadOnly: $unreadOnly\n    search: $search\n    minPartnerSpend: $minPartnerSpend\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        platform\n        unreadCount\n        lastActivityAt\n        connectedAccount {\n          id\n          vendor\n          externalId\n        }\n        partner {\n          id\n          username\n          displayName\n          avatarUrl\n        }\n        partnerSpend {\n          total\n        }\n        lastMessage {\n          text\n          createdAt\n          isFromCreator\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    unreadTotal\n    unreadTotalIsExact\n    unavailableAccounts {\n      id\n      externalId\n    }\n    skippedAccounts {\n      id\n      externalId\n    }\n  }\n}": types.UnifiedInboxDocument,
    "mutation UnsendMessage($messageId: ID!) {\n  unsendMessage(input: {messageId: $messageId}) {\n    messageId\n    unsent\n  }\n}": types.UnsendMessageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription InboxChatUpdated {\n  chatUpdated {\n    ...InboxRow\n  }\n}"): typeof import('./graphql.js').InboxChatUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query InboxChats($first: Int = 30) {\n  inbox(first: $first) {\n    edges {\n      node {\n        ...InboxRow\n      }\n    }\n    unavailableAccounts {\n      externalId\n    }\n  }\n}"): typeof import('./graphql.js').InboxChatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription InboxMessageAdded {\n  messageAdded {\n    ...ThreadMessage\n  }\n}"): typeof import('./graphql.js').InboxMessageAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment InboxRow on Chat {\n  id\n  platform\n  unreadCount\n  lastActivityAt\n  partner {\n    id\n    username\n    displayName\n  }\n  lastMessage {\n    id\n    text\n    createdAt\n    isFromCreator\n  }\n  capabilities {\n    canSendMessage\n    canMarkRead\n  }\n}"): typeof import('./graphql.js').InboxRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ThreadMessage on Message {\n  id\n  text\n  createdAt\n  isFromCreator\n  chat {\n    id\n  }\n}"): typeof import('./graphql.js').ThreadMessageFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ThreadMessages($chatId: ID!, $first: Int = 30) {\n  chat(id: $chatId) {\n    id\n    messages(first: $first) {\n      edges {\n        node {\n          ...ThreadMessage\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql.js').ThreadMessagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AccountChats($accountId: ID!, $first: Int = 20, $after: String, $unreadOnly: Boolean = false, $search: String) {\n  connectedAccount(id: $accountId) {\n    id\n    chats(first: $first, after: $after, unreadOnly: $unreadOnly, search: $search) {\n      edges {\n        cursor\n        node {\n          id\n          unreadCount\n          lastActivityAt\n          partner {\n            id\n            username\n            displayName\n          }\n          lastMessage {\n            text\n            createdAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql.js').AccountChatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ChatUpdated($accountIds: [ID!]) {\n  chatUpdated(accountIds: $accountIds) {\n    id\n    platform\n    unreadCount\n    lastActivityAt\n    connectedAccount {\n      id\n    }\n    lastMessage {\n      id\n      text\n      createdAt\n      isFromCreator\n    }\n  }\n}"): typeof import('./graphql.js').ChatUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatById($chatId: ID!) {\n  chat(id: $chatId) {\n    id\n    platform\n    unreadCount\n    lastActivityAt\n    canSendMessage\n    connectedAccount {\n      id\n      externalId\n      vendor\n    }\n    partner {\n      id\n      platformId\n      username\n      displayName\n      avatarUrl\n      isVerified\n    }\n    lastMessage {\n      id\n      text\n      createdAt\n    }\n  }\n}"): typeof import('./graphql.js').ChatByIdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query InboxPage($first: Int = 20) {\n  connectedAccounts {\n    id\n    vendor\n    platform\n    externalId\n    chats(first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          unreadCount\n          lastActivityAt\n          canSendMessage\n          partner {\n            id\n            username\n            displayName\n            avatarUrl\n          }\n          lastMessage {\n            id\n            text\n            createdAt\n            isFromCreator\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql.js').InboxPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MarkChatRead($chatId: ID!) {\n  markChatRead(input: {chatId: $chatId}) {\n    chat {\n      id\n      unreadCount\n    }\n  }\n}"): typeof import('./graphql.js').MarkChatReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription MessageAdded($accountIds: [ID!]) {\n  messageAdded(accountIds: $accountIds) {\n    id\n    platformId\n    text\n    createdAt\n    isFromCreator\n    isFree\n    price\n    tipAmount\n    sender {\n      id\n    }\n    chat {\n      id\n    }\n  }\n}"): typeof import('./graphql.js').MessageAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    outcome\n    message {\n      id\n      platformId\n      text\n      createdAt\n      isFromCreator\n      isFree\n      price\n      media {\n        id\n        type\n        thumbnailUrl\n      }\n    }\n    chat {\n      id\n      lastMessage {\n        id\n        text\n        createdAt\n      }\n      capabilities {\n        canSendMessage\n        canSendPaidMessage\n      }\n    }\n  }\n}"): typeof import('./graphql.js').SendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatThread($chatId: ID!, $first: Int = 25, $after: String) {\n  chat(id: $chatId) {\n    id\n    platform\n    partner {\n      id\n      username\n      displayName\n      avatarUrl\n    }\n    messages(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          platformId\n          text\n          html\n          createdAt\n          isFromCreator\n          isFree\n          price\n          tipAmount\n          isSeenByPartner\n          sender {\n            id\n            username\n          }\n          media {\n            id\n            type\n            url\n            thumbnailUrl\n            previewUrl\n            isAccessible\n            price\n            width\n            height\n            duration\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql.js').ChatThreadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UnifiedInbox($first: Int = 20, $after: String, $accountIds: [ID!], $unreadOnly: Boolean = false, $search: String, $minPartnerSpend: Float) {\n  inbox(\n    first: $first\n    after: $after\n    accountIds: $accountIds\n    unreadOnly: $unreadOnly\n    search: $search\n    minPartnerSpend: $minPartnerSpend\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        platform\n        unreadCount\n        lastActivityAt\n        connectedAccount {\n          id\n          vendor\n          externalId\n        }\n        partner {\n          id\n          username\n          displayName\n          avatarUrl\n        }\n        partnerSpend {\n          total\n        }\n        lastMessage {\n          text\n          createdAt\n          isFromCreator\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    unreadTotal\n    unreadTotalIsExact\n    unavailableAccounts {\n      id\n      externalId\n    }\n    skippedAccounts {\n      id\n      externalId\n    }\n  }\n}"): typeof import('./graphql.js').UnifiedInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UnsendMessage($messageId: ID!) {\n  unsendMessage(input: {messageId: $messageId}) {\n    messageId\n    unsent\n  }\n}"): typeof import('./graphql.js').UnsendMessageDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
