import type { SandboxFanValue, SandboxUser } from './dataset-types.ts';
import { DATASET_NOW } from './generate-chats.ts';
import { avatarUrls, isoTime } from './render-onlyfans.ts';

/**
 * The full `fan` profile OnlyFansAPI embeds in each OnlyFans chat, with exactly the keys of the
 * vendor's documented example (onlyfansapi-onlyfans-list-chats.page.md). Most are constant flags;
 * identity, avatar and dates come from the dataset, and so do the fan's subscription and spend
 * (`subscribedOnData`, null for a fan without figures).
 */

const LISTS_STATES = [
  ['following', 'Following', true, 'ALREADY_EXISTS'],
  ['fans', 'Fans', true, 'ALREADY_EXISTS'],
  ['rebill_off', 'Renew Off', false, null],
  ['rebill_on', 'Renew On', true, 'ALREADY_EXISTS'],
  ['recent', 'Recent (last 24 hours)', false, 'SYSTEM_LIST'],
  ['friends', 'Friends', false, null],
  ['muted', 'Muted', false, null],
  ['tagged', 'Tagged', false, 'SYSTEM_LIST'],
] as const;

function subscribe(user: SandboxUser, type: 'regular' | 'auto', joined: string, expires: string) {
  return {
    id: Number(user.id.slice(-6)),
    date: joined,
    type,
    price: 0,
    action: 'subscribe',
    userId: Number(user.id),
    discount: 0,
    duration: 30,
    offerEnd: null,
    earningId: 0,
    isCurrent: true,
    startDate: joined,
    cancelDate: null,
    expireDate: expires,
    offerStart: null,
    regularPrice: 0,
    subscriberId: Number(user.id),
  };
}

/** `subscribedOnData`: the fan's subscription on the creator, with what they spent, in dollars. */
function renderSubscribedOn(user: SandboxUser, value: SandboxFanValue, joined: string) {
  const expires = isoTime(value.expiresAt);
  return {
    price: value.price,
    status: value.status,
    isMuted: false,
    duration: `${value.durationDays} days`,
    newPrice: value.price,
    tipsSumm: value.spend.tips,
    expiredAt: expires,
    postsSumm: value.spend.posts,
    renewedAt: isoTime(value.renewedAt),
    totalSumm: value.spend.total,
    subscribes: [subscribe(user, 'auto', joined, expires)],
    streamsSumm: value.spend.streams,
    subscribeAt: joined,
    messagesSumm: value.spend.messages,
    regularPrice: value.price,
    discountPeriod: 1,
    subscribePrice: value.price,
    subscribesSumm: value.spend.subscriptions,
    discountPercent: 0,
    discountStartedAt: null,
    unsubscribeReason: 'No reason given',
    discountFinishedAt: null,
    hasActivePaidSubscriptions: value.price > 0,
  };
}

export function renderOnlyFansFan(
  user: SandboxUser,
  fanValue: SandboxFanValue | null,
): Record<string, unknown> {
  const { avatar, avatarThumbs } = avatarUrls(user);
  const joined = isoTime(Math.floor(user.createdAtMs / 1000));
  const expires = isoTime(DATASET_NOW + 22 * 86_400);
  const lastSeen = isoTime(DATASET_NOW - (Number(user.id) % 86_400));
  const subscription = {
    price: 0,
    status: null,
    isMuted: false,
    duration: '22 days',
    newPrice: 0,
    expiredAt: expires,
    renewedAt: joined,
  };
  return {
    id: Number(user.id),
    name: user.displayName,
    view: 'f',
    about: user.about === '' ? '' : `<p>${user.about}</p>`,
    avatar,
    header: avatar === null ? null : avatar.replace('avatar.jpg', 'header.jpg'),
    notice: '',
    canChat: true,
    canEarn: false,
    tipsMax: 200,
    tipsMin: 5,
    website: null,
    hasLinks: false,
    isFriend: false,
    joinDate: joined,
    lastSeen,
    location: user.location,
    username: user.username,
    wishlist: null,
    canReport: true,
    hasLabels: false,
    hasStream: false,
    isBlocked: false,
    hasFriends: false,
    hasStories: false,
    headerSize: avatar === null ? null : { width: 767, height: 1152 },
    isVerified: user.isVerified,
    postsCount: 0,
    audiosCount: 0,
    canRestrict: true,
    displayName: '',
    isPerformer: false,
    listsStates: LISTS_STATES.map(([id, name, hasUser, reason]) => ({
      id,
      name,
      type: id,
      hasUser,
      canAddUser: reason === null,
      cannotAddUserReason: reason,
    })),
    mediasCount: 0,
    photosCount: 0,
    tipsEnabled: false,
    videosCount: 0,
    avatarThumbs,
    canLookStory: true,
    canTrialSend: false,
    headerThumbs:
      avatar === null
        ? null
        : {
            w480: avatarThumbs!.c144.replace('c144', 'w480').replace('avatar', 'header'),
            w760: avatarThumbs!.c144.replace('c144', 'w760').replace('avatar', 'header'),
          },
    isRestricted: false,
    subscribedBy: false,
    subscribedOn: true,
    canCreateTrial: false,
    canPayInternal: true,
    canUnsubscribe: false,
    favoritedCount: 0,
    favoritesCount: 0,
    hasPinnedPosts: false,
    isAdultContent: false,
    showMediaCount: true,
    subscribePrice: 0,
    canCommentStory: true,
    hasSavedStreams: false,
    isRealPerformer: false,
    showPostsInFeed: true,
    tipsMinInternal: 1,
    tipsTextEnabled: true,
    canAddSubscriber: false,
    subscribedByData: {
      ...subscription,
      subscribes: [subscribe(user, 'regular', joined, expires)],
      subscribeAt: joined,
      regularPrice: 0,
      discountPeriod: 1,
      subscribePrice: 0,
      discountPercent: 0,
      showPostsInFeed: true,
      discountStartedAt: null,
      unsubscribeReason: 'No reason given',
      discountFinishedAt: null,
      hasActivePaidSubscriptions: false,
    },
    subscribedOnData: fanValue === null ? null : renderSubscribedOn(user, fanValue, joined),
    subscribersCount: null,
    hasNotViewedStory: false,
    isPaywallRequired: true,
    isReferrerAllowed: true,
    isSpringConnected: false,
    archivedPostsCount: 0,
    canCreatePromotion: false,
    hasScheduledStream: false,
    isSpotifyConnected: false,
    subscribedByExpire: false,
    finishedStreamsCount: 0,
    isPendingAutoprolong: false,
    isPrivateRestriction: false,
    showSubscribersCount: false,
    subscribedOnDuration: fanValue === null ? null : `${fanValue.durationDays} days`,
    canReceiveChatMessage: true,
    currentSubscribePrice: 0,
    firstPublishedPostDate: null,
    subscribedByExpireDate: expires,
    subscribedIsExpiredNow: false,
    subscribedOnExpiredNow: false,
    subscribedByAutoprolong: true,
    privateArchivedPostsCount: 0,
    shouldShowFinishedStreams: false,
    isMarkdownDisabledForAbout: true,
    avatarHeaderConverterUpload: false,
  };
}
