import type { GatewayContext } from '../context.ts';
import type { MessageRecord } from '../domain.ts';
import { isPlatformId, localId } from '../ids.ts';
import { mediaKey } from '../loaders/media.ts';
import { chatKeyFromParts } from './chat.ts';
import { type AccountKey, accountKeyOf, type ChatKey, type MediaShape } from './shapes.ts';

export function messageLocalId(message: MessageRecord): string {
  return localId(
    message.connectedAccount.externalId,
    message.chatId,
    message.partnerId,
    message.platformId,
  );
}

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

export function messageChat(message: MessageRecord): ChatKey {
  return {
    connectedAccount: message.connectedAccount,
    chatId: message.chatId,
    partnerId: message.partnerId,
  };
}

export function messageSender(message: MessageRecord): AccountKey {
  return accountKeyOf(message.connectedAccount, message.senderId);
}

/**
 * The media of a message, in order. Inline media come with the message; deferred ones are
 * resolved here, only when selected: groups expand to their media, and media missing from every
 * page this request read are looked up in one batch per account. Media that cannot be found are
 * left out.
 */
export async function resolveMedia(
  message: MessageRecord,
  context: GatewayContext,
): Promise<MediaShape[]> {
  if (message.media.kind === 'inline') {
    return message.media.items.map((media) => ({ ...media, message }));
  }
  const externalId = message.connectedAccount.externalId;
  if (!context.connectedAccounts.byExternalId.has(externalId)) return [];
  const ids = [...message.media.refs]
    .sort((left, right) => left.position - right.position)
    .flatMap((ref) =>
      ref.kind === 'media' ? [ref.id] : (context.deferredMedia.group(externalId, ref.id) ?? []),
    );
  const loaded = await context.loaders.media.loadMany(ids.map((id) => mediaKey(externalId, id)));
  return loaded.flatMap((media) =>
    media === null || media instanceof Error ? [] : [{ ...media, message: null }],
  );
}
