import type { FanSpendRecord } from '../domain.ts';
import { builder } from './builder.ts';

export const FanSpendRef = builder.objectRef<FanSpendRecord>('FanSpend').implement({
  description:
    "What a fan has spent with the creator of the chat, in dollars, where the vendor tells: OnlyFansAPI's OnlyFans chat list (`fan.subscribedOnData`). The vendor's own totals, all time.",
  fields: (t) => ({
    total: t.exposeFloat('total'),
    tips: t.exposeFloat('tips'),
    messages: t.exposeFloat('messages', { description: 'Paid (pay-per-view) messages bought.' }),
    posts: t.exposeFloat('posts', { description: 'Paid posts bought.' }),
    subscriptions: t.exposeFloat('subscriptions'),
    streams: t.exposeFloat('streams'),
  }),
});
