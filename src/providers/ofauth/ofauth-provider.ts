import type { AccountRecord, AccountRoute, ChatOrder, MessageRecord } from '../../domain.ts';
import { convertOnlyFansMessage } from '../onlyfans/convert-onlyfans-message.ts';
import { convertOnlyFansUser, isOnlyFansProfile } from '../onlyfans/convert-onlyfans-user.ts';
import { allSettledOrThrow, chunkIds } from '../onlyfans/onlyfans-batch.ts';
import {
  isJsonObject,
  type OnlyFansConvertContext,
  objectOrNull,
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
import { convertOfAuthChat } from './convert-ofauth-chat.ts';
import type { OfAuthClient } from './ofauth-client.ts';
import { readOfAuthList, readOfAuthUsers } from './ofauth-envelope.ts';

/** Chats and messages both come 1–20 per call. */
const PAGE_SIZES = { max: 20 } as const;
const MESSAGES_MAX = 100;
const USERS_PER_CALL = 10;

const VENDOR_ORDER: Record<ChatOrder, string> = { RECENT: 'recent', OLDEST: 'old' };

export interface OfAuthProviderOptions {
  /**
   * The creator's own OnlyFans user id. When absent it is read once from the client's
   * connections list (`userData.id`), which the client keeps.
   */
  creatorUserId?: string | null;
}

/**
 * One OnlyFans connection (`conn_…`) read through OFAuth.
 *
 * The vendor filters unread chats and searches itself. Its chats name the fan only by id, so
 * `partner` is null and profiles come from {@link OfAuthProvider.getUsers}. Messages page with the
 * cursor `last_id` plus an `offset` counted after it, so one window of up to 100 messages is a
 * single round of parallel calls of 20.
 */
export class OfAuthProvider implements ChatProvider {
  readonly route: AccountRoute;
  readonly capabilities: ProviderCapabilities = { unreadFilter: 'vendor', search: 'vendor' };
  readonly #client: OfAuthClient;
  readonly #creatorUserId: string | null | undefined;

  constructor(client: OfAuthClient, connectionId: string, options: OfAuthProviderOptions = {}) {
    this.#client = client;
    this.route = { vendor: 'OFAUTH', platform: 'ONLYFANS', connectedAccountId: connectionId };
    this.#creatorUserId = options.creatorUserId;
  }

  /** The creator's user id, or null: then the sender is told apart by not being the fan. */
  async #creatorId(options: CallOptions): Promise<string | null> {
    if (this.#creatorUserId !== undefined) return this.#creatorUserId;
    return this.#client.creatorUserId(this.route.connectedAccountId, options).catch(() => null);
  }

  #context(routeName: string, status: number): OnlyFansConvertContext {
    return { route: this.route, routeName, status };
  }

  async listChats(request: ChatListRequest): Promise<ChatPage> {
    const { signal, observer } = request;
    const routeName = 'ofauth.chats';
    const creatorUserId = this.#creatorId({ observer });
    const search = request.search?.trim() ? request.search : undefined;
    const window = await fetchOffsetWindow(
      request.offset,
      request.first,
      PAGE_SIZES,
      async ({ offset, limit }) => {
        const response = await this.#client.getJson({
          route: routeName,
          path: '/v2/access/chats',
          query: {
            limit,
            offset,
            order: VENDOR_ORDER[request.order],
            filter: request.unreadOnly ? 'unread' : undefined,
            query: search,
          },
          connectedAccountId: this.route.connectedAccountId,
          signal,
          observer,
        });
        const context = this.#context(routeName, response.status);
        const page = readOfAuthList(response.body, context);
        const creator = await creatorUserId;
        return {
          items: page.items.map((raw) =>
            convertOfAuthChat(raw, context, { creatorUserId: creator }),
          ),
          hasMore: page.hasMore,
        };
      },
    );
    return { items: window.items, nextOffset: window.nextOffset };
  }

  async listMessages(request: MessageListRequest): Promise<MessagePage> {
    const { chatId, partnerId, signal, observer } = request;
    const routeName = 'ofauth.messages';
    const creatorUserId = this.#creatorId({ observer });
    const count = Math.min(Math.max(Math.trunc(request.first), 1), MESSAGES_MAX);
    const before = request.before ?? null;
    const accounts = new Map<string, AccountRecord>();
    const window = await fetchOffsetWindow<MessageRecord>(
      0,
      count,
      PAGE_SIZES,
      async ({ offset, limit }) => {
        const response = await this.#client.getJson({
          route: routeName,
          path: `/v2/access/chats/${encodeURIComponent(chatId)}/messages`,
          query: { limit, offset, last_id: before },
          connectedAccountId: this.route.connectedAccountId,
          signal,
          observer,
        });
        const context = this.#context(routeName, response.status);
        const page = readOfAuthList(response.body, context);
        const creator = await creatorUserId;
        const items: MessageRecord[] = [];
        for (const raw of page.items) {
          const message = convertOnlyFansMessage(raw, context, {
            chatId,
            partnerId,
            creatorUserId: creator,
          });
          // The cursor message itself ended the previous page: never repeat it.
          if (message.platformId === before) continue;
          items.push(message);
          const fromUser = objectOrNull(objectOrNull(raw)?.fromUser);
          if (isOnlyFansProfile(fromUser)) {
            const account = convertOnlyFansUser(fromUser, context);
            accounts.set(account.platformId, account);
          }
        }
        return { items, hasMore: page.hasMore };
      },
    );
    const oldest = window.items.at(-1);
    return {
      items: window.items,
      nextBefore: window.nextOffset !== null && oldest !== undefined ? oldest.platformId : null,
      accounts,
    };
  }

  async getUsers(
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<Map<string, AccountRecord>> {
    const routeName = 'ofauth.users';
    const pages = await allSettledOrThrow(
      chunkIds(ids, USERS_PER_CALL).map(async (chunk) => {
        const response = await this.#client.getJson({
          route: routeName,
          path: '/v2/access/users/list',
          query: { userIds: chunk.join(',') },
          connectedAccountId: this.route.connectedAccountId,
          signal: options.signal,
          observer: options.observer,
        });
        const context = this.#context(routeName, response.status);
        return readOfAuthUsers(response.body, context)
          .filter(isJsonObject)
          .map((raw) => convertOnlyFansUser(raw, context));
      }),
    );
    const users = new Map<string, AccountRecord>();
    for (const page of pages) {
      for (const user of page) users.set(user.platformId, user);
    }
    return users;
  }
}
