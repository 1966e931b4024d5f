/**
 * What the floor reads from the vendors' JSON, and the plain records it turns it into: only the
 * fields the benchmark's screens show, trusted as the sandbox serves them (no validation).
 */

export type FloorKind = 'onlyfans' | 'fansly' | 'ofauth';

export interface FloorAccount {
  kind: FloorKind;
  externalId: string;
  /** The creator's own user id, to tell their messages from the fan's. */
  creatorId: string;
}

export interface FloorProfile {
  platformId: string;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
}

export interface FloorMedia {
  platformId: string;
  type: string;
  url: string | null;
  thumbnailUrl: string | null;
  isAccessible: boolean;
  price: number | null;
}

export interface FloorMessage {
  platformId: string;
  text: string;
  createdAt: string;
  isFromCreator: boolean;
  price: number | null;
  senderId: string;
  /** OnlyFans: inline. Fansly: resolved by `resolveFanslyMedia`. */
  media: FloorMedia[];
  /** Fansly: accountMedia ids of the attachments, bundles expanded, in order. */
  mediaIds?: string[];
}

export interface FloorChat {
  chatId: string;
  partnerId: string;
  unreadCount: number;
  /** Seconds since the epoch of the last message; null for an empty chat. */
  lastActivity: number | null;
  partner: FloorProfile | null;
  lastMessage: FloorMessage | null;
}

export interface FloorMessagePage {
  messages: FloorMessage[];
  hasMore: boolean;
  /** Fansly: the raw accountMedia the page carried, by id. */
  pageMedia?: Map<string, FanslyAccountMedia>;
}

export interface OnlyFansMediaJson {
  id: number;
  type: string;
  canView: boolean;
  files?: { full?: { url: string | null }; thumb?: { url: string | null } };
}

export interface OnlyFansMessageJson {
  id: number;
  text: string;
  price: number;
  isFree: boolean;
  createdAt: string;
  fromUser: { id: number };
  media: OnlyFansMediaJson[];
}

export interface OnlyFansChatJson {
  fan?: { id: number; username: string; name: string | null; avatar: string | null };
  withUser?: { id: number };
  unreadMessagesCount: number;
  lastMessage?: OnlyFansMessageJson | null;
}

export interface FanslyMessageJson {
  id: string;
  content: string;
  senderId: string;
  createdAt: number;
  attachments: Array<{ contentType: number; contentId: string }>;
}

export interface FanslyAccountJson {
  id: string;
  username: string;
  displayName?: string;
  avatar?: { locations: Array<{ location: string }> };
}

export interface FanslyAccountMedia {
  id: string;
  price: number;
  access: boolean;
  media: { type: number; locations: Array<{ location: string }> };
  preview?: { locations: Array<{ location: string }> };
}

const FANSLY_MEDIA_TYPE: Record<number, string> = { 1: 'PHOTO', 2: 'VIDEO', 3: 'AUDIO' };

/** OnlyFans text is HTML; a floor strips tags and the few entities the sandbox writes. */
function plainText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return html;
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function onlyFansMedia(media: OnlyFansMediaJson): FloorMedia {
  return {
    platformId: String(media.id),
    type: media.type.toUpperCase(),
    url: media.files?.full?.url ?? null,
    thumbnailUrl: media.files?.thumb?.url ?? null,
    isAccessible: media.canView,
    price: null,
  };
}

export function onlyFansMessage(message: OnlyFansMessageJson, creatorId: string): FloorMessage {
  const senderId = String(message.fromUser.id);
  return {
    platformId: String(message.id),
    text: plainText(message.text),
    createdAt: new Date(message.createdAt).toISOString(),
    isFromCreator: senderId === creatorId,
    price: message.price > 0 ? message.price : null,
    senderId,
    media: message.media.map(onlyFansMedia),
  };
}

export function fanslyMessage(message: FanslyMessageJson, creatorId: string): FloorMessage {
  return {
    platformId: message.id,
    text: message.content,
    createdAt: new Date(message.createdAt * 1000).toISOString(),
    isFromCreator: message.senderId === creatorId,
    price: null,
    senderId: message.senderId,
    media: [],
  };
}

export function fanslyMedia(raw: FanslyAccountMedia): FloorMedia {
  return {
    platformId: raw.id,
    type: FANSLY_MEDIA_TYPE[raw.media.type] ?? 'OTHER',
    url: raw.access ? (raw.media.locations[0]?.location ?? null) : null,
    thumbnailUrl: raw.preview?.locations[0]?.location ?? null,
    isAccessible: raw.access,
    price: raw.price > 0 ? raw.price / 1000 : null,
  };
}

export function onlyFansCreatedSeconds(
  message: OnlyFansMessageJson | null | undefined,
): number | null {
  return message ? Date.parse(message.createdAt) / 1000 : null;
}
