import type { ConnectedAccountKey } from '../../../src/domain.ts';
import type { AccountCallContext } from '../../../src/vendors/account-call.ts';

/** Small vendor-shaped objects, taken from the vendors' documented examples. */

export const onlyFansApiAccount: ConnectedAccountKey = {
  vendor: 'ONLYFANSAPI',
  platform: 'ONLYFANS',
  externalId: 'acct_0123456789abcdef0123456789abcdef',
};

export const ofAuthAccount: ConnectedAccountKey = {
  vendor: 'OFAUTH',
  platform: 'ONLYFANS',
  externalId: 'conn_0123',
};

export function contextFor(
  connectedAccount: ConnectedAccountKey = onlyFansApiAccount,
  routeName = 'onlyfans.messages',
): AccountCallContext {
  return { connectedAccount: connectedAccount, routeName, status: 200 };
}

export const CREATOR_ID = '555';
export const FAN_ID = '123';

export function photo(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 2000000001,
    type: 'photo',
    convertedToVideo: false,
    canView: true,
    hasError: false,
    createdAt: '2025-01-01T01:01:01+00:00',
    isReady: true,
    duration: 0,
    releaseForms: [],
    files: {
      full: {
        url: 'https://cdn2.onlyfans.com/full.jpg',
        width: 1080,
        height: 1350,
        size: 5,
        sources: [],
      },
      thumb: { url: 'https://cdn2.onlyfans.com/thumb.jpg', width: 300, height: 300 },
      preview: { url: 'https://cdn2.onlyfans.com/preview.jpg', width: 960, height: 1200 },
      squarePreview: { url: 'https://cdn2.onlyfans.com/square.jpg', width: 960, height: 960 },
    },
    ...overrides,
  };
}

export function lockedVideo(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 2000000002,
    type: 'video',
    canView: false,
    isReady: true,
    duration: 42.5,
    createdAt: null,
    files: {
      full: { url: null, width: 1920, height: 1080, size: 0, sources: [] },
      thumb: { url: 'https://cdn2.onlyfans.com/vthumb.jpg' },
      preview: { url: 'https://cdn2.onlyfans.com/vpreview.jpg' },
      squarePreview: { url: 'https://cdn2.onlyfans.com/vsquare.jpg' },
    },
    ...overrides,
  };
}

export function message(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    responseType: 'message',
    text: '<p>Message text</p>',
    giphyId: null,
    lockedText: false,
    isFree: true,
    price: 0,
    isMediaReady: true,
    mediaCount: 0,
    media: [],
    previews: [],
    isTip: false,
    fromUser: { id: 123, _view: 'i' },
    id: 1234567890123,
    isOpened: false,
    isNew: true,
    createdAt: '2025-01-01T01:01:01+00:00',
    changedAt: '2025-01-01T01:01:01+00:00',
    ...overrides,
  };
}

export function fan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 123,
    name: 'Name',
    view: 'f',
    about: '<p>About</p>',
    avatar: 'https://public.onlyfans.com/files/avatar.jpg',
    username: 'username',
    displayName: '',
    isVerified: true,
    avatarThumbs: {
      c50: 'https://thumbs.onlyfans.com/c50/avatar.jpg',
      c144: 'https://thumbs.onlyfans.com/c144/avatar.jpg',
    },
    ...overrides,
  };
}
