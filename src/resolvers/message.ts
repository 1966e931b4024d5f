import type { GatewayContext } from '../context.ts';
import type { MessageRecord } from '../domain.ts';
import { isPlatformId, localId } from '../ids.ts';
import { mediaKey } from '../loaders/media.ts';
import { chatIdParts, chatKeyFromParts } from './chat.ts';
import {
  type AccountKey,
  accountKeyOf,
  type ChatKey,
  type MediaShape,
  type MessageShape,
  messageIn,
} from './shapes.ts';

/** A Message's id: the parts of the id of the chat it was read in, then its own platform id. */
export function messageLocalId(context: GatewayContext, message: MessageShape): string {
  return localId(...chatIdParts(context, messageChat(message)), message.platformId);
}

/** A message by id, read with the other ids of its chat this request asks for. */
export async function loadMessage(
  context: GatewayContext,
  parts: string[],
): Promise<MessageShape | null> {
  const messageId = parts.at(-1);
  const chat = chatKeyFromParts(context, parts.slice(0, -1));
  if (!chat || !isPlatformId(messageId)) return null;
  const { chatId, partnerId } = chat;
  const message = await context.loaders.messages.load({
    externalId: chat.connectedAccount.externalId,
    chatId,
    partnerId,
    messageId: messageId!,
  });
  return message && messageIn(message, chat);
}

export function messageChat(message: MessageShape): ChatKey {
  return {
    connectedAccount: message.connectedAccount,
    chatId: message.chatId,
    partnerId: message.partnerId,
    partnerUsername: message.partnerUsername,
  };
}

/**
 * Who sent a message: the chat's partner, with the username the chat came with, or the creator,
 * with the username its adapter knows without a call (where users are looked up by username).
 */
export function messageSender(context: GatewayContext, message: MessageShape): AccountKey {
  const username =
    message.senderId === message.partnerId
      ? message.partnerUsername
      : (context.connectedAccounts.byExternalId
          .get(message.connectedAccount.externalId)
          ?.adapter.knownUsername?.(message.senderId) ?? null);
  return accountKeyOf(message.connectedAccount, message.senderId, username);
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
