import { textOf } from './content.ts';
import { unreadMessages } from './dataset.ts';
import type {
  SandboxAccount,
  SandboxBundle,
  SandboxChat,
  SandboxMedia,
  SandboxMessage,
  SandboxUser,
} from './dataset-types.ts';

/**
 * Fansly JSON as OnlyFansAPI relays it (onlyfansapi-fansly-*.openapi.md): ids as strings, message
 * times in seconds, account times in milliseconds, money in thousandths of a dollar, integer
 * enums. A profile without a display name simply has no `displayName` key: the schema allows no
 * null there.
 */

type Json = Record<string, unknown>;

const MEDIA_TYPE = { photo: 1, video: 2, gif: 2, audio: 3 } as const;
const MIME_TYPE = {
  photo: 'image/jpeg',
  video: 'video/mp4',
  gif: 'video/mp4',
  audio: 'audio/mpeg',
};
const EXTENSION = { photo: 'jpeg', video: 'mp4', gif: 'mp4', audio: 'mp3' } as const;

/** Dollars to Fansly's thousandths of a dollar (15000 = $15.00). */
export function toThousandths(dollars: number): number {
  return Math.round(dollars * 1000);
}

function cdnLocation(ownerId: string, mediaId: string, extension: string) {
  return {
    locationId: '1',
    location: `https://cdn3.fansly.com/${ownerId}/${mediaId}.${extension}`,
  };
}

export function renderFanslyAccount(user: SandboxUser): Json {
  return {
    id: user.id,
    username: user.username,
    ...(user.displayName === null ? {} : { displayName: user.displayName }),
    flags: 0,
    createdAt: user.createdAtMs,
    followCount: 0,
    subscriberCount: 0,
    about: user.about,
    location: user.location,
    following: user.following,
    ...(user.avatarId === null
      ? {}
      : {
          avatar: {
            id: user.avatarId,
            type: 1,
            mimetype: 'image/jpeg',
            locations: [cdnLocation(user.id, user.avatarId, 'jpeg')],
          },
        }),
  };
}

/** Attachments in the order the message shows them: single media first, then bundles. */
function renderAttachments(message: SandboxMessage): Json[] {
  const contents = [
    ...message.media.map((media) => ({ contentType: 1, contentId: media.id })),
    ...message.bundles.map((bundle) => ({ contentType: 2, contentId: bundle.id })),
  ];
  return contents.map((content, pos) => ({ messageId: message.id, ...content, pos }));
}

/** The short form chat lists carry as `groups[].lastMessage`. */
function renderLastMessage(account: SandboxAccount, chat: SandboxChat, message: SandboxMessage) {
  return {
    id: message.id,
    type: 1,
    content: textOf(message).plain,
    groupId: chat.id,
    senderId: message.fromCreator ? account.creator.id : chat.partner.id,
    createdAt: message.createdAt,
    attachments: renderAttachments(message),
    embeds: [],
  };
}

export function renderFanslyMessage(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
): Json {
  const recipient = message.fromCreator ? chat.partner : account.creator;
  const delivered = message.createdAt + 1;
  return {
    ...renderLastMessage(account, chat, message),
    dataVersion: 1,
    correlationId: message.id,
    inReplyTo: message.replyTo?.id ?? null,
    inReplyToRoot: message.replyTo?.rootId ?? null,
    interactions: [
      message.isRead
        ? { userId: recipient.id, readAt: message.createdAt + 60, deliveredAt: delivered }
        : { userId: recipient.id, deliveredAt: delivered },
    ],
    likes: [],
    totalTipAmount: toThousandths(message.tipAmount),
  };
}

/** The chat list entry (`data.data[]`) of one chat. */
export function renderFanslyChat(account: SandboxAccount, chat: SandboxChat): Json {
  const last = chat.messages.at(-1);
  const lastUnread = chat.unreadCount > 0 ? unreadMessages(chat).messages.at(-1) : undefined;
  return {
    account_id: account.creator.id,
    groupId: chat.id,
    partnerAccountId: chat.partner.id,
    partnerUsername: chat.partner.username,
    flags: 0,
    unreadCount: chat.unreadCount,
    subscriptionTierId: null,
    ...(last === undefined ? {} : { lastMessageId: last.id }),
    ...(lastUnread === undefined ? {} : { lastUnreadMessageId: lastUnread.id }),
  };
}

export function renderFanslyGroup(account: SandboxAccount, chat: SandboxChat): Json {
  const last = chat.messages.at(-1);
  const member = (userId: string) => ({
    groupId: chat.id,
    userId,
    type: 0,
    permissionFlags: 65535,
  });
  return {
    id: chat.id,
    type: 1,
    groupFlags: 0,
    createdBy: chat.partner.id,
    users: [member(chat.partner.id), member(account.creator.id)],
    ...(last === undefined ? {} : { lastMessage: renderLastMessage(account, chat, last) }),
  };
}

function mediaMetadata(media: SandboxMedia): string {
  if (media.type === 'photo') return JSON.stringify({ resolutionMode: 2 });
  return JSON.stringify({ duration: media.durationSeconds, frameRate: 30 });
}

function renderMediaObject(media: SandboxMedia, mediaId: string, withLocations: boolean): Json {
  const extension = EXTENSION[media.type];
  return {
    id: mediaId,
    type: MEDIA_TYPE[media.type],
    status: 1,
    accountId: media.ownerId,
    mimetype: MIME_TYPE[media.type],
    flags: 0,
    ...(withLocations ? { location: `/${media.ownerId}/${mediaId}.${extension}` } : {}),
    width: media.width,
    height: media.height,
    metadata: mediaMetadata(media),
    updatedAt: media.createdAt ?? 0,
    createdAt: media.createdAt ?? 0,
    variants: [],
    variantHash: {},
    locations: withLocations ? [cdnLocation(media.ownerId, mediaId, extension)] : [],
  };
}

function permissions(locked: boolean) {
  return {
    permissionFlags: [],
    accountPermissionFlags: { flags: locked ? 0 : 2, metadata: '{}' },
  };
}

export function renderFanslyAccountMedia(media: SandboxMedia): Json {
  const rendered: Json = {
    id: media.id,
    accountId: media.ownerId,
    mediaId: media.mediaId,
    previewId: media.previewId,
    permissionFlags: 0,
    price: toThousandths(media.price),
    createdAt: media.createdAt ?? 0,
    deletedAt: null,
    deleted: false,
    permissions: permissions(media.locked),
    likeCount: 0,
    media: renderMediaObject(media, media.mediaId, !media.locked),
    purchased: false,
    whitelisted: false,
    accountPermissionFlags: media.locked ? 0 : 2,
    access: !media.locked,
  };
  if (media.previewId !== null) {
    // A blurred still anyone may see, so a locked item can still be shown.
    rendered.preview = renderMediaObject({ ...media, type: 'photo' }, media.previewId, true);
  }
  return rendered;
}

export function renderFanslyBundle(bundle: SandboxBundle): Json {
  return {
    id: bundle.id,
    accountId: bundle.ownerId,
    previewId: null,
    permissionFlags: 0,
    price: toThousandths(bundle.price),
    createdAt: bundle.createdAt,
    deletedAt: null,
    deleted: false,
    accountMediaIds: bundle.media.map((media) => media.id),
    bundleContent: bundle.media.map((media, pos) => ({ accountMediaId: media.id, pos })),
    permissions: permissions(bundle.locked),
    purchased: false,
    whitelisted: false,
    accountPermissionFlags: bundle.locked ? 0 : 2,
    access: !bundle.locked,
  };
}
