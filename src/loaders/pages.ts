import DataLoader from 'dataloader';
import type { ChatOrder } from '../domain.ts';
import { UpstreamNotFoundError } from '../http/errors.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { CallOptions, ChatPage, MessagePage } from '../vendors/contract.ts';
import { type AccountLoader, primeProfile } from './accounts.ts';
import { loaderKey } from './keys.ts';
import type { DeferredMediaCache } from './media.ts';

export interface ChatPageKey {
  externalId: string;
  offset: number;
  first: number;
  order: ChatOrder;
  /** Only where the vendor filters; gateway-side filtering happens above the loader. */
  unreadOnly: boolean;
  search: string | null;
}

export interface MessagePageKey {
  externalId: string;
  chatId: string;
  partnerId: string;
  first: number;
  before: string | null;
}

export type ChatPageLoader = DataLoader<ChatPageKey, ChatPage, string>;
export type MessagePageLoader = DataLoader<MessagePageKey, MessagePage, string>;

/** Why a page key names no account: the loader answers NOT_FOUND rather than guessing. */
function unknownAccount(externalId: string, route: string) {
  return new UpstreamNotFoundError(`connected account ${externalId} is not configured`, {
    vendor: 'ONLYFANSAPI',
    route,
    externalId: externalId,
  });
}

/**
 * Vendor pages by (connected account, endpoint, parameters): the same page asked twice in one
 * request (aliases, `node` plus a list) is fetched once. Each fetched page primes the accounts
 * loader with the profiles it carried and the deferred media cache with the media it carried.
 */
export function createPageLoaders(
  connectedAccounts: ConnectedAccounts,
  call: CallOptions,
  accounts: AccountLoader,
  deferredMedia: DeferredMediaCache,
): { chats: ChatPageLoader; messages: MessagePageLoader } {
  const chats: ChatPageLoader = new DataLoader<ChatPageKey, ChatPage, string>(
    (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const entry = connectedAccounts.byExternalId.get(key.externalId);
          if (!entry) return unknownAccount(key.externalId, 'chats') as Error;
          try {
            const page = await entry.adapter.listChats({ ...key, ...call });
            for (const chat of page.items) {
              if (chat.partner) primeProfile(accounts, key.externalId, chat.partner);
            }
            return page;
          } catch (error) {
            chats.clear(key);
            return error as Error;
          }
        }),
      ),
    {
      cacheKeyFn: (key) =>
        loaderKey(key.externalId, key.offset, key.first, key.order, key.unreadOnly, key.search),
    },
  );

  const messages: MessagePageLoader = new DataLoader<MessagePageKey, MessagePage, string>(
    (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const entry = connectedAccounts.byExternalId.get(key.externalId);
          if (!entry) return unknownAccount(key.externalId, 'messages') as Error;
          try {
            const page = await entry.adapter.listMessages({ ...key, ...call });
            for (const profile of page.accounts?.values() ?? []) {
              primeProfile(accounts, key.externalId, profile);
            }
            deferredMedia.addPage(key.externalId, page);
            return page;
          } catch (error) {
            messages.clear(key);
            return error as Error;
          }
        }),
      ),
    {
      cacheKeyFn: (key) =>
        loaderKey(key.externalId, key.chatId, key.partnerId, key.first, key.before),
    },
  );

  return { chats, messages };
}
