import type {
  AccountRecord,
  ChatOrder,
  ConnectedAccountKey,
  MediaRecord,
} from '../../../domain.ts';
import type { GetJsonRequest, JsonResponse } from '../../../http/vendor-request.ts';
import { chunkIds } from '../../batch.ts';
import type {
  CallOptions,
  ChatListRequest,
  ChatPage,
  FanslyChatProvider,
  MessageListRequest,
  MessagePage,
  ProviderCapabilities,
  RawFanslyAccountMedia,
} from '../../contract.ts';
import { fetchOffsetWindow } from '../../paging.ts';
import { convertFanslyAccount } from './convert-fansly-account.ts';
import { convertFanslyChatList } from './convert-fansly-chat.ts';
import { convertFanslyAccountMedia } from './convert-fansly-media.ts';
import { convertFanslyMessage } from './convert-fansly-message.ts';
import {
  expectObject,
  type FanslyConvertContext,
  invalidResponse,
  isObject,
  nonEmptyString,
  optionalId,
} from './fansly-json.ts';
import { asRawAccountMedia, indexFanslyPageMedia } from './fansly-media-index.ts';

/**
 * What the provider calls through: the OnlyFansAPI client, which owns the one pool of its origin
 * and adds the credentials, so this provider never holds the key.
 */
export interface OnlyFansApiTransport {
  readonly vendor: 'ONLYFANSAPI';
  getJson(request: Omit<GetJsonRequest, 'headers'>): Promise<JsonResponse>;
}

export interface FanslyProviderOptions {
  /** The OnlyFansAPI client (one per credential, shared by every connected account). */
  client: OnlyFansApiTransport;
  /** The vendor's handle of the connected Fansly account, `fansly_acct_…`. */
  externalId: string;
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
export const FANSLY_IDS_PER_CALL = 50;

const CHAT_ORDER: Record<ChatOrder, string> = { RECENT: 'newest', OLDEST: 'oldest' };

/** `_pagination.next_page` of an OnlyFansAPI envelope, when the page says more follow. */
function hasNextPage(body: unknown): boolean {
  return (
    isObject(body) &&
    isObject(body._pagination) &&
    nonEmptyString(body._pagination.next_page) !== null
  );
}

/**
 * Fansly chats through OnlyFansAPI (`/api/fansly/{acct}/…`) for one connected account.
 *
 * Messages pages keep their `accountMedia` and bundles raw in `MessagePage.fanslyMedia`; a media
 * record is built only by {@link FanslyProvider.convertAccountMedia}, and
 * {@link FanslyProvider.mediaConversions} counts how often that happened.
 */
export class FanslyProvider implements FanslyChatProvider {
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities: ProviderCapabilities = { unreadFilter: 'gateway', search: 'vendor' };
  readonly messagePageMax = MAX_PAGE;
  readonly #client: OnlyFansApiTransport;
  #creatorAccountId: string | null;
  #mediaConversions = 0;

