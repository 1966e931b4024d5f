import type {
  AccountRecord,
  ChatOrder,
  ConnectedAccountKey,
  MediaRecord,
} from '../../../domain.ts';
import type { AccountCallContext } from '../../account-call.ts';
import { type AccountCall, getAccountJson } from '../../account-call.ts';
import { NO_WRITES } from '../../adapter-defaults.ts';
import { chunkIds } from '../../batch.ts';
import type {
  AccountAdapter,
  AccountCapabilities,
  CallOptions,
  ChatListRequest,
  ChatPage,
  LazyMedia,
  MessageListRequest,
  MessagePage,
} from '../../contract.ts';
import { fetchOffsetWindow } from '../../paging.ts';
import type { OnlyFansApiClient } from '../onlyfansapi-client.ts';
import { convertFanslyAccount } from './convert-fansly-account.ts';
import { convertFanslyChatList } from './convert-fansly-chat.ts';
import { convertFanslyAccountMedia } from './convert-fansly-media.ts';
import { convertFanslyMessage } from './convert-fansly-message.ts';
import {
  expectObject,
  invalidResponse,
  isObject,
  type JsonObject,
  nonEmptyString,
  requiredId,
} from './fansly-json.ts';
import { readFanslyPageMedia } from './fansly-page-media.ts';

export interface OnlyFansApiFanslyAccountOptions {
  /**
   * The creator's own Fansly account id, for `isFromCreator`. When absent it is learned from the
   * first chat list page (`account_id`); until then a message is the creator's when its sender is
   * not the fan.
   * @default null
   */
  creatorAccountId?: string | null;
}

/** The vendor's largest page, for chats and messages alike. */
const MAX_PAGE = 100;

/**
 * Ids per `account-media/{ids}` or `users/{usernames}` call. The vendor documents no limit; 50
 * keeps the path short (≈1 KB of snowflakes) and the calls of a larger batch run in parallel.
 */
const IDS_PER_CALL = 50;

const CHAT_ORDER: Record<ChatOrder, string> = { RECENT: 'newest', OLDEST: 'oldest' };

/** The route media are converted under, wherever the raw accountMedia came from. */
const MEDIA_ROUTE = 'fansly.accountMedia';

/** `_pagination.next_page` of an OnlyFansAPI envelope, when the page says more follow. */
function hasNextPage(body: unknown): boolean {
  return (
    isObject(body) &&
    isObject(body._pagination) &&
    nonEmptyString(body._pagination.next_page) !== null
  );
}

/** What a Fansly account read through OnlyFansAPI can do. */
export const ONLYFANSAPI_FANSLY_CAPABILITIES: AccountCapabilities = {
  chatPageMax: MAX_PAGE,
  messagePageMax: MAX_PAGE,
  // No profile lookup by id through OnlyFansAPI: profiles come from chat lists only.
  usersPerCall: 0,
  mediaPerCall: IDS_PER_CALL,
  unreadFilter: 'gateway',
  search: 'vendor',
  // The chat list names a subscription tier at most.
  partnerSpend: false,
  writes: NO_WRITES,
};

/**
 * Fansly chats through OnlyFansAPI (`/api/fansly/{acct}/…`) for one connected account.
 *
 * Message attachments are deferred: a messages page hands its `accountMedia` over as lazy
 * converters (`MessagePage.media`) and its bundles as media groups, so a media record is built
 * only when a query selects `Message.media`; {@link mediaConversions} counts how often that
 * happened. Media a page did not carry are looked up by id ({@link loadMedia}).
 */
export class OnlyFansApiFanslyAccount implements AccountAdapter {
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities = ONLYFANSAPI_FANSLY_CAPABILITIES;
  readonly #client: OnlyFansApiClient;
  #creatorAccountId: string | null;
  #mediaConversions = 0;

  constructor(
    client: OnlyFansApiClient,
    externalId: string,
    options: OnlyFansApiFanslyAccountOptions = {},
  ) {
    this.#client = client;
    this.#creatorAccountId = options.creatorAccountId ?? null;
    this.connectedAccount = { vendor: 'ONLYFANSAPI', platform: 'FANSLY', externalId };
  }

  /** How many accountMedia were converted into records by this instance (for tests and metrics). */
  get mediaConversions(): number {
    return this.#mediaConversions;
  }

  /** The creator's Fansly account id: given, or learned from a chat list page; null before. */
  get creatorAccountId(): string | null {
    return this.#creatorAccountId;
  }

