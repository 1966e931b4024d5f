import type { ConnectedAccountKey, MessageRecord } from '../../src/domain.ts';
import type {
  ChatUpdatedEvent,
  ConnectedAccountUpdatedEvent,
  GatewayEvent,
  MessageAddedEvent,
} from '../../src/events/gateway-event.ts';

/** A connected account's key, OnlyFans through OnlyFansAPI. */
export function accountKey(externalId: string): ConnectedAccountKey {
  return { vendor: 'ONLYFANSAPI', platform: 'ONLYFANS', externalId };
}

/** A fan's message in a chat of `externalId`, as a webhook would tell it. */
export function messageAdded(
  externalId: string,
  chatId: string,
  platformId: string,
  text = `message ${platformId}`,
): MessageAddedEvent {
  const message: MessageRecord = {
    connectedAccount: accountKey(externalId),
    platform: 'ONLYFANS',
    chatId,
    partnerId: chatId,
    platformId,
    senderId: chatId,
    isFromCreator: false,
    text,
    html: `<p>${text}</p>`,
    createdAt: '2025-06-01T09:12:44.000Z',
    isFree: true,
    price: null,
    isRead: false,
    isSeenByPartner: null,
    tipAmount: null,
    media: { kind: 'inline', items: [] },
  };
  return { kind: 'messageAdded', message, partnerUsername: null };
}

/** The chat change that comes with `event`'s message. */
export function chatUpdatedBy(event: MessageAddedEvent): ChatUpdatedEvent {
  const { connectedAccount, chatId, partnerId } = event.message;
  return {
    kind: 'chatUpdated',
    connectedAccount,
    chatId,
    partnerId,
    partnerUsername: null,
    written: { lastMessage: event.message, unreadCount: 1 },
  };
}

export function accountUpdated(
  externalId: string,
  status: ConnectedAccountUpdatedEvent['status'] = 'EXPIRED',
): ConnectedAccountUpdatedEvent {
  return { kind: 'connectedAccountUpdated', connectedAccount: accountKey(externalId), status };
}

/** Reads an iterator into `into` until it ends; resolves with how it ended. */
export async function collect(
  iterator: AsyncIterableIterator<GatewayEvent>,
  into: GatewayEvent[],
): Promise<'ended' | Error> {
  try {
    for await (const event of iterator) into.push(event);
    return 'ended';
  } catch (error) {
    return error as Error;
  }
}

/** Messages' platform ids, and the other kinds by name: what a subscriber heard, at a glance. */
export function heard(events: readonly GatewayEvent[]): string[] {
  return events.map((event) =>
    event.kind === 'messageAdded'
      ? event.message.platformId
      : event.kind === 'chatUpdated'
        ? `chat:${event.chatId}`
        : `account:${event.connectedAccount.externalId}:${event.status}`,
  );
}
