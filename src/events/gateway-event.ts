import type { ConnectedAccountKey, ConnectedAccountStatus, MessageRecord } from '../domain.ts';

/**
 * What subscribers hear: something that happened in a connected account, told by a vendor's
 * webhook or done by a write through this gateway. Plain JSON (records and strings), so that an
 * event crosses replicas through Redis unchanged.
 */
export type GatewayEvent = MessageAddedEvent | ChatUpdatedEvent | ConnectedAccountUpdatedEvent;

export interface MessageAddedEvent {
  kind: 'messageAdded';
  message: MessageRecord;
  /**
   * The partner's username where the account's vendor looks users up by username (Fansly), so
   * that the message's id carries it as a read's does; null elsewhere or when it is not known.
   */
  partnerUsername: string | null;
}

/** A chat whose last message, unread count or read state changed. */
export interface ChatUpdatedEvent {
  kind: 'chatUpdated';
  connectedAccount: ConnectedAccountKey;
  chatId: string;
  partnerId: string;
  /** As on `MessageAddedEvent`. */
  partnerUsername: string | null;
  /**
   * What the event itself settled about the chat (the message that made it change is now its
   * last; a chat just marked read has nothing unread); the rest loads as for a chat by id.
   */
  written: { lastMessage?: MessageRecord; unreadCount?: number };
}

export interface ConnectedAccountUpdatedEvent {
  kind: 'connectedAccountUpdated';
  connectedAccount: ConnectedAccountKey;
  status: ConnectedAccountStatus;
}

/** The connected account an event belongs to: its `externalId`, what scopes are made of. */
export function eventAccount(event: GatewayEvent): string {
  return event.kind === 'messageAdded'
    ? event.message.connectedAccount.externalId
    : event.connectedAccount.externalId;
}
