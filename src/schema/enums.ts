import { builder } from './builder.ts';

export const PlatformEnum = builder.enumType('Platform', {
  values: ['ONLYFANS', 'FANSLY'] as const,
});

export const VendorEnum = builder.enumType('Vendor', {
  description: 'The company whose API the gateway calls to reach the platform.',
  values: ['ONLYFANSAPI', 'OFAUTH'] as const,
});

export const ConnectedAccountStatusEnum = builder.enumType('ConnectedAccountStatus', {
  description:
    "Whether the vendor can reach a connected account, as the vendor's accounts list says.",
  values: {
    CONNECTED: { description: 'The vendor holds a working session.' },
    EXPIRED: {
      description: 'The session has expired: the creator must log in again at the vendor.',
    },
    UNKNOWN: {
      description: "The vendor's accounts list could not be read, or does not name the account.",
    },
  } as const,
});

export const ChatOrderEnum = builder.enumType('ChatOrder', {
  values: {
    RECENT: { description: 'Latest activity first.' },
    OLDEST: { description: 'Oldest activity first.' },
  } as const,
});

export const MediaTypeEnum = builder.enumType('MediaType', {
  values: ['PHOTO', 'VIDEO', 'GIF', 'AUDIO', 'OTHER'] as const,
});
