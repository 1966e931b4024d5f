import type { AccountRecord, ConnectedAccountKey, MessageRecord } from '../../domain.ts';
import type {
  CallOptions,
  ChatListRequest,
  ChatPage,
  ChatProvider,
  MessageListRequest,
  MessagePage,
  ProviderCapabilities,
} from '../contract.ts';
import { convertOnlyFansUser } from '../onlyfans-shared/convert-onlyfans-user.ts';
import {
  convertOnlyFansMessages,
  ONLYFANS_CHAT_ORDER,
  OnlyFansAccountCalls,
  onlyFansMessagesCount,
  onlyFansSearch,
} from '../onlyfans-shared/onlyfans-account-calls.ts';
import { isJsonObject } from '../onlyfans-shared/onlyfans-json.ts';
import { fetchOffsetWindow } from '../paging.ts';
import { convertOfAuthChat } from './convert-ofauth-chat.ts';
import type { OfAuthClient } from './ofauth-client.ts';
import { readOfAuthList, readOfAuthUsers } from './ofauth-envelope.ts';

/** Chats and messages both come 1–20 per call. */
const PAGE_SIZES = { max: 20 } as const;

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
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities: ProviderCapabilities = { unreadFilter: 'vendor', search: 'vendor' };
  readonly messagePageMax = PAGE_SIZES.max;
  readonly #calls: OnlyFansAccountCalls;

  constructor(client: OfAuthClient, externalId: string, options: OfAuthProviderOptions = {}) {
    this.connectedAccount = { vendor: 'OFAUTH', platform: 'ONLYFANS', externalId: externalId };
    this.#calls = new OnlyFansAccountCalls(client, this.connectedAccount, options.creatorUserId);
  }

  async listChats(request: ChatListRequest): Promise<ChatPage> {
    const search = onlyFansSearch(request.search);
    return this.#calls.listChats(request, PAGE_SIZES, {
      call: ({ offset, limit }) => ({
        routeName: 'ofauth.chats',
        path: '/v2/access/chats',
        query: {
          limit,
          offset,
          order: ONLYFANS_CHAT_ORDER[request.order],
          filter: request.unreadOnly ? 'unread' : undefined,
          query: search,
        },
      }),
      read: readOfAuthList,
      convert: convertOfAuthChat,
    });
  }

  async listMessages(request: MessageListRequest): Promise<MessagePage> {
    const { chatId, partnerId } = request;
    const creatorUserId = this.#calls.creatorId(request);
    const before = request.before ?? null;
    const accounts = new Map<string, AccountRecord>();
    const window = await fetchOffsetWindow<MessageRecord>(
      0,
      onlyFansMessagesCount(request.first),
      PAGE_SIZES,
      async ({ offset, limit }) => {
        const { body, context } = await this.#calls.get(
          {
            routeName: 'ofauth.messages',
            path: `/v2/access/chats/${encodeURIComponent(chatId)}/messages`,
            query: { limit, offset, last_id: before },
          },
          request,
        );
        const page = readOfAuthList(body, context);
        const options = { chatId, partnerId, creatorUserId: await creatorUserId, before };
        const items = convertOnlyFansMessages(page.items, context, options, accounts);
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
    return this.#calls.getUsers(ids, options, {
      call: (chunk) => ({
        routeName: 'ofauth.users',
        path: '/v2/access/users/list',
        query: { userIds: chunk.join(',') },
      }),
      read: (body, context) =>
        readOfAuthUsers(body, context)
          .filter(isJsonObject)
          .map((raw) => convertOnlyFansUser(raw, context)),
    });
  }
}
