import type { AccountRecord, AccountRoute, ChatOrder, MessageRecord } from '../../domain.ts';
import { convertOnlyFansMessage } from '../onlyfans/convert-onlyfans-message.ts';
import { convertOnlyFansUser, isOnlyFansProfile } from '../onlyfans/convert-onlyfans-user.ts';
import { allSettledOrThrow, chunkIds } from '../onlyfans/onlyfans-batch.ts';
import {
  invalidResponse,
  isJsonObject,
  type OnlyFansConvertContext,
  objectOrNull,
  requireObject,
} from '../onlyfans/onlyfans-json.ts';
import { fetchOffsetWindow } from '../paging.ts';
import type {
  CallOptions,
  ChatListRequest,
  ChatPage,
  ChatProvider,
  MessageListRequest,
  MessagePage,
  ProviderCapabilities,
} from '../provider.ts';
import { convertOnlyFansApiChat } from './convert-onlyfansapi-chat.ts';
import type { OnlyFansApiClient } from './onlyfansapi-client.ts';
import { readOnlyFansApiList } from './onlyfansapi-envelope.ts';

/** OnlyFans chat pages come in 10, 20 or 30 only. */
const CHAT_PAGE_SIZES = { max: 30, allowed: [10, 20, 30] } as const;
const MESSAGES_MAX = 100;
const USERS_PER_CALL = 10;

const VENDOR_ORDER: Record<ChatOrder, string> = { RECENT: 'recent', OLDEST: 'old' };

export interface OnlyFansApiOnlyFansProviderOptions {
  /**
   * The creator's own OnlyFans user id. When absent it is read once from the client's accounts
   * list (`onlyfans_id`), which the client keeps.
   */
  creatorUserId?: string | null;
}

/**
 * One connected OnlyFans account (`acct_…`) read through OnlyFansAPI.
 *
 * The vendor searches (`query`) but has no unread filter, so unread filtering is left to the
 * gateway. `_pagination.next_page` is read only as "more follow": offsets and cursors are
 * derived here, never taken from a URL in a response.
 */
export class OnlyFansApiOnlyFansProvider implements ChatProvider {
  readonly route: AccountRoute;
  readonly capabilities: ProviderCapabilities = { unreadFilter: 'gateway', search: 'vendor' };
  readonly #client: OnlyFansApiClient;
  readonly #basePath: string;
  readonly #creatorUserId: string | null | undefined;

  constructor(
    client: OnlyFansApiClient,
    accountId: string,
    options: OnlyFansApiOnlyFansProviderOptions = {},
  ) {
    this.#client = client;
    this.route = { vendor: 'ONLYFANSAPI', platform: 'ONLYFANS', connectedAccountId: accountId };
    this.#basePath = `/api/${encodeURIComponent(accountId)}`;
    this.#creatorUserId = options.creatorUserId;
  }

  /**
   * The creator's user id, or null when it cannot be had: the sender is then told apart by
   * `isSentByMe` or by not being the fan, so a failing accounts list never fails a page.
   */
  async #creatorId(options: CallOptions): Promise<string | null> {
    if (this.#creatorUserId !== undefined) return this.#creatorUserId;
    return this.#client.creatorUserId(this.route.connectedAccountId, options).catch(() => null);
  }

  #context(routeName: string, status: number): OnlyFansConvertContext {
    return { route: this.route, routeName, status };
  }

  async listChats(request: ChatListRequest): Promise<ChatPage> {
    const { signal, observer } = request;
    const routeName = 'onlyfans.chats';
    const creatorUserId = this.#creatorId({ observer });
    const search = request.search?.trim() ? request.search : undefined;
    const window = await fetchOffsetWindow(
      request.offset,
      request.first,
      CHAT_PAGE_SIZES,
      async ({ offset, limit }) => {
        const response = await this.#client.getJson({
          route: routeName,
          path: `${this.#basePath}/chats`,
          query: { limit, offset, order: VENDOR_ORDER[request.order], query: search },
          connectedAccountId: this.route.connectedAccountId,
          signal,
          observer,
        });
        const context = this.#context(routeName, response.status);
        const page = readOnlyFansApiList(response.body, context);
        const creator = await creatorUserId;
        return {
          items: page.items.map((raw) =>
            convertOnlyFansApiChat(raw, context, { creatorUserId: creator }),
          ),
          hasMore: page.hasMore,
        };
      },
    );
    return { items: window.items, nextOffset: window.nextOffset };
  }

  async listMessages(request: MessageListRequest): Promise<MessagePage> {
    const { chatId, partnerId, signal, observer } = request;
    const routeName = 'onlyfans.messages';
    const creatorUserId = this.#creatorId({ observer });
    const limit = Math.min(Math.max(Math.trunc(request.first), 1), MESSAGES_MAX);
    const before = request.before ?? null;
    const response = await this.#client.getJson({
      route: routeName,
      path: `${this.#basePath}/chats/${encodeURIComponent(chatId)}/messages`,
      query: { limit, order: 'desc', id: before },
      connectedAccountId: this.route.connectedAccountId,
      signal,
      observer,
    });
    const context = this.#context(routeName, response.status);
    const page = readOnlyFansApiList(response.body, context);
    const creator = await creatorUserId;
    const items: MessageRecord[] = [];
    const accounts = new Map<string, AccountRecord>();
    for (const raw of page.items) {
      const message = convertOnlyFansMessage(raw, context, {
        chatId,
        partnerId,
        creatorUserId: creator,
      });
      // The cursor message itself is the previous page's last: never repeat it.
      if (message.platformId === before) continue;
      if (items.length < limit) items.push(message);
      const fromUser = objectOrNull(objectOrNull(raw)?.fromUser);
      if (isOnlyFansProfile(fromUser)) {
        const account = convertOnlyFansUser(fromUser, context);
        accounts.set(account.platformId, account);
      }
    }
    const oldest = items.at(-1);
    return {
      items,
      nextBefore: page.hasMore && oldest !== undefined ? oldest.platformId : null,
      accounts,
    };
  }

  async getUsers(
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<Map<string, AccountRecord>> {
    const routeName = 'onlyfans.users';
    const chunks = chunkIds(ids, USERS_PER_CALL);
    const pages = await allSettledOrThrow(
      chunks.map(async (chunk) => {
        const response = await this.#client.getJson({
          route: routeName,
          path: `${this.#basePath}/users/list`,
          query: { ids: chunk.join(',') },
          connectedAccountId: this.route.connectedAccountId,
          signal: options.signal,
          observer: options.observer,
        });
        const context = this.#context(routeName, response.status);
        return readUsersList(response.body, context);
      }),
    );
    const users = new Map<string, AccountRecord>();
    for (const page of pages) {
      for (const user of page) users.set(user.platformId, user);
    }
    return users;
  }
}

/**
 * `users/list` answers `data` keyed by user id (an array is accepted too). An entry that is not
 * an object (an id the vendor does not know) is left out; an entry without its own `id` takes
 * its key.
 */
function readUsersList(body: unknown, context: OnlyFansConvertContext): AccountRecord[] {
  const { data } = requireObject(body, 'response body', context);
  if (Array.isArray(data)) {
    return data.filter(isJsonObject).map((raw) => convertOnlyFansUser(raw, context));
  }
  if (!isJsonObject(data)) {
    throw invalidResponse(context, 'data is not an object keyed by user id');
  }
  const users: AccountRecord[] = [];
  for (const [key, raw] of Object.entries(data)) {
    if (!isJsonObject(raw)) continue;
    users.push(convertOnlyFansUser(raw.id == null ? { ...raw, id: key } : raw, context));
  }
  return users;
}
