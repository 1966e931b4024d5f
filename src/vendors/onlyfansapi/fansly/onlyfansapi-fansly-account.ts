import type { CacheKind } from '../../../cache/cache-kind.ts';
import { convertKeptBody } from '../../../cache/kept-conversions.ts';
import { freshRead } from '../../../cache/response-cache.ts';
import type {
  AccountRecord,
  ChatOrder,
  ConnectedAccountKey,
  MediaRecord,
  MessageRecord,
} from '../../../domain.ts';
import { UpstreamError } from '../../../http/errors.ts';
import { provenNotSent } from '../../../http/write-outcome.ts';
import type { AccountCallContext } from '../../account-call.ts';
import {
  type AccountCall,
  type AccountWrite,
  getAccountJson,
  sendAccountJson,
} from '../../account-call.ts';
import { chunkIds } from '../../batch.ts';
import type {
  AccountAdapter,
  AccountCapabilities,
  CallOptions,
  ChatListRequest,
  ChatPage,
  LazyMedia,
  MarkReadRequest,
  MessageListRequest,
  MessagePage,
  SendMessageRequest,
  UserRef,
  WriteOutcome,
} from '../../contract.ts';
import { fetchOffsetWindow } from '../../paging.ts';
import { outcomeOfWrite } from '../../write-outcomes.ts';
import type { OnlyFansApiClient } from '../onlyfansapi-client.ts';
import { onlyFansApiSaysNotSent } from '../onlyfansapi-request-outcome.ts';
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
import { FanslyPartnerUsernames } from './fansly-partner-usernames.ts';
import {
  convertFanslySentMessage,
  FANSLY_ACK_MAX,
  FANSLY_ACK_READ,
  FANSLY_WRITES,
  fanslySendBody,
  fanslyUnreadIds,
} from './fansly-writes.ts';

export interface OnlyFansApiFanslyAccountOptions {
  /**
   * The creator's own Fansly account id, for `isFromCreator`. When absent it is learned from the
   * first chat list page (`account_id`); until then a message is the creator's when its sender is
   * not the fan.
   * @default null
   */
  creatorAccountId?: string | null;
  /**
   * The creator's own Fansly username (from the accounts list), so that the creator, whom no chat
   * list names, can be looked up (users are looked up by username) and its Account id resolves.
   * @default null
   */
  creatorUsername?: string | null;
}

/** The vendor's largest page, for chats and messages alike. */
const MAX_PAGE = 100;

/**
 * Ids per `account-media/{ids}` call. The vendor documents no limit; 50 keeps the path short
 * (≈1 KB of snowflakes) and the calls of a larger batch run in parallel.
 */
const IDS_PER_CALL = 50;

/**
 * Usernames per `users/{usernames}` call. The vendor documents no limit either; Fansly usernames
 * run to about 30 characters, so 25 keep the path under 1 KB like the media ids.
 */
const USERNAMES_PER_CALL = 25;

/** A username the `users/{usernames}` path can carry: no separator, nothing empty. */
const LOOKUP_USERNAME = /^[^,/]{1,64}$/;

const CHAT_ORDER: Record<ChatOrder, string> = { RECENT: 'newest', OLDEST: 'oldest' };

/** Chats read to find a partner a webhook named by id only: who just wrote is at the top. */
const NEWEST_CHATS = 20;

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
  // OnlyFansAPI looks Fansly users up by username only (`users/{usernames}`).
  usersPerCall: USERNAMES_PER_CALL,
  usersBy: 'username',
  mediaPerCall: IDS_PER_CALL,
  unreadFilter: 'gateway',
  search: 'vendor',
  // The chat list names a subscription tier at most.
  partnerSpend: false,
  writes: FANSLY_WRITES,
};

/**
 * Fansly chats through OnlyFansAPI (`/api/fansly/{acct}/…`) for one connected account.
 *
 * Message attachments are deferred: a messages page hands its `accountMedia` over as lazy
 * converters (`MessagePage.media`) and its bundles as media groups, so a media record is built
 * only when a query selects `Message.media`; {@link mediaConversions} counts how often that
 * happened. Media a page did not carry are looked up by id ({@link loadMedia}).
 *
 * Writes: a send is tried again only when the failure proves nothing was sent (OnlyFansAPI's
 * `"request_outcome": "not_sent"`, or no connection made): the vendor documents its
 * `Idempotency-Key` for OnlyFans sends only, so a retry after an unknown outcome could send twice.
 * Marking read acknowledges the fan's unread messages among the newest; there is no unsend.
 */
