/**
 * Normalized records: what every vendor's JSON is converted into, and what the schema resolves
 * from. Only converters in `src/vendors/<vendor>/` read vendor JSON; everything above them sees
 * these shapes.
 *
 * Conventions: ids are strings (some platforms' ids exceed 2^53); times are ISO-8601 in UTC with
 * milliseconds; money is US dollars; optional facts a vendor may omit are `null`, never absent.
 */

export type Vendor = 'ONLYFANSAPI' | 'OFAUTH';
export type Platform = 'ONLYFANS' | 'FANSLY';
export type MediaType = 'PHOTO' | 'VIDEO' | 'GIF' | 'AUDIO' | 'OTHER';
export type ChatOrder = 'RECENT' | 'OLDEST';
/**
 * Whether the vendor can reach a connected account: its session works (`CONNECTED`), it has
 * expired and the creator must log in again (`EXPIRED`), or the vendor did not say (`UNKNOWN`).
 */
export type ConnectedAccountStatus = 'CONNECTED' | 'EXPIRED' | 'UNKNOWN';

/**
 * Routing key of a connected creator account: which vendor to call, for which platform, with
 * which of the vendor's ids (`acct_…`, `fansly_acct_…` or `conn_…`).
 */
export interface ConnectedAccountKey {
  vendor: Vendor;
  platform: Platform;
  /** The vendor's id of the connected account. */
  externalId: string;
}

export interface ConnectedAccountRecord {
  connectedAccount: ConnectedAccountKey;
  /** The creator's own platform user id, when the vendor reports it. */
  platformUserId: string | null;
  username: string | null;
  displayName: string | null;
  /** The session's state as the vendor's list reports it. */
  status: ConnectedAccountStatus;
}

/** A platform user: a fan, or a creator. */
export interface AccountRecord {
  platform: Platform;
  /** Which connected account this profile was read through (profiles are fetched per account). */
  connectedAccount: ConnectedAccountKey;
  platformId: string;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  isVerified: boolean | null;
}

export interface MediaRecord {
  platform: Platform;
  connectedAccount: ConnectedAccountKey;
  platformId: string;
  type: MediaType;
  mimeType: string | null;
  width: number | null;
  height: number | null;
  /** Seconds. */
  duration: number | null;
  /** Full-size URL; null when locked or not ready. */
  url: string | null;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  isAccessible: boolean;
  /** US dollars; null when free. */
  price: number | null;
}

/**
 * An attachment kept unresolved until `Message.media` is selected: one media item, or a group
 * of them (resolved to its media in order), by the vendor's id.
 */
export interface DeferredMediaRef {
  kind: 'media' | 'group';
  id: string;
  /** Where it sits among the message's attachments. */
  position: number;
}

/**
 * Media of a message: converted with the message (`inline`), or references the vendor's adapter
 * converts only when `Message.media` is selected (`deferred`).
 */
export type MessageMedia =
  | { kind: 'inline'; items: MediaRecord[] }
  | { kind: 'deferred'; refs: DeferredMediaRef[] };

export interface MessageRecord {
  connectedAccount: ConnectedAccountKey;
  platform: Platform;
  /** The chat's native id on its platform (the fan's user id, or a group id). */
  chatId: string;
  /** The fan on the other side of the chat. */
  partnerId: string;
  platformId: string;
  senderId: string;
  isFromCreator: boolean;
  /** Plain text: markup removed, entities decoded. */
  text: string;
  /** The original markup where the platform sends HTML; null otherwise. */
  html: string | null;
  createdAt: string;
  isFree: boolean;
  /** US dollars; null when free. */
  price: number | null;
  /** Whether the recipient has read it; null when the vendor does not say. */
  isRead: boolean | null;
  /**
   * Whether the fan has seen the creator's message: null on the fan's own messages and where the
   * vendor does not say. The same fact as `isRead` seen from one side, kept apart because a fan's
   * message read by the creator says nothing about what the fan saw.
   */
  isSeenByPartner: boolean | null;
  /** US dollars a fan tipped with this message; null when it is not a tip (or the amount is unsaid). */
  tipAmount: number | null;
  media: MessageMedia;
}

/** What a fan has spent with the creator, in US dollars, as the vendor totals it. */
export interface FanSpendRecord {
  total: number;
  tips: number;
  messages: number;
  posts: number;
  subscriptions: number;
  streams: number;
}

/** The fan's subscription to the creator, each fact null where the vendor leaves it out. */
export interface FanSubscriptionRecord {
  /** The vendor's own word (e.g. OnlyFans `Set to Expire`); null for none. */
  status: string | null;
  /** US dollars per period; null when not said. */
  price: number | null;
  expiresAt: string | null;
  renewedAt: string | null;
}

export interface ChatRecord {
  connectedAccount: ConnectedAccountKey;
  platform: Platform;
  /** The chat's native id on its platform (the fan's user id, or a group id). */
  chatId: string;
  partnerId: string;
  unreadCount: number;
  lastMessage: MessageRecord | null;
  lastActivityAt: string | null;
  canSendMessage: boolean | null;
  /** The partner's profile when the vendor's page carried it (primes the accounts loader). */
  partner: AccountRecord | null;
  /** What the partner has spent; null where the vendor's chat list does not tell. */
  partnerSpend: FanSpendRecord | null;
  /** The partner's subscription; null where the vendor's chat list does not tell. */
  partnerSubscription: FanSubscriptionRecord | null;
}
