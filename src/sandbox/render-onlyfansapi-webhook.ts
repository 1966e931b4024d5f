import type { SandboxAccount, SandboxChat, SandboxMessage } from './dataset-types.ts';
import { renderFanslyMessage } from './render-fansly.ts';
import { renderOnlyFansMessage, renderOnlyFansUser } from './render-onlyfans.ts';

type Json = Record<string, unknown>;

/**
 * The delivery OnlyFansAPI posts for a chat message: `{event, account_id, payload}`. An OnlyFans
 * message carries its sender's full profile as `fromUser` and, when the creator sent it, the fan
 * as `toUser` (the chat's id); a Fansly message is as its thread renders it.
 */
export function renderOnlyFansApiMessageWebhook(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
): Json {
  if (account.platform === 'fansly') {
    return {
      event: 'fansly.messages.received',
      account_id: account.handle,
      payload: renderFanslyMessage(account, chat, message),
    };
  }
  const sender = message.fromCreator ? account.creator : chat.partner;
  return {
    event: message.fromCreator ? 'messages.sent' : 'messages.received',
    account_id: account.handle,
    payload: {
      ...renderOnlyFansMessage(account, chat, message),
      fromUser: renderOnlyFansUser(sender),
      ...(message.fromCreator ? { toUser: { id: Number(chat.partner.id), _view: 'i' } } : {}),
    },
  };
}

/**
 * A session event: `accounts.session_expired` when the vendor lost the account's session,
 * `accounts.reconnected` when it works again. The payload is the account's state as its accounts
 * list words it.
 */
export function renderOnlyFansApiSessionWebhook(account: SandboxAccount, expired: boolean): Json {
  return {
    event: expired ? 'accounts.session_expired' : 'accounts.reconnected',
    account_id: account.handle,
    payload: {
      id: account.handle,
      is_authenticated: !expired,
      authentication_progress: expired ? 'session_expired' : 'authenticated',
    },
  };
}
