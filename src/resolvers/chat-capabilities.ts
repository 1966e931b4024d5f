import type { GatewayContext } from '../context.ts';
import { type ChatShape, isChatRecord } from './shapes.ts';

/** What ChatCapabilities resolves from. */
export interface ChatCapabilitiesShape {
  canSendMessage: boolean;
  canSendPaidMessage: boolean;
  canMarkRead: boolean;
  canUnsend: boolean;
}

/**
 * What a chat allows now, without a vendor call: the account's vendor's writes, narrowed by the
 * chat's own `canSendMessage` where its list entry carried one (a fan who blocked messages, an
 * expired subscription). A chat known only by its id answers what the vendor allows.
 */
export function chatCapabilities(context: GatewayContext, chat: ChatShape): ChatCapabilitiesShape {
  const entry = context.connectedAccounts.byExternalId.get(chat.connectedAccount.externalId);
  const writes = entry?.adapter.capabilities.writes;
  const chatAllowsSending = !isChatRecord(chat) || chat.canSendMessage !== false;
  const canSendMessage =
    Boolean(writes?.sendMessage && entry?.adapter.sendMessage) && chatAllowsSending;
  return {
    canSendMessage,
    canSendPaidMessage: canSendMessage && Boolean(writes?.paidMessages),
    canMarkRead: Boolean(writes?.markRead && entry?.adapter.markRead),
    canUnsend: Boolean(writes?.unsendMessage && entry?.adapter.unsendMessage),
  };
}
