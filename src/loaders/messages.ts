import DataLoader from 'dataloader';
import type { MessageRecord } from '../domain.ts';
import { UpstreamNotFoundError } from '../http/errors.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import { loaderKey } from './keys.ts';
import type { MessagePageKey, MessagePageLoader } from './pages.ts';

/** One message by the parts of its id: its chat, and its platform id (digits). */
export interface MessageKey {
  externalId: string;
  chatId: string;
  partnerId: string;
  messageId: string;
}

export type MessageLoader = DataLoader<MessageKey, MessageRecord | null, string>;

/** The id right above a platform id: a page `before` it starts with that message. */
function successor(platformId: string): string {
  return (BigInt(platformId) + 1n).toString();
}

/** Newest first, as the vendors page. */
function newestFirst(left: string, right: string): number {
  const difference = BigInt(right) - BigInt(left);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

/**
 * Messages by id. No vendor reads a message by id, so ids of one chat asked for in the same tick
 * are read together from that chat's pages: each page starts right at the newest id still sought
 * (`before` its successor) and is the largest one call returns (just 1 when one id is left), and
 * reading stops once no id is left or the chat has no older message. Ids spread over a chat's
 * history thus cost one call per stretch of it, not one per id; an id not there is null.
 *
 * Pages go through the page loader, so they are shared with the request's other fields and prime
 * its profiles and deferred media.
 */
export function createMessageLoader(
  connectedAccounts: ConnectedAccounts,
  pages: MessagePageLoader,
): MessageLoader {
  const loader: MessageLoader = new DataLoader<MessageKey, MessageRecord | null, string>(
    async (keys) => {
      const byChat = new Map<string, MessageKey[]>();
      for (const key of keys) {
        const chat = loaderKey(key.externalId, key.chatId, key.partnerId);
        byChat.set(chat, [...(byChat.get(chat) ?? []), key]);
      }
      const found = new Map<string, MessageRecord | Error>();
      await Promise.all(
        [...byChat.values()].map(async (chatKeys) => {
          const [{ externalId, chatId, partnerId }] = chatKeys as [MessageKey];
          const ids = chatKeys.map((key) => key.messageId);
          try {
            const messages = await readMessages(
              connectedAccounts,
              pages,
              { externalId: externalId, chatId, partnerId },
              ids,
            );
            for (const [id, message] of messages) found.set(id, message);
          } catch (error) {
            // The chat is not there: neither are its messages.
            if (error instanceof UpstreamNotFoundError) return;
            for (const key of chatKeys) found.set(messageKeyOf(key), error as Error);
          }
        }),
      );
      return keys.map((key) => {
        const result = found.get(messageKeyOf(key)) ?? null;
        if (result instanceof Error) loader.clear(key);
        return result;
      });
    },
    { cacheKeyFn: messageKeyOf },
  );
  return loader;
}

function messageKeyOf(key: MessageKey): string {
  return loaderKey(key.externalId, key.chatId, key.partnerId, key.messageId);
}

/** The messages of one chat among `ids`, by their loader key; pages read one after another. */
async function readMessages(
  connectedAccounts: ConnectedAccounts,
  pages: MessagePageLoader,
  chat: Omit<MessageKey, 'messageId'>,
  ids: readonly string[],
): Promise<Map<string, MessageRecord>> {
  const adapter = connectedAccounts.byExternalId.get(chat.externalId)?.adapter;
  const pageMax = adapter?.capabilities.messagePageMax ?? 1;
  const sought = new Set(ids);
  let remaining = [...sought].sort(newestFirst);
  const found = new Map<string, MessageRecord>();
  while (remaining.length > 0) {
    const key: MessagePageKey = {
      ...chat,
      first: remaining.length === 1 ? 1 : pageMax,
      before: successor(remaining[0]!),
    };
    const page = await pages.load(key);
    for (const message of page.items) {
      if (sought.has(message.platformId)) {
        found.set(messageKeyOf({ ...chat, messageId: message.platformId }), message);
      }
    }
    const oldest = page.items.at(-1)?.platformId;
    if (oldest === undefined || page.nextBefore === null) break;
    // The page covered every id down to its oldest message: only older ones may still be there.
    remaining = remaining.filter((id) => BigInt(id) < BigInt(oldest));
  }
  return found;
}
