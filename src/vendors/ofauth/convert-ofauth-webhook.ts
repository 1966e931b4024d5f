import type { ConnectedAccountKey, ConnectedAccountStatus } from '../../domain.ts';
import { UpstreamInvalidResponseError } from '../../http/errors.ts';
import type { AccountCallContext } from '../account-call.ts';
import type { VendorEvent } from '../contract.ts';
import { convertOnlyFansMessage } from '../onlyfans-shared/convert-onlyfans-message.ts';
import {
  booleanOrNull,
  idOrNull,
  objectOrNull,
  requireId,
  requireObject,
} from '../onlyfans-shared/onlyfans-json.ts';
import { ofAuthConnectionStatus } from './convert-ofauth-connection.ts';

/** The connected account a connection id names, or null when it names none. */
export type ConnectionLookup = (externalId: string) => ConnectedAccountKey | null;

/** The route name converters and their errors give webhook JSON. */
const ROUTE_NAME = 'ofauth.webhook';

/**
 * A new message in a chat: `eventBody` is the OnlyFans message as a thread read carries it, so
 * it is converted by the same converter. A received message is the fan's: its sender is the
 * partner, and on OnlyFans the chat's id is the fan's user id.
 */
function messageEvents(
  data: Record<string, unknown>,
  connectedAccount: ConnectedAccountKey,
): VendorEvent[] {
  const context: AccountCallContext = { connectedAccount, routeName: ROUTE_NAME };
  const message = requireObject(data.eventBody, 'eventBody', context);
  // The creator's own message (sent from another device) does not say which fan it went to.
  if (booleanOrNull(message.isSentByMe) === true) return [];
  const partnerId = requireId(objectOrNull(message.fromUser)?.id, 'eventBody fromUser.id', context);
  const record = convertOnlyFansMessage(message, context, { chatId: partnerId, partnerId });
  return [
    { kind: 'messageAdded', message: record },
    { kind: 'chatUpdated', connectedAccount, chatId: partnerId, partnerId },
  ];
}

function sessionEvent(
  connectedAccount: ConnectedAccountKey,
  status: ConnectedAccountStatus,
): VendorEvent[] {
  return [{ kind: 'connectedAccountUpdated', connectedAccount, status }];
}

/** The events of one event type; none for a type the gateway does not follow. */
function eventsOf(
  type: string,
  data: Record<string, unknown>,
  connectedAccount: ConnectedAccountKey,
): VendorEvent[] {
  switch (type) {
    case 'realtime.chat_message.received':
      return messageEvents(data, connectedAccount);
    case 'connection.expired':
      return sessionEvent(connectedAccount, 'EXPIRED');
    case 'connection.created':
    case 'connection.updated':
      return sessionEvent(
        connectedAccount,
        ofAuthConnectionStatus(objectOrNull(data.connection)?.status),
      );
    default:
      // `realtime.chat_typing.updated` and types OFAuth adds later: acknowledged, not followed.
      return [];
  }
}

/**
 * The events of one verified, parsed OFAuth delivery: `{type, timestamp, data: {connection: {id},
 * eventBody}}`. Unknown types, unknown connections and malformed events answer `[]`: a webhook
 * is acknowledged whatever it holds, so nothing here throws.
 */
export function convertOfAuthWebhook(body: unknown, lookup: ConnectionLookup): VendorEvent[] {
  const delivery = objectOrNull(body);
  const data = objectOrNull(delivery?.data);
  const type = delivery?.type;
  if (data === null || typeof type !== 'string') return [];
  const connectionId = idOrNull(objectOrNull(data.connection)?.id);
  const connectedAccount = connectionId === null ? null : lookup(connectionId);
  if (connectedAccount === null) return [];
  try {
    return eventsOf(type, data, connectedAccount);
  } catch (error) {
    if (error instanceof UpstreamInvalidResponseError) return [];
    throw error;
  }
}
