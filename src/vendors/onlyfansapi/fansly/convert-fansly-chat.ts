import type { AccountRecord, ChatRecord } from '../../../domain.ts';
import type { AccountCallContext } from '../../account-call.ts';
import { convertFanslyAccount } from './convert-fansly-account.ts';
import { convertFanslyMessage } from './convert-fansly-message.ts';
import {
  expectObject,
  invalidResponse,
  isObject,
  type JsonObject,
  optionalArray,
  optionalId,
  optionalNumber,
  requiredId,
} from './fansly-json.ts';

export interface FanslyChatContext extends AccountCallContext {
  /** The creator's own Fansly account id, when known before the page (each chat also says it). */
  creatorAccountId: string | null;
}

/** What a chat entry is joined with: the page's `aggregationData`. */
export interface FanslyChatAggregation {
  /** Raw groups by group id (their `users` and `lastMessage`). */
  groups: Map<string, JsonObject>;
  /** Converted partner profiles by account id. */
  accounts: Map<string, AccountRecord>;
}

export interface FanslyChatList {
  chats: ChatRecord[];
  /** `data.hasMore`; null when the page did not say. */
  hasMore: boolean | null;
  /** The creator's account id as the page reported it (`account_id`), for later pages. */
  creatorAccountId: string | null;
}

/** The member ids of a group, from its `users`. */
function groupMemberIds(group: JsonObject | undefined): string[] {
  if (group === undefined || !Array.isArray(group.users)) return [];
  return group.users.flatMap((user) => {
    const id = isObject(user) ? optionalId(user.userId) : null;
    return id === null ? [] : [id];
  });
}

/**
 * Joins one `data.data[i]` entry with its group (last message, members) and its partner's profile.
 * `chatId` is the group id and `partnerId` the `partnerAccountId` (or, failing that, the member of
 * the group who is not the creator); `lastActivityAt` is the last message's time.
 */
export function convertFanslyChat(
  raw: unknown,
  aggregation: FanslyChatAggregation,
  context: FanslyChatContext,
): ChatRecord {
  const entry = expectObject(raw, context, 'a chat');
  const chatId = requiredId(entry.groupId, context, 'a chat groupId');
  const group = aggregation.groups.get(chatId);
  const members = groupMemberIds(group);
  const creatorAccountId = optionalId(entry.account_id) ?? context.creatorAccountId;
  const partnerId =
    optionalId(entry.partnerAccountId) ??
    (creatorAccountId === null ? null : (members.find((id) => id !== creatorAccountId) ?? null));
  if (partnerId === null) throw invalidResponse(context, `chat ${chatId} has no partnerAccountId`);

  const lastMessage = isObject(group?.lastMessage)
    ? convertFanslyMessage(group.lastMessage, {
        ...context,
        chatId,
        partnerId,
        creatorAccountId: creatorAccountId ?? members.find((id) => id !== partnerId) ?? null,
      })
    : null;

  return {
    connectedAccount: context.connectedAccount,
    platform: 'FANSLY',
    chatId,
    partnerId,
    unreadCount: Math.max(0, Math.trunc(optionalNumber(entry.unreadCount) ?? 0)),
    lastMessage,
    lastActivityAt: lastMessage?.createdAt ?? null,
    canSendMessage: null,
    partner: aggregation.accounts.get(partnerId) ?? null,
    // The chat list names the subscription tier at most, never a price, status or spend.
    partnerSpend: null,
    partnerSubscription: null,
  };
}

/**
 * Converts the `data` of a chat list response (`{data: [...], aggregationData: {accounts,
 * groups}, hasMore}`) into chat records, in the vendor's order.
 */
export function convertFanslyChatList(raw: unknown, context: FanslyChatContext): FanslyChatList {
  const data = expectObject(raw, context, 'the chat list data');
  if (!Array.isArray(data.data)) throw invalidResponse(context, 'data.data is not an array');
  const aggregationData = isObject(data.aggregationData) ? data.aggregationData : {};

  const groups = new Map<string, JsonObject>();
  for (const group of optionalArray(aggregationData.groups, context, 'aggregationData.groups')) {
    const object = expectObject(group, context, 'a group');
    groups.set(requiredId(object.id, context, 'a group id'), object);
  }
  const accounts = new Map<string, AccountRecord>();
  for (const account of optionalArray(
    aggregationData.accounts,
    context,
    'aggregationData.accounts',
  )) {
    const record = convertFanslyAccount(account, context);
    accounts.set(record.platformId, record);
  }

  let creatorAccountId = context.creatorAccountId;
  const chats = data.data.map((entry) => {
    const chat = convertFanslyChat(entry, { groups, accounts }, { ...context, creatorAccountId });
    creatorAccountId = (isObject(entry) ? optionalId(entry.account_id) : null) ?? creatorAccountId;
    return chat;
  });
  const hasMore = typeof data.hasMore === 'boolean' ? data.hasMore : null;
  return { chats, hasMore, creatorAccountId };
}
