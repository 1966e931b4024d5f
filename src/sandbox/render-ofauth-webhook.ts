import type { SandboxAccount, SandboxChat, SandboxMessage } from './dataset-types.ts';
import { isoTime, renderOnlyFansMessage } from './render-onlyfans.ts';

type Json = Record<string, unknown>;

/**
 * The delivery OFAuth posts for a chat message: `{type, timestamp, data: {connection: {id},
 * eventBody}}`, the message as its thread renders it. OFAuth tells of messages received only.
 */
export function renderOfAuthMessageWebhook(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
): Json {
  return {
    type: 'realtime.chat_message.received',
    timestamp: isoTime(message.createdAt),
    data: {
      connection: { id: account.handle },
      eventBody: renderOnlyFansMessage(account, chat, message),
    },
  };
}
