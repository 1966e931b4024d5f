import type { CacheReadOptions, ResponseCache } from '../cache/response-cache.ts';
import type {
  AccountRecord,
  ChatOrder,
  ChatRecord,
  ConnectedAccountKey,
  ConnectedAccountRecord,
  ConnectedAccountStatus,
  MediaRecord,
  MessageRecord,
  Vendor,
} from '../domain.ts';
import type { UpstreamCallBudget } from '../http/call-budget.ts';
import type { UpstreamError } from '../http/errors.ts';
import type { SharedRateBudgets } from '../http/shared-rate-budgets.ts';
import type { UpstreamCallObserver, VendorHttpEvents } from '../http/vendor-http-events.ts';

/**
 * The one contract between the gateway and its vendors. Every vendor folder implements it; the
 * layers above (loaders, resolvers, schema) read only these types and the domain records.
 */

/** Per-call options every adapter method takes. */
export interface CallOptions {
  /** Aborts the vendor call (the GraphQL request's deadline). */
  signal?: AbortSignal;
  /** Told of every vendor call made, for cost accounting. */
  observer?: UpstreamCallObserver;
  /** The request's allowance of vendor calls (`limits.maxUpstreamCalls`). */
  budget?: UpstreamCallBudget;
  /**
   * The request's options of the cache of vendor answers: fresh data, and who is told of each
   * read. Reads of every request go through the cache (when configured) whatever this says.
   */
  cacheRead?: CacheReadOptions;
}

export interface ChatListRequest extends CallOptions {
  /** 1–100: the adapter translates it to the vendor's page sizes. */
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
  /** The chat's native id on its platform. */
  chatId: string;
  /** The fan on the other side (the chat's partner). */
  partnerId: string;
  /** 1–100. */
  first: number;
  /** Platform id of the oldest message already seen: return only older ones. Null: newest. */
  before?: string | null;
}

/** Where a filter runs for this vendor/platform pair. */
export type FilterSupport = 'vendor' | 'gateway';

/**
 * A user to look up: by its platform id, or by its username where the vendor looks users up by
 * username (`capabilities.usersBy`). The platform id is always checked: a username that now names
 * another user finds nothing.
 */
export interface UserRef {
  platformId: string;
  /** The username the user had when the gateway last saw it; null when never seen. */
  username: string | null;
}

/** What one connected account's vendor can do; the layers above read it instead of vendor tables. */
export interface AccountCapabilities {
  /** Most chats one chat-list call returns: an inbox page of up to this many is one call. */
  chatPageMax: number;
  /** Most messages one call returns: a `listMessages` of up to this many is one call. */
  messagePageMax: number;
  /** Users per profile lookup call; 0: no lookup (`getUsers` answers empty, no call). */
  usersPerCall: number;
  /**
   * What the vendor's users lookup takes: platform ids, or usernames (then a user the gateway
   * knows no username of cannot be looked up, and the ids of its users carry their usernames).
   */
  usersBy: 'platformId' | 'username';
  /** Ids per `loadMedia` call; 0: media come only inside their message (not addressable alone). */
  mediaPerCall: number;
  unreadFilter: FilterSupport;
  search: FilterSupport;
  /**
   * Whether chat-list entries tell what each partner has spent (`ChatRecord.partnerSpend`): a
   * spend filter can run on this account's chats only then, and always on the gateway.
   */
  partnerSpend: boolean;
  /** Which writes the adapter implements, and their vendor's rules. */
  writes: WriteCapabilities;
}

/** What a connected account's vendor lets the creator do in a chat, and within which rules. */
export interface WriteCapabilities {
  sendMessage: boolean;
  /** Whether a sent message may carry a price (pay-per-view). */
  paidMessages: boolean;
  /** Most media ids one sent message takes. */
  maxMediaPerMessage: number;
  markRead: boolean;
  unsendMessage: boolean;
  /** How long after sending a message may be unsent, in seconds; null: no limit said. */
  unsendWindowSeconds: number | null;
  /**
   * Whether the vendor honours an idempotency key on sends, so that a retry after an unknown
   * outcome cannot send twice; without it a send is tried again only when proven not sent.
   */
  idempotencyKey: boolean;
}