  constructor(options: FanslyProviderOptions) {
    const { client, externalId, creatorAccountId = null } = options;
    if (client.vendor !== 'ONLYFANSAPI') {
      throw new TypeError(`FanslyProvider needs the OnlyFansAPI client, got ${client.vendor}`);
    }
    this.#client = client;
    this.#creatorAccountId = creatorAccountId;
    this.connectedAccount = { vendor: 'ONLYFANSAPI', platform: 'FANSLY', externalId: externalId };
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
    const context = this.#context('fansly.chats');
    const search = request.search?.trim() || undefined;
    const window = await fetchOffsetWindow(
      request.offset,
      request.first,
      { max: MAX_PAGE },
      async ({ offset, limit }) => {
        const body = await this.#get(
          context,
          this.#path('chats'),
          { limit, offset, order: CHAT_ORDER[request.order], search },
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
    const context = this.#context('fansly.messages');
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(request.first) || 1));
    const body = await this.#get(
      context,
      this.#path('chats', encodeURIComponent(request.chatId), 'messages'),
      { limit, before: request.before || undefined },
      request,
    );
    const data = this.#data(body, context);
    if (!Array.isArray(data.messages)) {
      throw invalidResponse(context, 'data.messages is not an array');
    }
    const pageMedia = indexFanslyPageMedia(data.accountMedia, data.accountMediaBundles, context);
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
    return {
      items,
      nextBefore: hasMore ? (items.at(-1)?.platformId ?? null) : null,
      fanslyMedia: pageMedia.index,
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
   * Raw accountMedia by id, `FANSLY_IDS_PER_CALL` ids per `account-media/{ids}` call, calls in
   * parallel. Ids the vendor does not return are absent.
   */
  async getAccountMedia(
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<Map<string, RawFanslyAccountMedia>> {
    const context = this.#context('fansly.accountMedia');
    const list = await this.#listByKeys(context, 'account-media', ids, 'accountMedia', options);
    const found = new Map<string, RawFanslyAccountMedia>();
    for (const raw of list) {
      const object = expectObject(raw, context, 'an accountMedia');
      const id = optionalId(object.id);
      if (id === null) throw invalidResponse(context, 'an accountMedia id is missing');
      found.set(id, asRawAccountMedia(object));
    }
    return found;
  }

  convertAccountMedia(raw: RawFanslyAccountMedia): MediaRecord {
    this.#mediaConversions += 1;
    return convertFanslyAccountMedia(raw, this.#context('fansly.accountMedia'));
  }

  /**
   * Profiles by username through `users/{usernames}`, keyed by the username as asked (Fansly
   * usernames are case-insensitive). Unknown usernames are absent.
   */
  async getUsersByUsername(
    usernames: readonly string[],
    options: CallOptions = {},
  ): Promise<Map<string, AccountRecord>> {
    const context = this.#context('fansly.users');
    const asked = new Map<string, string[]>();
    for (const username of usernames) {
      const key = username.toLowerCase();
      asked.set(key, [...(asked.get(key) ?? []), username]);
    }
    const list = await this.#listByKeys(context, 'users', [...asked.keys()], 'account', options);
    const found = new Map<string, AccountRecord>();
    for (const raw of list) {
      const account = convertFanslyAccount(raw, context);
      for (const username of asked.get(account.username?.toLowerCase() ?? '') ?? []) {
        found.set(username, account);
      }
    }
    return found;
  }

  #context(routeName: string): FanslyConvertContext {
    return { connectedAccount: this.connectedAccount, routeName };
  }

  /** `/api/fansly/{acct}/…`; the caller percent-encodes every dynamic segment. */
  #path(...encodedSegments: string[]): string {
    const account = encodeURIComponent(this.connectedAccount.externalId);
    return `/api/fansly/${account}/${encodedSegments.join('/')}`;
  }

  async #get(
    context: FanslyConvertContext,
    path: string,
    query: GetJsonRequest['query'],
    options: CallOptions,
  ): Promise<unknown> {
    const response = await this.#client.getJson({
      route: context.routeName,
      path,
      query,
      externalId: this.connectedAccount.externalId,
      signal: options.signal,
      observer: options.observer,
      budget: options.budget,
    });
    return response.body;
  }

  /**
   * The lists of `{resource}/{keys}` calls, `FANSLY_IDS_PER_CALL` keys (deduplicated) per call,
   * the calls in parallel, concatenated in call order.
   */
  async #listByKeys(
    context: FanslyConvertContext,
    resource: string,
    keys: readonly string[],
    what: string,
    options: CallOptions,
  ): Promise<unknown[]> {
    const pages = await Promise.all(
      chunkIds(keys, FANSLY_IDS_PER_CALL).map(async (chunk) => {
        const body = await this.#get(
          context,
          this.#path(resource, chunk.map(encodeURIComponent).join(',')),
          {},
          options,
        );
        return this.#list(body, context, what);
      }),
    );
    return pages.flat();
  }

  /** The `data` object of an OnlyFansAPI envelope. */
  #data(body: unknown, context: FanslyConvertContext) {
    if (!isObject(body)) throw invalidResponse(context, 'the body is not an object');
    return expectObject(body.data, context, 'data');
  }

  /**
   * The list of an `account-media` or `users` body: the raw Fansly envelope `{success, response:
   * [...]}`, that envelope under `data`, or `data` as the list itself.
   */
  #list(body: unknown, context: FanslyConvertContext, what: string): unknown[] {
    const payload = isObject(body) && 'data' in body ? body.data : body;
    if (Array.isArray(payload)) return payload;
    if (isObject(payload) && Array.isArray(payload.response)) return payload.response;
    throw invalidResponse(context, `no ${what} list (expected data[] or response[])`);
  }
}
