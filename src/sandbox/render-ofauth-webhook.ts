import type { SandboxAccount, SandboxChat, SandboxMessage } from './dataset-types.ts';
import { renderOnlyFansMessage } from './render-onlyfans.ts';

type Json = Record<string, unknown>;

/**
 * OFAuth's realtime deliveries: `{type, timestamp, data: {connection: {id}, eventBody}}`. The
 * `eventBody` of a chat message is the OnlyFans message as a thread read of OFAuth renders it.
 */

/**
 * A fan's message; null for the creator's own, which OFAuth does not deliver (it would not say
 * which fan it went to).
 */
export function renderOfAuthMessageWebhook(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
  at: Date = new Date(message.createdAt),
): Json | null {
  if (message.fromCreator) return null;
  return {
    type: 'realtime.chat_message.received',
    timestamp: at.toISOString(),
    data: {
      connection: { id: account.handle },
      eventBody: renderOnlyFansMessage(account, chat, message),
    },
  };
}

/** A connection's session was lost (`connection.expired`) or works again (`connection.updated`). */
export function renderOfAuthConnectionWebhook(
  account: SandboxAccount,
  expired: boolean,
  at: Date,
): Json {
  return {
    type: expired ? 'connection.expired' : 'connection.updated',
    timestamp: at.toISOString(),
    data: {
      connection: { id: account.handle, status: expired ? 'expired' : 'active' },
    },
  };
}
