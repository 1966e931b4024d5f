import type { ConnectedAccountKey, MessageRecord, Platform } from '../../domain.ts';
import { UpstreamInvalidResponseError } from '../../http/errors.ts';
import type { AccountCallContext } from '../account-call.ts';
import type { VendorEvent } from '../contract.ts';
import { convertOnlyFansMessage } from '../onlyfans-shared/convert-onlyfans-message.ts';
import { idOrNull, objectOrNull, stringOrNull } from '../onlyfans-shared/onlyfans-json.ts';
import { convertFanslyMessage } from './fansly/convert-fansly-message.ts';

/** The connected account a delivery's `account_id` names, or null when it is not configured. */
export type WebhookAccountLookup = (externalId: string) => ConnectedAccountKey | null;

/** What one event type tells, read from its payload for the account it names. */
type EventReader = (payload: unknown, context: AccountCallContext) => VendorEvent[];

/**
 * The event types this gateway reads, with the platform each applies to (Fansly events are
 * `fansly.<category>.<name>`; the others are OnlyFans's) or `null` for either.
 */
const READERS: Record<string, { platform: Platform | null; read: EventReader }> = {
  'messages.received': { platform: 'ONLYFANS', read: onlyFansMessageReceived },
  'messages.sent': { platform: 'ONLYFANS', read: onlyFansMessageSent },
  'messages.ppv.unlocked': { platform: 'ONLYFANS', read: onlyFansPpvUnlocked },
  'fansly.messages.received': { platform: 'FANSLY', read: fanslyMessageReceived },
  'accounts.session_expired': { platform: null, read: sessionStatus('EXPIRED') },
  'accounts.reconnected': { platform: null, read: sessionStatus('CONNECTED') },
};

/**
 * The events an OnlyFansAPI delivery (`{event, account_id, payload}`) tells, converted by the
 * converters the reads use, so a message told by a webhook equals the same message read from its
 * thread. Never throws: an unknown event type, an account not configured (whose platform is not
 * known), or a known event whose payload does not hold what it should, answer `[]`.
 */
export function convertOnlyFansApiWebhook(
  body: unknown,
  lookup: WebhookAccountLookup,
): VendorEvent[] {
  const delivery = objectOrNull(body);
  const event = stringOrNull(delivery?.event);
  // Own keys only: an event named `constructor` or `__proto__` is unknown, not a reader.
  const reader = event !== null && Object.hasOwn(READERS, event) ? READERS[event] : undefined;
  const externalId = idOrNull(delivery?.account_id);
  if (reader === undefined || externalId === null) return [];
  const connectedAccount = lookup(externalId);
  if (connectedAccount === null) return [];
  if (reader.platform !== null && reader.platform !== connectedAccount.platform) return [];
  const context: AccountCallContext = { connectedAccount, routeName: `webhook.${event}` };
  try {
    return reader.read(delivery?.payload, context);
  } catch (error) {
    // The converters throw only this for a payload without what they need: told as no event.
    if (error instanceof UpstreamInvalidResponseError) return [];
    throw error;
  }
}

/** A new message and the chat it changed (its last message, its unread count). */
function messageAndChat(message: MessageRecord): VendorEvent[] {
  return [
    { kind: 'messageAdded', message },
    {
      kind: 'chatUpdated',
      connectedAccount: message.connectedAccount,
      chatId: message.chatId,
      partnerId: message.partnerId,
    },
  ];
}

/** A fan's message: its sender (`fromUser`, a full profile) is the fan, whose id is the chat's. */
function onlyFansMessageReceived(payload: unknown, context: AccountCallContext): VendorEvent[] {
  const fanId = idOrNull(objectOrNull(objectOrNull(payload)?.fromUser)?.id);
  if (fanId === null) return [];
  return messageAndChat(
    convertOnlyFansMessage(payload, context, { chatId: fanId, partnerId: fanId }),
  );
}

/**
 * The creator's message: its sender is the creator, so the fan (whose id is the chat's) is the
 * recipient, `toUser` (or `withUser`, as chats name the fan). Without either the chat is unknown.
 */
function onlyFansMessageSent(payload: unknown, context: AccountCallContext): VendorEvent[] {
  const message = objectOrNull(payload);
  const fanId =
    idOrNull(objectOrNull(message?.toUser)?.id) ?? idOrNull(objectOrNull(message?.withUser)?.id);
  if (fanId === null) return [];
  const creatorUserId = idOrNull(objectOrNull(message?.fromUser)?.id);
  return messageAndChat(
    convertOnlyFansMessage(payload, context, { chatId: fanId, partnerId: fanId, creatorUserId }),
  );
}

/**
 * A fan bought a pay-per-view message: a notification (`{type, replacePairs, user{id}}`), not a
 * message. The chat with that fan changed (the message is now paid); no chat when no fan is named.
 */
function onlyFansPpvUnlocked(payload: unknown, context: AccountCallContext): VendorEvent[] {
  const fanId = idOrNull(objectOrNull(objectOrNull(payload)?.user)?.id);
  if (fanId === null) return [];
  return [
    {
      kind: 'chatUpdated',
      connectedAccount: context.connectedAccount,
      chatId: fanId,
      partnerId: fanId,
    },
  ];
}

/**
 * A fan's Fansly message: snowflake string ids, seconds, media as deferred refs (as the Fansly
 * converter leaves them for `loadMedia`). The chat is its `groupId`, the fan its sender.
 */
function fanslyMessageReceived(payload: unknown, context: AccountCallContext): VendorEvent[] {
  const message = objectOrNull(payload);
  const chatId = idOrNull(message?.groupId);
  const fanId = idOrNull(message?.senderId);
  if (chatId === null || fanId === null) return [];
  return messageAndChat(
    convertFanslyMessage(payload, { ...context, chatId, partnerId: fanId, creatorAccountId: null }),
  );
}

/** A session event: the account it names has this status now. */
function sessionStatus(status: 'CONNECTED' | 'EXPIRED'): EventReader {
  return (_payload, context) => [
    { kind: 'connectedAccountUpdated', connectedAccount: context.connectedAccount, status },
  ];
}
