import type {
  AccountRecord,
  ChatOrder,
  ChatRecord,
  ConnectedAccountKey,
  ConnectedAccountRecord,
  MediaRecord,
  MessageRecord,
} from '../domain.ts';
import type { UpstreamCallBudget } from '../http/call-budget.ts';
import type { UpstreamCallObserver } from '../http/vendor-http-events.ts';

/** Per-call options every provider method takes. */
export interface CallOptions {
  /** Aborts the vendor call (the GraphQL request's deadline). */
  signal?: AbortSignal;
  /** Told of every vendor call made, for cost accounting. */
  observer?: UpstreamCallObserver;
  /** The request's allowance of vendor calls (`limits.maxUpstreamCalls`). */
  budget?: UpstreamCallBudget;
}

export interface ChatListRequest extends CallOptions {
  /** 1–100: the client translates it to the vendor's page sizes. */
  first: number;
  /** Entries to skip, in the vendor's list order. */
  offset: number;
  order: ChatOrder;
  /** Passed to the vendor only where `capabilities.unreadFilter` is `'vendor'`. */
  unreadOnly?: boolean;
  /** Passed to the vendor only where `capabilities.search` is `'vendor'`. */
  search?: string | null;
}

export interface ChatPage {
  items: ChatRecord[];
  /** Offset of the next page in the same order and filters, or null at the end of the list. */
  nextOffset: number | null;
}

export interface MessageListRequest extends CallOptions {
  /** The chat's native id (OnlyFans: the fan's user id; Fansly: the group id). */
  chatId: string;
  /** The fan on the other side (OnlyFans: same as chatId; Fansly: read from the chat). */
  partnerId: string;
  /** 1–100. */
  first: number;
  /** Platform id of the oldest message already seen: return only older ones. Null: newest. */
  before?: string | null;
}

/** Opaque raw Fansly accountMedia, converted only when `Message.media` is selected. */
export type RawFanslyAccountMedia = { readonly __raw: 'fansly.accountMedia' };

/** The aggregated media a Fansly messages page carries, for priming the media loader. */
export interface FanslyMediaIndex {
  /** Raw accountMedia of the page, by accountMedia id. */
  accountMedia: Map<string, RawFanslyAccountMedia>;
  /** Each bundle's accountMedia ids, in order, by bundle id. */
  bundles: Map<string, string[]>;
}

export interface MessagePage {
  /** Newest first. */
  items: MessageRecord[];
  /** Cursor for the next (older) page: the oldest message's platform id; null at the start. */
  nextBefore: string | null;
  /** Fansly only: the aggregated media of the page. */
  fanslyMedia?: FanslyMediaIndex;
  /** Profiles the page carried, by platform id (primes the accounts loader). */
  accounts?: Map<string, AccountRecord>;
}

/** Where a filter runs for this vendor/platform pair. */
export type FilterSupport = 'vendor' | 'gateway';

export interface ProviderCapabilities {
  unreadFilter: FilterSupport;
  search: FilterSupport;
}

/**
 * One connected creator account, read through its vendor. Every method returns normalized
 * records and throws only {@link import('../http/errors.ts').UpstreamError}.
 */
export interface ChatProvider {
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities: ProviderCapabilities;
  /** Most messages one vendor call returns: a `listMessages` of up to this many is one call. */
  readonly messagePageMax: number;
  listChats(request: ChatListRequest): Promise<ChatPage>;
  listMessages(request: MessageListRequest): Promise<MessagePage>;
  /**
   * Profiles by platform user id, batched at most 10 ids per vendor call (calls in parallel).
   * Ids the vendor does not know are absent from the map. Fansly has no lookup by id and answers
   * an empty map.
   */
  getUsers(ids: readonly string[], options?: CallOptions): Promise<Map<string, AccountRecord>>;
}

/** Fansly extras: the media lookup for attachments a messages page did not carry. */
export interface FanslyChatProvider extends ChatProvider {
  /** One `account-media/{ids}` call; ids not found are absent from the map. */
  getAccountMedia(
    ids: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, RawFanslyAccountMedia>>;
  /** Converts one raw accountMedia (from a page or from `getAccountMedia`) into a record. */
  convertAccountMedia(raw: RawFanslyAccountMedia): MediaRecord;
  /** Profiles by username (`users/{usernames}`). */
  getUsersByUsername(
    usernames: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, AccountRecord>>;
}

/** A vendor client: one credential, one pool, many connected accounts. */
export interface VendorClient {
  /** The connected accounts the vendor reports for this credential. */
  listConnectedAccounts(options?: CallOptions): Promise<ConnectedAccountRecord[]>;
  close(): Promise<void>;
}
