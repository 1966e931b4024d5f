import type { ChatCapabilitiesShape } from '../resolvers/chat-capabilities.ts';
import { builder } from './builder.ts';

export const ChatCapabilitiesRef = builder
  .objectRef<ChatCapabilitiesShape>('ChatCapabilities')
  .implement({
    description: 'What a chat allows now, so that a frontend can offer only what will work.',
    fields: (t) => ({
      canSendMessage: t.exposeBoolean('canSendMessage'),
      canSendPaidMessage: t.exposeBoolean('canSendPaidMessage', {
        description: 'A message with a price (pay-per-view): $3–$200, with at least one media id.',
      }),
      canMarkRead: t.exposeBoolean('canMarkRead', {
        description: 'False on OFAuth, which has no mark-read call.',
      }),
      canUnsend: t.exposeBoolean('canUnsend', {
        description:
          "Whether the creator's messages can be unsent at all; the vendor may still refuse an old one (OnlyFans: after 24 hours).",
      }),
    }),
  });
