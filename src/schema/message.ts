import type { MessageRecord } from '../domain.ts';
import { localIdParts } from '../ids.ts';
import {
  loadMessage,
  messageChat,
  messageLocalId,
  messageSender,
  resolveMedia,
} from '../resolvers/message.ts';
import { AccountRef } from './account.ts';
import { builder } from './builder.ts';
import { ChatRef } from './chat.ts';
import { MediaRef } from './media.ts';

export const MessageRef = builder.objectRef<MessageRecord>('Message');

export const MessageConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageConnection' },
  { name: 'MessageEdge' },
);

builder.node(MessageRef, {
  id: { resolve: messageLocalId },
  loadWithoutCache: (id, context) => loadMessage(context, localIdParts(id) ?? []),
  fields: (t) => ({
    platformId: t.exposeString('platformId', {
      description: "The platform's own id, always a string.",
    }),
    chat: t.field({ type: ChatRef, resolve: (message) => messageChat(message) }),
    sender: t.field({ type: AccountRef, resolve: (message) => messageSender(message) }),
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
    media: t.field({
      type: [MediaRef],
      description: 'Attachments, resolved only when selected.',
      resolve: (message, _args, context) => resolveMedia(message, context),
    }),
  }),
});
