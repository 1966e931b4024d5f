import { textOf } from './content.ts';
import { unreadMessages } from './dataset.ts';
import type {
  SandboxAccount,
  SandboxChat,
  SandboxMedia,
  SandboxMessage,
  SandboxUser,
  SandboxVendor,
} from './dataset-types.ts';

/**
 * OnlyFans JSON, as both vendors relay it. OnlyFansAPI passes OnlyFans' nulls through (a locked
 * video has `files.full.url: null`); OFAuth's published schema has no nulls there, so for OFAuth
 * the parts without a URL are left out instead (see the OFAuth chats OpenAPI page).
 */

type Json = Record<string, unknown>;

/** ISO-8601 with an explicit `+00:00` offset, the way OnlyFans writes times. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function avatarUrls(user: SandboxUser) {
  if (user.avatarId === null) return { avatar: null, avatarThumbs: null };
  const path = `files/sandbox/${user.avatarId}/avatar.jpg`;
  return {
    avatar: `https://public.onlyfans.com/${path}`,
    avatarThumbs: {
      c50: `https://thumbs.onlyfans.com/public/files/thumbs/c50/${path}`,
      c144: `https://thumbs.onlyfans.com/public/files/thumbs/c144/${path}`,
    },
  };
}

const EXTENSION = { photo: 'jpg', video: 'mp4', gif: 'mp4', audio: 'mp3' } as const;

function renderMedia(media: SandboxMedia, vendor: SandboxVendor): Json {
  const base = `https://cdn2.onlyfans.com/files/sandbox/${media.id}`;
  const hasImage = media.type !== 'audio';
  const fullUrl = media.locked
    ? null
    : `${base}/${media.width}x${media.height}_${media.id}.${EXTENSION[media.type]}`;
  const image = (name: string, width: number, height: number) => ({
    url: hasImage ? `${base}/${name}_${media.id}.jpg` : null,
    width: hasImage ? width : 0,
    height: hasImage ? height : 0,
    size: 0,
  });
  const files: Json = {
    full: {
      url: fullUrl,
      width: media.width,
      height: media.height,
      size: media.locked ? 0 : media.sizeBytes,
      sources: [],
    },
    thumb: image('300x300', 300, 300),
    preview: { ...image('960x', 960, 1280), options: [] },
    squarePreview: image('960x960', 960, 960),
  };
  const rendered: Json = {
    id: Number(media.id),
    type: media.type,
    convertedToVideo: false,
    canView: !media.locked,
    hasError: false,
    createdAt: media.createdAt === null ? null : isoTime(media.createdAt),
    isReady: true,
    duration: media.durationSeconds,
    releaseForms: [],
    hasCustomPreview: false,
    files: vendor === 'ofauth' ? withoutMissingUrls(files) : files,
  };
  if (media.type === 'video') {
    rendered.videoSources = {
      '240': fullUrl === null ? null : `${base}/240p_${media.id}.mp4`,
      '720': fullUrl,
    };
  }
  if (rendered.files === undefined) delete rendered.files;
  return rendered;
}

function withoutMissingUrls(files: Json): Json | undefined {
  const kept = Object.entries(files).filter(([, file]) => (file as { url: unknown }).url !== null);
  if (!kept.some(([name]) => name === 'full')) return undefined;
  return Object.fromEntries(kept);
}

/** An OnlyFans chat message, seen by the creator. */
export function renderOnlyFansMessage(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
): Json {
  const repliedTo =
    message.replyTo === undefined ? undefined : findMessage(chat, message.replyTo.id);
  return {
    ...renderMessageBody(account, chat, message),
    // The answered message in full, without its own reply (OnlyFans nests one level).
    ...(repliedTo === undefined
      ? {}
      : { replyToMessage: renderMessageBody(account, chat, repliedTo) }),
  };
}

/** A message of the chat by id, newest first: replies mostly answer recent messages. */
function findMessage(chat: SandboxChat, id: string): SandboxMessage | undefined {
  return chat.messages.findLast((candidate) => candidate.id === id);
}

function renderMessageBody(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
): Json {
  const sender = message.fromCreator ? account.creator : chat.partner;
  const isPaid = message.price > 0;
  return {
    responseType: 'message',
    text: textOf(message).html,
    giphyId: null,
    lockedText: message.lockedText ?? false,
    isFree: !isPaid,
    // A tip carries its amount in `price`, beside `isTip`; it unlocks nothing.
    price: message.tipAmount > 0 ? message.tipAmount : message.price,
    isMediaReady: true,
    mediaCount: message.media.length,
    media: message.media.map((media) => renderMedia(media, account.vendor)),
    previews: isPaid
      ? message.media.filter((media) => !media.locked).map((media) => Number(media.id))
      : [],
    isTip: message.tipAmount > 0,
    isReportedByMe: false,
    isCouplePeopleMedia: false,
    isMarkdownDisabled: true,
    fromUser: { id: Number(sender.id), _view: 'i' },
    isFromQueue: false,
    canUnsendQueue: false,
    unsendSecondsQueue: 0,
    id: Number(message.id),
    isOpened: message.isRead,
    isNew: !message.fromCreator && !message.isRead,
    isSentByMe: message.fromCreator,
    createdAt: isoTime(message.createdAt),
    changedAt: isoTime(message.createdAt),
    cancelSeconds: 0,
    isLiked: false,
    canPurchase: false,
    canPurchaseReason: isPaid ? 'purchased' : 'free',
    canReport: !message.fromCreator,
    canBePinned: true,
    isPinned: false,
  };
}

/** The chat fields both vendors share; the partner is added by the caller. */
export function renderOnlyFansChatCore(account: SandboxAccount, chat: SandboxChat): Json {
  const last = chat.messages.at(-1);
  const unread = unreadMessages(chat);
  const lastRead = chat.messages[unread.from - 1];
  return {
    canNotSendReason: false,
    canSendMessage: true,
    canGoToProfile: true,
    unreadMessagesCount: chat.unreadCount,
    hasUnreadTips: unread.messages.some((message) => message.tipAmount > 0),
    isMutedNotifications: false,
    ...(last === undefined
      ? account.vendor === 'ofauth'
        ? {}
        : { lastMessage: null }
      : { lastMessage: renderOnlyFansMessage(account, chat, last) }),
    lastReadMessageId: lastRead === undefined ? 0 : Number(lastRead.id),
    hasPurchasedFeed: false,
    countPinnedMessages: 0,
  };
}

/** The short user OnlyFans lists return: `users/list` entries. */
export function renderOnlyFansUser(user: SandboxUser): Json {
  return {
    view: 's',
    id: Number(user.id),
    name: user.displayName,
    username: user.username,
    isVerified: user.isVerified,
    ...avatarUrls(user),
    canEarn: false,
    canChat: true,
  };
}
