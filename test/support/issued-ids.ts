import { encodeGlobalId, localId } from '../../src/ids.ts';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';

/**
 * The id the gateway issues for a chat it listed: its account, chat and partner, and on Fansly
 * (whose users are looked up by username) the partner's username.
 */
export function listedChatId(account: SandboxAccount, chat: SandboxChat): string {
  const parts = [account.handle, chat.id, chat.partner.id];
  if (account.platform === 'fansly') parts.push(chat.partner.username);
  return encodeGlobalId('Chat', localId(...parts));
}
