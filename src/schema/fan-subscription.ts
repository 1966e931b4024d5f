import type { FanSubscriptionRecord } from '../domain.ts';
import { builder } from './builder.ts';

export const FanSubscriptionRef = builder
  .objectRef<FanSubscriptionRecord>('FanSubscription')
  .implement({
    description:
      "A fan's subscription to the creator of the chat, where the vendor tells: OnlyFansAPI's OnlyFans chat list (`fan.subscribedOnData`). Each fact is null when the vendor leaves it out.",
    fields: (t) => ({
      status: t.exposeString('status', {
        nullable: true,
        description:
          "The vendor's own word, passed on as sent (OnlyFans: null while it renews, `Set to Expire` when renewal is off).",
      }),
      price: t.exposeFloat('price', {
        nullable: true,
        description: 'Dollars per period; 0 for a free subscription.',
      }),
      expiresAt: t.field({
        type: 'DateTime',
        nullable: true,
        resolve: (subscription) => subscription.expiresAt,
      }),
      renewedAt: t.field({
        type: 'DateTime',
        nullable: true,
        resolve: (subscription) => subscription.renewedAt,
      }),
    }),
  });
