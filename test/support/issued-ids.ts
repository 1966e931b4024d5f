import { encodeGlobalId, localId } from '../../src/ids.ts';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';

/**
 * The local id the gateway issues for a chat: its account, chat and partner, and on Fansly
 * (whose users are looked up by username) the partner's username.
 */
export function issuedChatLocal(account: SandboxAccount, chat: SandboxChat): string {
  const parts = [account.handle, chat.id, chat.partner.id];
  if (account.platform === 'fansly') parts.push(chat.partner.username);
  return localId(...parts);
}

/** The id the gateway issues for a chat it listed. */
export function listedChatId(account: SandboxAccount, chat: SandboxChat): string {
  return encodeGlobalId('Chat', issuedChatLocal(account, chat));
}

/** The id the gateway issues for a message of a chat: the chat's id parts, then the message's. */
export function issuedMessageId(
  account: SandboxAccount,
  chat: SandboxChat,
  messageId: string,
): string {
  return encodeGlobalId('Message', `${issuedChatLocal(account, chat)}:${messageId}`);
}

/** The id the gateway issues for a user: on Fansly with the username it is looked up by. */
export function issuedAccountId(
  account: SandboxAccount,
  user: { id: string; username: string },
): string {
  const parts = [account.handle, user.id];
  if (account.platform === 'fansly') parts.push(user.username);
  return encodeGlobalId('Account', localId(...parts));
}
