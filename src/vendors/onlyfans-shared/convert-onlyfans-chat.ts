import type {
  AccountRecord,
  ChatRecord,
  FanSpendRecord,
  FanSubscriptionRecord,
} from '../../domain.ts';
import type { AccountCallContext } from '../account-call.ts';
import { convertOnlyFansMessage } from './convert-onlyfans-message.ts';
import { booleanOrNull, type JsonObject, numberOrNull } from './onlyfans-json.ts';

export interface OnlyFansChatParts {
  /** The fan's user id, which is also the chat's id on OnlyFans. */
  partnerId: string;
  /** The fan's profile, when the vendor's chat carried one. */
  partner: AccountRecord | null;
  /** What the fan spent, when the vendor's chat carried it. */
  partnerSpend?: FanSpendRecord | null;
  partnerSubscription?: FanSubscriptionRecord | null;
  creatorUserId?: string | null;
}

/**
 * The fields both vendors' OnlyFans chats share (`unreadMessagesCount`, `canSendMessage`,
 * `lastMessage`); the vendor converters read the partner, which each vendor sends differently.
 */
export function convertOnlyFansChatFields(
  chat: JsonObject,
  context: AccountCallContext,
  parts: OnlyFansChatParts,
): ChatRecord {
  const { partnerId, partner, partnerSpend, partnerSubscription } = parts;
  const lastMessage =
    chat.lastMessage == null
      ? null
      : convertOnlyFansMessage(chat.lastMessage, context, {
          chatId: partnerId,
          partnerId,
          creatorUserId: parts.creatorUserId ?? null,
        });
  const unread = numberOrNull(chat.unreadMessagesCount);
  return {
    connectedAccount: context.connectedAccount,
    platform: 'ONLYFANS',
    chatId: partnerId,
    partnerId,
    unreadCount: unread !== null && unread > 0 ? Math.trunc(unread) : 0,
    lastMessage,
    lastActivityAt: lastMessage?.createdAt ?? null,
    canSendMessage: booleanOrNull(chat.canSendMessage),
    partner,
    partnerSpend: partnerSpend ?? null,
    partnerSubscription: partnerSubscription ?? null,
  };
}
