import type { MessageText } from './content.ts';

/**
 * The sandbox's ground truth: vendor-neutral records that the route renderers turn into each
 * vendor's JSON per request. Tests read these to know what the sandbox must serve. The shapes are
 * read-only to everything but `dataset-writes.ts`, which applies the vendor write routes and keeps
 * every index consistent.
 */

export type SandboxVendor = 'onlyfansapi' | 'ofauth';
export type SandboxPlatform = 'onlyfans' | 'fansly';
export type SandboxMediaType = 'photo' | 'video' | 'gif' | 'audio';

export interface SandboxUser {
  /** OnlyFans: a decimal integer; Fansly: an 18-digit snowflake (beyond 2^53). */
  id: string;
  username: string;
  /** `null` or `''` for profiles without a display name. */
  displayName: string | null;
  /** Fansly avatar media id, or OnlyFans avatar key; null when the profile has no avatar. */
  avatarId: string | null;
  isVerified: boolean;
  /** Milliseconds since the epoch. */
  createdAtMs: number;
  about: string;
  location: string;
  /** Fansly: whether the creator follows this account. */
  following: boolean;
}

export interface SandboxMedia {
  /** OnlyFans: media id (integer); Fansly: accountMedia id (snowflake). */
  id: string;
  /** Fansly: the underlying media id; OnlyFans: same as `id`. */
  mediaId: string;
  /** Who uploaded it (creator or fan). */
  ownerId: string;
  type: SandboxMediaType;
  width: number;
  height: number;
  /** Seconds; 0 for images. */
  durationSeconds: number;
  sizeBytes: number;
  /** Seconds since the epoch; null where the vendor omits it (OnlyFans via OnlyFansAPI only). */
  createdAt: number | null;
  /** Pay-per-view content the viewer has not bought: no full-size URL. */
  locked: boolean;
  /** US dollars; 0 when free or priced through its bundle or message. */
  price: number;
  /** Fansly: id of the blurred preview media of locked content. */
  previewId: string | null;
  /** Fansly: left out of the messages page; only `account-media/{ids}` returns it. */
  absentFromPage: boolean;
}

/** Fansly accountMediaBundle: several accountMedia sold together. */
export interface SandboxBundle {
  id: string;
  ownerId: string;
  media: readonly SandboxMedia[];
  /** US dollars; 0 when free. */
  price: number;
  locked: boolean;
  createdAt: number;
}

export interface SandboxMessage {
  /** OnlyFans: integer (~1e12) as a string; Fansly: snowflake. Ascending with time in a chat. */
  readonly id: string;
  /**
   * Seconds since the epoch: whole for generated messages; with milliseconds for sent ones (the
   * real clock), which Fansly renders as float seconds.
   */
  readonly createdAt: number;
  readonly fromCreator: boolean;
  /** Index into `MESSAGE_TEXTS` (see `content.ts`); `text` overrides it. */
  readonly textId: number;
  /** The free text of a message sent through the sandbox; use `textOf` to read either. */
  readonly text?: MessageText;
  /** OnlyFans: the text is hidden until the message is bought. */
  readonly lockedText?: boolean;
  /** The message this one answers, and the first message of that thread of replies. */
  readonly replyTo?: { id: string; rootId: string };
  /** OnlyFans pay-per-view price in US dollars; 0 when free. */
  readonly price: number;
  /** US dollars; 0 unless the message is a tip. */
  readonly tipAmount: number;
  /** Read by the recipient. */
  readonly isRead: boolean;
  /** OnlyFans: inline media; Fansly: contentType 1 attachments. */
  readonly media: readonly SandboxMedia[];
  /** Fansly: contentType 2 attachments. */
  readonly bundles: readonly SandboxBundle[];
}

/** What a fan has spent with the creator, all time, in US dollars (cents). */
export interface SandboxFanSpend {
  /** The sum of the others. */
  total: number;
  tips: number;
  messages: number;
  posts: number;
  subscriptions: number;
  streams: number;
}

/** A fan's subscription to the creator and what they spent (OnlyFans `subscribedOnData`). */
export interface SandboxFanValue {
  spend: SandboxFanSpend;
  /** US dollars per period; 0 for a free subscription. */
  price: number;
  /** OnlyFans' word: null while it renews, `Set to Expire` when renewal is off. */
  status: string | null;
  /** Seconds since the epoch. */
  renewedAt: number;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** Days subscribed, as OnlyFans words `duration` ("22 days"). */
  durationDays: number;
}

export interface SandboxChat {
  /** OnlyFans: the fan's user id; Fansly: the group id. */
  readonly id: string;
  readonly partner: SandboxUser;
  /** Oldest first. */
  readonly messages: readonly SandboxMessage[];
  /** Fan messages the creator has not read (generated: the trailing ones). */
  readonly unreadCount: number;
  /** Seconds: the last message's time, or the chat's creation for empty chats. */
  readonly lastActivity: number;
  /** The fan's subscription and spend; null for a fan the platform gives no figures for. */
  fanValue: SandboxFanValue | null;
}

export interface SandboxAccount {
  readonly vendor: SandboxVendor;
  readonly platform: SandboxPlatform;
  /** `acct_…`, `fansly_acct_…` or `conn_…`. */
  readonly handle: string;
  readonly creator: SandboxUser;
  /** Most recent activity first; ties broken by the larger chat id first. */
  readonly chats: readonly SandboxChat[];
  readonly chatById: ReadonlyMap<string, SandboxChat>;
  /** Fans (and the creator) by user id. */
  readonly userById: ReadonlyMap<string, SandboxUser>;
  /** Fans (and the creator) by lowercased username. */
  readonly userByUsername: ReadonlyMap<string, SandboxUser>;
  /** Fansly: every accountMedia (direct or in a bundle) by id. */
  readonly mediaById: ReadonlyMap<string, SandboxMedia>;
}

export interface SandboxTotals {
  accounts: number;
  chats: number;
  messages: number;
  media: number;
  bundles: number;
  absentFromPage: number;
}