export class OnlyFansApiFanslyAccount implements AccountAdapter {
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities = ONLYFANSAPI_FANSLY_CAPABILITIES;
  readonly #client: OnlyFansApiClient;
  #creatorAccountId: string | null;
  readonly #creatorUsername: string | null;
  readonly #partnerUsernames = new FanslyPartnerUsernames({
    // Fresh: a partner new enough to be unknown is not in a chat list kept from before.
    readNewestChats: async (options) =>
      (
        await this.listChats({
          ...options,
          cacheRead: freshRead(options.cacheRead),
          first: NEWEST_CHATS,
          offset: 0,
          order: 'RECENT',
        })
      ).items,
  });
  #mediaConversions = 0;

  constructor(
    client: OnlyFansApiClient,
    externalId: string,
    options: OnlyFansApiFanslyAccountOptions = {},
  ) {
    this.#client = client;
    this.#creatorAccountId = options.creatorAccountId ?? null;
    this.#creatorUsername = options.creatorUsername ?? null;
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
            cache: { kind: 'chatPages' },
          },
          request,
        );
        const creatorAccountId = this.#creatorAccountId;
        const page = convertKeptBody(body, JSON.stringify(['chats', creatorAccountId]), () => {
          const list = convertFanslyChatList(this.#data(body, context), {
            ...context,
            creatorAccountId,
          });
          const hasMore = list.hasMore ?? (hasNextPage(body) || list.chats.length >= limit);
          // An empty page that claims more would have the window ask again forever.
          const items = list.chats;
          return { items, hasMore: hasMore && items.length > 0, creator: list.creatorAccountId };
        });
        this.#creatorAccountId ??= page.creator;
        return page;
      },
    );
    this.#partnerUsernames.remember(window.items);
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
        cache: { kind: 'messagePages', chatId: request.chatId },
      },
      request,
    );
    const { chatId, partnerId } = request;
    const creatorAccountId = this.#creatorAccountId;
    const variant = JSON.stringify(['messages', chatId, partnerId, creatorAccountId]);
    const { items, hasMore, pageMedia } = convertKeptBody(body, variant, () => {
      const data = this.#data(body, context);
      if (!Array.isArray(data.messages)) {
        throw invalidResponse(context, 'data.messages is not an array');
      }
      const pageMedia = readFanslyPageMedia(data.accountMedia, data.accountMediaBundles, context);
      const { attachmentPrice } = pageMedia;
      const messageContext = { ...context, chatId, partnerId, creatorAccountId, attachmentPrice };
      const items = data.messages.map((message) => convertFanslyMessage(message, messageContext));
      const hasMore =
        typeof data.hasMore === 'boolean'
          ? data.hasMore
          : hasNextPage(body) || items.length >= limit;
      return { items, hasMore, pageMedia };
    });
    const media = new Map<string, LazyMedia>();
    for (const [id, raw] of pageMedia.accountMedia) media.set(id, () => this.#convertMedia(raw));
    return {
      items,
      nextBefore: hasMore ? (items.at(-1)?.platformId ?? null) : null,
      media,
      mediaGroups: pageMedia.bundles,
    };
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
      IDS_PER_CALL,
      'media',
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
   * Profiles by platform id, looked up by the usernames the refs carry (Fansly usernames are
   * case-insensitive), 25 per `users/{usernames}` call, the calls in parallel. A user is found
   * only when its username names it still: a renamed user's old name finds nothing, or someone
   * else, whom the id check leaves out. Refs without a username are not looked up, but for the
   * creator's own, whose username the accounts list gave.
   */
  async getUsers(
    refs: readonly UserRef[],
    options: CallOptions = {},
  ): Promise<Map<string, AccountRecord>> {
    const wanted = refs
      .map((ref) =>
        ref.username === null ? { ...ref, username: this.knownUsername(ref.platformId) } : ref,
      )
      .filter(
        (ref): ref is UserRef & { username: string } =>
          ref.username !== null && LOOKUP_USERNAME.test(ref.username),
      );
    const usernames = wanted.map((ref) => ref.username.toLowerCase());
    const { list, context } = await this.#listByKeys(
      'fansly.users',
      'users',
      usernames,
      'account',
      options,
      USERNAMES_PER_CALL,
      'profiles',
    );
    const byUsername = new Map<string, AccountRecord>();
    for (const raw of list) {
      const account = convertFanslyAccount(raw, context);
      if (account.username) byUsername.set(account.username.toLowerCase(), account);
    }
    const found = new Map<string, AccountRecord>();
    for (const ref of wanted) {
      const account = byUsername.get(ref.username.toLowerCase());
      if (account?.platformId === ref.platformId) found.set(ref.platformId, account);
    }
    return found;
  }

  /** `POST …/chats/{chatId}/messages`; the answer converted as a read of the thread converts it. */
  sendMessage(request: SendMessageRequest): Promise<WriteOutcome<MessageRecord>> {
    return outcomeOfWrite(async () => {
      const { body, context } = await this.#send(
        {
          routeName: 'fansly.sendMessage',
          method: 'POST',
          path: this.#path('chats', encodeURIComponent(request.chatId), 'messages'),
          body: fanslySendBody(request),
          mayRetry: (error) => provenNotSent(error, onlyFansApiSaysNotSent),
        },
        request,
      );
      return convertFanslySentMessage(body, context, request, this.#creatorAccountId);
    }, onlyFansApiSaysNotSent);
  }

  /**
   * Reads the newest {@link FANSLY_ACK_MAX} messages (one call) and acknowledges the fan's unread
   * ones as read (`messages/ack`, type 2, one call; none when nothing is unread). One ack takes
   * at most that many ids, so older unread messages beyond the newest page stay unread. Marking
   * read is idempotent: the ack is retried on retryable failures. A failed read wrote nothing.
   */
  async markRead(request: MarkReadRequest): Promise<WriteOutcome<null>> {
    let unread: string[];
    try {
      // Fresh: the ids to acknowledge are those unread now, not when a page was kept.
      const page = await this.listMessages({
        ...request,
        cacheRead: freshRead(request.cacheRead),
        first: FANSLY_ACK_MAX,
        before: null,
      });
      unread = fanslyUnreadIds(page.items);
    } catch (error) {
      if (error instanceof UpstreamError) return { status: 'NOT_SENT', error };
      throw error;
    }
    if (unread.length === 0) return { status: 'DONE', value: null };
    return outcomeOfWrite(async () => {
      await this.#send(
        {
          routeName: 'fansly.ack',
          method: 'POST',
          path: this.#path('chats', encodeURIComponent(request.chatId), 'messages', 'ack'),
          body: { messageIds: unread, type: FANSLY_ACK_READ },
          mayRetry: () => true,
        },
        request,
      );
      return null;
    }, onlyFansApiSaysNotSent);
  }

  /**
   * The username of a chat's partner, for a webhook that names the fan by id only: remembered
   * from the chat lists read, else one read of the newest chats (see FanslyPartnerUsernames).
   */
  partnerUsername(partnerId: string, options: CallOptions = {}): Promise<string | null> {
    return this.#partnerUsernames.of(partnerId, options);
  }

  /** The username the adapter knows without a call: the creator's own, from the accounts list. */
  knownUsername(platformId: string): string | null {
    return platformId === this.#creatorAccountId ? this.#creatorUsername : null;
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

  #send(write: AccountWrite, options: CallOptions) {
    return sendAccountJson(this.#client, this.connectedAccount, write, options);
  }

  /**
   * The lists of `{resource}/{keys}` calls, `perCall` keys (deduplicated) per call, the calls in
   * parallel, concatenated in call order.
   */
  async #listByKeys(
    routeName: string,
    resource: string,
    keys: readonly string[],
    what: string,
    options: CallOptions,
    perCall: number,
    kind: CacheKind,
  ): Promise<{ list: unknown[]; context: AccountCallContext }> {
    const context = { connectedAccount: this.connectedAccount, routeName };
    const pages = await Promise.all(
      chunkIds(keys, perCall).map(async (chunk) => {
        const path = this.#path(resource, chunk.map(encodeURIComponent).join(','));
        const { body } = await this.#get({ routeName, path, query: {}, cache: { kind } }, options);
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
