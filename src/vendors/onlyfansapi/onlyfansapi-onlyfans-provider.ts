import type { AccountRecord, ConnectedAccountKey } from '../../domain.ts';
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
  ONLYFANS_MESSAGES_MAX,
  OnlyFansAccountCalls,
  onlyFansMessagesCount,
  onlyFansSearch,
} from '../onlyfans-shared/onlyfans-account-calls.ts';
import {
  invalidResponse,
  isJsonObject,
  type OnlyFansConvertContext,
  requireObject,
} from '../onlyfans-shared/onlyfans-json.ts';
import { convertOnlyFansApiChat } from './convert-onlyfansapi-chat.ts';
import type { OnlyFansApiClient } from './onlyfansapi-client.ts';
import { readOnlyFansApiList } from './onlyfansapi-envelope.ts';

/** OnlyFans chat pages come in 10, 20 or 30 only. */
const CHAT_PAGE_SIZES = { max: 30, allowed: [10, 20, 30] } as const;

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
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities: ProviderCapabilities = { unreadFilter: 'gateway', search: 'vendor' };
  readonly messagePageMax = ONLYFANS_MESSAGES_MAX;
  readonly #calls: OnlyFansAccountCalls;
  readonly #basePath: string;

  constructor(
    client: OnlyFansApiClient,
    accountId: string,
    options: OnlyFansApiOnlyFansProviderOptions = {},
  ) {
    this.connectedAccount = { vendor: 'ONLYFANSAPI', platform: 'ONLYFANS', externalId: accountId };
    this.#calls = new OnlyFansAccountCalls(client, this.connectedAccount, options.creatorUserId);
    this.#basePath = `/api/${encodeURIComponent(accountId)}`;
  }

  async listChats(request: ChatListRequest): Promise<ChatPage> {
    const search = onlyFansSearch(request.search);
    return this.#calls.listChats(request, CHAT_PAGE_SIZES, {
      call: ({ offset, limit }) => ({
        routeName: 'onlyfans.chats',
        path: `${this.#basePath}/chats`,
        query: { limit, offset, order: ONLYFANS_CHAT_ORDER[request.order], query: search },
      }),
      read: readOnlyFansApiList,
      convert: convertOnlyFansApiChat,
    });
  }

  /** One call of up to 100, newest first, older than `before`. */
  async listMessages(request: MessageListRequest): Promise<MessagePage> {
    const { chatId, partnerId } = request;
    const creatorUserId = this.#calls.creatorId(request);
    const limit = onlyFansMessagesCount(request.first);
    const before = request.before ?? null;
    const { body, context } = await this.#calls.get(
      {
        routeName: 'onlyfans.messages',
        path: `${this.#basePath}/chats/${encodeURIComponent(chatId)}/messages`,
        query: { limit, order: 'desc', id: before },
      },
      request,
    );
    const page = readOnlyFansApiList(body, context);
    const options = { chatId, partnerId, creatorUserId: await creatorUserId, before };
    const accounts = new Map<string, AccountRecord>();
    // Every message's profile is kept; the page itself is cut to `limit`.
    const items = convertOnlyFansMessages(page.items, context, options, accounts).slice(0, limit);
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
    return this.#calls.getUsers(ids, options, {
      call: (chunk) => ({
        routeName: 'onlyfans.users',
        path: `${this.#basePath}/users/list`,
        query: { ids: chunk.join(',') },
      }),
      read: readUsersList,
    });
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
