import type { SandboxAccount } from '../../src/sandbox/index.ts';
import { listedChatId } from './issued-ids.ts';

export const chatId = listedChatId;

/**
 * The inbox the sandbox's data calls for: every chat of the accounts, by last activity, newest
 * first; ties by account handle, then the vendor's order. A chat without messages sorts with the
 * next chat of its account.
 */
export function expectedInbox(
  accounts: readonly SandboxAccount[],
  keep = (_chat: SandboxAccount['chats'][number]) => true,
) {
  const rows = accounts.flatMap((account) => {
    const chats = account.chats.filter(keep);
    let next = '';
    const times = chats
      .map((chat) => chat.messages.at(-1)?.createdAt)
      .reverse()
      .map((seconds) => {
        next = seconds === undefined ? next : new Date(seconds * 1000).toISOString();
        return next;
      })
      .reverse();
    return chats.map((chat, index) => ({
      id: chatId(account, chat),
      time: times[index]!,
      handle: account.handle,
      index,
    }));
  });
  rows.sort((a, b) =>
    a.time !== b.time
      ? a.time < b.time
        ? 1
        : -1
      : a.handle !== b.handle
        ? a.handle < b.handle
          ? -1
          : 1
        : a.index - b.index,
  );
  return rows.map((row) => row.id);
}
