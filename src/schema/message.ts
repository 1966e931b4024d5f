import type { GatewayContext } from '../context.ts';
import type { MessageRecord } from '../domain.ts';
import { isPlatformId, localId, localIdParts } from '../ids.ts';
import { mediaOfMessage } from '../loaders/media.ts';
import { accountKeyOf } from '../resolvers/shapes.ts';
import { AccountRef } from './account.ts';
import { builder } from './builder.ts';
import { ChatRef, chatKeyFromParts } from './chat.ts';
import { MediaRef } from './media.ts';

export const MessageRef = builder.objectRef<MessageRecord>('Message');

export const MessageConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageConnection' },
  { name: 'MessageEdge' },
);

/** A message by id, read with the other ids of its chat this request asks for. */
export async function loadMessage(
  context: GatewayContext,
  parts: string[],
): Promise<MessageRecord | null> {
  const [externalId = '', chatId = '', partnerId = '', messageId = ''] = parts;
  const chat = chatKeyFromParts(context, [externalId, chatId, partnerId]);
  if (!chat || !isPlatformId(messageId)) return null;
  return context.loaders.messages.load({ externalId: externalId, chatId, partnerId, messageId });
}

builder.node(MessageRef, {
  id: {
    resolve: (message) =>
      localId(
        message.connectedAccount.externalId,
        message.chatId,
        message.partnerId,
        message.platformId,
      ),
  },
  loadWithoutCache: (id, context) => loadMessage(context, localIdParts(id) ?? []),
  fields: (t) => ({
    platformId: t.exposeString('platformId', {
      description: "The platform's own id, always a string.",
    }),
    chat: t.field({
      type: ChatRef,
      resolve: (message) => ({
        connectedAccount: message.connectedAccount,
        chatId: message.chatId,
        partnerId: message.partnerId,
      }),
    }),
    sender: t.field({
      type: AccountRef,
      resolve: (message) => accountKeyOf(message.connectedAccount, message.senderId),
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
    media: t.field({
      type: [MediaRef],
      description: 'Attachments, resolved only when selected.',
      resolve: (message, _args, context) => mediaOfMessage(context, message),
    }),
  }),
});