/** Deferred media: converted only when called, that is when `Message.media` is selected. */
export type LazyMedia = () => MediaRecord;

export interface MessagePage {
  /** Newest first. */
  items: MessageRecord[];
  /** Cursor for the next (older) page: the oldest message's platform id; null at the start. */
  nextBefore: string | null;
  /** Profiles the page carried, by platform id (primes the accounts loader). */
  accounts?: Map<string, AccountRecord>;
  /** Deferred media the page carried, by media id. */
  media?: ReadonlyMap<string, LazyMedia>;
  /** Media groups the page carried: their media ids in order, by group id. */
  mediaGroups?: ReadonlyMap<string, readonly string[]>;
}

export interface SendMessageRequest extends CallOptions {
  chatId: string;
  partnerId: string;
  /** Plain text as the creator typed it; may be empty when media are attached. */
  text: string;
  /** US dollars: 0 for a free message, else within the vendor's range (checked above). */
  price: number;
  /** Vendor media ids (vault or upload ids), as given; at most `maxMediaPerMessage`. */
  mediaIds: readonly string[];
  /** Platform id of the message this one answers, or null. */
  replyToMessageId: string | null;
  /**
   * The caller's key for this message. Passed to vendors that honour one (then a retry with it
   * is safe); the gateway's own record of keys protects the rest.
   */
  idempotencyKey: string;
}

export interface MarkReadRequest extends CallOptions {
  chatId: string;
  partnerId: string;
}

export interface UnsendMessageRequest extends CallOptions {
  chatId: string;
  partnerId: string;
  messageId: string;
}

/**
 * How a write ended: done, surely not sent (safe to retry: see `provenNotSent`), or unknown (the
 * vendor may have applied it: retrying may repeat it). Adapters return failures as outcomes
 * rather than throwing, so that no layer above has to guess.
 */
export type WriteOutcome<T> =
  | { status: 'DONE'; value: T }
  | { status: 'NOT_SENT'; error: UpstreamError }
  | { status: 'UNKNOWN'; error: UpstreamError };

/**
 * One connected creator account, read through its vendor. Every method returns domain records
 * and throws only {@link UpstreamError}.
 */
export interface AccountAdapter {
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities: AccountCapabilities;
  listChats(request: ChatListRequest): Promise<ChatPage>;
  listMessages(request: MessageListRequest): Promise<MessagePage>;
  /**
   * Profiles by platform user id, looked up by what `capabilities.usersBy` says,
   * `capabilities.usersPerCall` users per vendor call (calls in parallel). Users the vendor does
   * not know, or cannot be looked up (no username where usernames are needed, a username that now
   * names someone else), are absent from the map.
   */
  getUsers(users: readonly UserRef[], options?: CallOptions): Promise<Map<string, AccountRecord>>;
  /**
   * The username of a user the adapter knows without a call (the creator's own, from the vendor's
   * accounts list), or null. Where users are looked up by username, the ids of users the pages
   * name without a profile (the creator, as a message's sender) carry it. Absent: none known.
   */
  knownUsername?(platformId: string): string | null;
  /**
   * The username of a chat's partner, where users are looked up by username and a webhook names
   * the partner by id only: one the adapter remembers from the chats it listed, else found with
   * at most one vendor call per partner it does not know. Null when not found. Absent: the
   * vendor's ids carry no username.
   */
  partnerUsername?(partnerId: string, options?: CallOptions): Promise<string | null>;
  /**
   * Deferred media by id, converted, `capabilities.mediaPerCall` ids per vendor call; ids not
   * found are absent. An adapter without media lookup answers an empty map without a call.
   */
  loadMedia(ids: readonly string[], options?: CallOptions): Promise<Map<string, MediaRecord>>;
  sendMessage?(request: SendMessageRequest): Promise<WriteOutcome<MessageRecord>>;
  markRead?(request: MarkReadRequest): Promise<WriteOutcome<null>>;
  unsendMessage?(request: UnsendMessageRequest): Promise<WriteOutcome<null>>;
}