  /**
   * One `chats` call covers any `first` up to 100. Fansly's only unread option is a sort order,
   * not a filter, so `unreadOnly` is ignored (capability `'gateway'`); `search` goes to the vendor.
   */
  async listChats(request: ChatListRequest): Promise<ChatPage> {
    const search = request.search?.trim() || undefined;
    const window = await fetchOffsetWindow(
      request.offset,
      request.first,
      { max: MAX_PAGE },
      async ({ offset, limit }) => {
        const { body, context } = await this.#get(
          {
            routeName: 'fansly.chats',
            path: this.#path('chats'),
            query: { limit, offset, order: CHAT_ORDER[request.order], search },
          },
          request,
        );
        const list = convertFanslyChatList(this.#data(body, context), {
          ...context,
          creatorAccountId: this.#creatorAccountId,
        });
        this.#creatorAccountId ??= list.creatorAccountId;
        const hasMore = list.hasMore ?? (hasNextPage(body) || list.chats.length >= limit);
        // An empty page that claims more would have the window ask again forever.
        return { items: list.chats, hasMore: hasMore && list.chats.length > 0 };
      },
    );
    return { items: window.items, nextOffset: window.nextOffset };
  }

  /**
   * One `messages` call of up to 100, newest first, older than `before`. The next cursor is the
   * oldest message's id while the vendor says more follow.
   */
  async listMessages(request: MessageListRequest): Promise<MessagePage> {
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(request.first) || 1));
    const { body, context } = await this.#get(
      {
        routeName: 'fansly.messages',
        path: this.#path('chats', encodeURIComponent(request.chatId), 'messages'),
        query: { limit, before: request.before || undefined },
      },
      request,
    );
    const data = this.#data(body, context);
    if (!Array.isArray(data.messages)) {
      throw invalidResponse(context, 'data.messages is not an array');
    }
    const pageMedia = readFanslyPageMedia(data.accountMedia, data.accountMediaBundles, context);
    const messageContext = {
      ...context,
      chatId: request.chatId,
      partnerId: request.partnerId,
      creatorAccountId: this.#creatorAccountId,
      attachmentPrice: pageMedia.attachmentPrice,
    };
    const items = data.messages.map((message) => convertFanslyMessage(message, messageContext));
    const hasMore =
      typeof data.hasMore === 'boolean' ? data.hasMore : hasNextPage(body) || items.length >= limit;
    const media = new Map<string, LazyMedia>();
    for (const [id, raw] of pageMedia.accountMedia) media.set(id, () => this.#convertMedia(raw));
    return {
      items,
      nextBefore: hasMore ? (items.at(-1)?.platformId ?? null) : null,
      media,
      mediaGroups: pageMedia.bundles,
    };
  }

  /** Fansly has no profile lookup by id through OnlyFansAPI: always an empty map, no call. */
  async getUsers(
    _ids: readonly string[],
    _options?: CallOptions,
  ): Promise<Map<string, AccountRecord>> {
    return new Map();
  }

  /**
   * Media by accountMedia id, 50 ids per `account-media/{ids}` call, the calls in parallel,
   * converted. Ids the vendor does not return are absent.
   */
  async loadMedia(
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<Map<string, MediaRecord>> {
    const { list, context } = await this.#listByKeys(
      MEDIA_ROUTE,
      'account-media',
      ids,
      'accountMedia',
      options,
    );
    const raws = list.map((raw) => expectObject(raw, context, 'an accountMedia'));
    for (const raw of raws) requiredId(raw.id, context, 'an accountMedia id');
    const found = new Map<string, MediaRecord>();
    for (const raw of raws) {
      const media = this.#convertMedia(raw);
      found.set(media.platformId, media);
    }
    return found;
  }

  /**
   * Profiles by username through `users/{usernames}`, keyed by the username as asked (Fansly
   * usernames are case-insensitive). Unknown usernames are absent.
   */
  async getUsersByUsername(
    usernames: readonly string[],
    options: CallOptions = {},
  ): Promise<Map<string, AccountRecord>> {
    const asked = new Map<string, string[]>();
    for (const username of usernames) {
      const key = username.toLowerCase();
      asked.set(key, [...(asked.get(key) ?? []), username]);
    }
    const keys = [...asked.keys()];
    const { list, context } = await this.#listByKeys(
      'fansly.users',
      'users',
      keys,
      'account',
      options,
    );
    const found = new Map<string, AccountRecord>();
    for (const raw of list) {
      const account = convertFanslyAccount(raw, context);
      for (const username of asked.get(account.username?.toLowerCase() ?? '') ?? []) {
        found.set(username, account);
      }
    }
    return found;
  }

  #convertMedia(raw: JsonObject): MediaRecord {
    this.#mediaConversions += 1;
    return convertFanslyAccountMedia(raw, {
      connectedAccount: this.connectedAccount,
      routeName: MEDIA_ROUTE,
    });
  }

  /** `/api/fansly/{acct}/…`; the caller percent-encodes every dynamic segment. */
  #path(...encodedSegments: string[]): string {
    const account = encodeURIComponent(this.connectedAccount.externalId);
    return `/api/fansly/${account}/${encodedSegments.join('/')}`;
  }

  #get(call: AccountCall, options: CallOptions) {
    return getAccountJson(this.#client, this.connectedAccount, call, options);
  }

  /**
   * The lists of `{resource}/{keys}` calls, 50 keys (deduplicated) per call, the calls in
   * parallel, concatenated in call order.
   */
  async #listByKeys(
    routeName: string,
    resource: string,
    keys: readonly string[],
    what: string,
    options: CallOptions,
  ): Promise<{ list: unknown[]; context: AccountCallContext }> {
    const context = { connectedAccount: this.connectedAccount, routeName };
    const pages = await Promise.all(
      chunkIds(keys, IDS_PER_CALL).map(async (chunk) => {
        const path = this.#path(resource, chunk.map(encodeURIComponent).join(','));
        const { body } = await this.#get({ routeName, path, query: {} }, options);
        return this.#list(body, context, what);
      }),
    );
    return { list: pages.flat(), context };
  }

  /** The `data` object of an OnlyFansAPI envelope. */
  #data(body: unknown, context: AccountCallContext) {
    if (!isObject(body)) throw invalidResponse(context, 'the body is not an object');
    return expectObject(body.data, context, 'data');
  }

  /**
   * The list of an `account-media` or `users` body: the raw Fansly envelope `{success, response:
   * [...]}`, that envelope under `data`, or `data` as the list itself.
   */
  #list(body: unknown, context: AccountCallContext, what: string): unknown[] {
    const payload = isObject(body) && 'data' in body ? body.data : body;
    if (Array.isArray(payload)) return payload;
    if (isObject(payload) && Array.isArray(payload.response)) return payload.response;
    throw invalidResponse(context, `no ${what} list (expected data[] or response[])`);
  }
}
