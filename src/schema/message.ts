import { localIdParts } from '../ids.ts';
import {
  loadMessage,
  messageChat,
  messageLocalId,
  messageSender,
  resolveMedia,
} from '../resolvers/message.ts';
import type { MessageShape } from '../resolvers/shapes.ts';
import { AccountRef } from './account.ts';
import { builder } from './builder.ts';
import { ChatRef } from './chat.ts';
import { MediaRef } from './media.ts';

export const MessageRef = builder.objectRef<MessageShape>('Message');

export const MessageConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageConnection' },
  { name: 'MessageEdge' },
);

builder.node(MessageRef, {
  id: { resolve: (message, _args, context) => messageLocalId(context, message) },
  loadWithoutCache: (id, context) => loadMessage(context, localIdParts(id) ?? []),
  fields: (t) => ({
    platformId: t.exposeString('platformId', {
      description: "The platform's own id, always a string.",
    }),
    chat: t.field({ type: ChatRef, resolve: (message) => messageChat(message) }),
    sender: t.field({
      type: AccountRef,
      resolve: (message, _args, context) => messageSender(context, message),
    }),
    isFromCreator: t.exposeBoolean('isFromCreator', {
      description: 'True when the connected creator account sent it.',
    }),
    text: t.exposeString('text', { description: 'Plain text: markup removed, entities decoded.' }),
    html: t.exposeString('html', {
      nullable: true,
      description: 'The original markup where the platform sends HTML; null otherwise.',
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (message) => message.createdAt }),
    isFree: t.exposeBoolean('isFree'),
    price: t.exposeFloat('price', {
      nullable: true,
      description: 'Price in US dollars; null when free.',
    }),
    isSeenByPartner: t.exposeBoolean('isSeenByPartner', {
      nullable: true,
      description:
        "Whether the fan has seen (opened) the creator's message, pay-per-view ones included: OnlyFans `isOpened` (OnlyFansAPI and OFAuth), Fansly the fan's `readAt` in the message's interactions. Null on the fan's own messages and where the vendor does not say (a Fansly chat list's last message carries no interactions).",
    }),
    // One field for "is it a tip" and "how much": a tip of unknown amount is rare enough that a
    // separate flag would mostly duplicate this one, and a frontend shows the amount anyway.
    tipAmount: t.exposeFloat('tipAmount', {
      nullable: true,
      description:
        'Dollars the fan tipped with this message; null when it is not a tip (or the vendor did not tell the amount). OnlyFans: `isTip` with its `price`; Fansly: `totalTipAmount` (thousandths, converted). Never part of `price`, which is what unlocks a message.',
    }),
    media: t.field({
      type: [MediaRef],
      description: 'Attachments, resolved only when selected.',
      resolve: (message, _args, context) => resolveMedia(message, context),
    }),
  }),
});