/** Something that happened at the vendor, as a webhook told it. */
export type VendorEvent =
  | { kind: 'messageAdded'; message: MessageRecord }
  | {
      kind: 'chatUpdated';
      connectedAccount: ConnectedAccountKey;
      chatId: string;
      partnerId: string;
    }
  | {
      kind: 'connectedAccountUpdated';
      connectedAccount: ConnectedAccountKey;
      status: 'CONNECTED' | 'EXPIRED' | 'UNKNOWN';
    };

/**
 * What the check of a delivery's signature found: the vendor's event id (for dedupe of
 * redeliveries; null when the vendor names none), or why the delivery is refused.
 */
export type WebhookVerdict =
  | { ok: true; eventId: string | null }
  | { ok: false; reason: 'missing-signature' | 'bad-signature' | 'stale-timestamp' | 'malformed' };

/** A vendor's webhook deliveries: where they arrive, how they are verified and read. */
export interface VendorWebhooks {
  /** The gateway path the vendor posts to. */
  path: string;
  /** Checks the vendor's signature over the raw body, before anything parses it. */
  verify(delivery: {
    headers: Readonly<Record<string, string | undefined>>;
    rawBody: Uint8Array;
  }): WebhookVerdict;
  /**
   * The events a verified, parsed delivery tells, converted as reads convert the same data.
   * Unknown event types answer `[]`: acknowledged and ignored, never an error.
   */
  normalize(body: unknown): VendorEvent[];
}

/** One vendor credential: its connection pool and the connected accounts it reaches. */
export interface VendorAdapter {
  readonly vendor: Vendor;
  readonly accounts: readonly AccountAdapter[];
  /** The connected accounts the vendor reports for this credential. */
  listConnectedAccounts(options?: CallOptions): Promise<ConnectedAccountRecord[]>;
  /**
   * A connected account's session status, from the vendor's accounts list as lately read: at most
   * one list read per credential and platform at a time, kept briefly for every request. Never
   * rejects: `UNKNOWN` when the list fails or does not name the account.
   */
  accountStatus(
    connectedAccount: ConnectedAccountKey,
    options?: CallOptions,
  ): Promise<ConnectedAccountStatus>;
  /**
   * Records a status change the vendor told outside its list (a session webhook), so that
   * `accountStatus` answers it until the list is read again.
   */
  recordAccountStatus(connectedAccount: ConnectedAccountKey, status: ConnectedAccountStatus): void;
  readonly webhooks?: VendorWebhooks;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Told of start-up problems that do not stop the gateway (a vendor not answering yet). */
  warn?: (message: string) => void;
  /**
   * Hooks on every vendor's HTTP layer, for metrics, logs and traces: every call (`onCall`,
   * start-up calls included), retries, circuit moves, rate-limit waits.
   * @default {}
   */
  events?: VendorHttpEvents;
  /**
   * The clock a vendor remembers a failed accounts list by and checks its webhook deliveries'
   * timestamps against, in milliseconds (tests pass their own instead of waiting).
   * @default Date.now
   */
  now?: () => number;
  /**
   * Vendor answers kept across requests (`cache` in the config), shared by every vendor's pool.
   * Absent: every read goes to the vendor.
   */
  cache?: ResponseCache;
  /**
   * The rate budgets replicas share through Redis (with `redis` configured): every vendor's pool
   * draws on one budget per credential or connection with the other replicas'. Absent: each
   * process keeps its own.
   */
  sharedRateBudgets?: SharedRateBudgets;
}

/** A vendor as the registry lists it: its config key, and how to connect its accounts. */
export interface VendorModule<ConfigKey extends string, Section> {
  readonly vendor: Vendor;
  /** Its section under `vendors` in the config file. */
  readonly configKey: ConfigKey;
  /**
   * The gateway path its webhook deliveries are posted to: served when its section has a
   * `webhookSecret` (`VendorAdapter.webhooks`), closed otherwise.
   */
  readonly webhookPath: string;
  /** What each kind of account it connects can do (one entry per platform it serves). */
  readonly capabilities: readonly AccountCapabilities[];
  /**
   * Builds the vendor's client and one account adapter per configured account. A vendor that
   * does not answer at start-up is only warned about: its adapters learn what they need later.
   */
  connect(section: Section, options?: ConnectOptions): Promise<VendorAdapter>;
}
