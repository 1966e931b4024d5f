import type { GatewayContext } from '../context.ts';
import type { MessageRecord } from '../domain.ts';
import type { ChatUpdatedEvent } from '../events/gateway-event.ts';
import type { ChatKey, WrittenChat } from '../resolvers/shapes.ts';

/**
 * What a write tells subscribers once the vendor has done it: the same events a vendor's webhook
 * tells of the same change, so that a frontend hears of its own writes as of any other. A message
 * is announced once however many times it is told (LiveEvents.announce): the write's event and
 * the vendor's webhook of the same message make one.
 */

function chatUpdated(chat: ChatKey, written: WrittenChat['written']): ChatUpdatedEvent {
  return {
    kind: 'chatUpdated',
    connectedAccount: chat.connectedAccount,
    chatId: chat.chatId,
    partnerId: chat.partnerId,
    partnerUsername: chat.partnerUsername ?? null,
    written,
  };
}

/** A message sent: it is added, and it is its chat's last. */
export function announceSent(
  context: GatewayContext,
  chat: ChatKey,
  message: MessageRecord,
): Promise<void> {
  return context.events.announce([
    { kind: 'messageAdded', message, partnerUsername: chat.partnerUsername ?? null },
    chatUpdated(chat, { lastMessage: message }),
  ]);
}

/** A chat marked read: nothing in it is unread. */
export function announceRead(context: GatewayContext, chat: ChatKey): Promise<void> {
  return context.events.announce([chatUpdated(chat, { unreadCount: 0 })]);
}

/**
 * A write whose outcome is unknown may have changed its chat: what was kept of the chat is
 * dropped, so that a read after it (to see whether it happened) asks the vendor. Nothing is
 * announced: no subscriber may be told of a change that may not have happened.
 */
export function forgetChatAfterUnknownWrite(context: GatewayContext, chat: ChatKey): Promise<void> {
  return context.events.dropStale(chatUpdated(chat, {}));
}

/** A message unsent: its chat changed, its new last message is for a read to tell. */
export function announceUnsent(context: GatewayContext, chat: ChatKey): Promise<void> {
  return context.events.announce([chatUpdated(chat, {})]);
}
