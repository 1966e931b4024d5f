import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { decodeGlobalIdOf, isPlatformId } from '../ids.ts';
import { inputError } from '../writes/send-rules.ts';
import type { WriteTarget } from '../writes/write-target.ts';
import { chatKeyFromParts } from './chat.ts';

/**
 * What a write's ids name, in the caller's view, found without a vendor call. An id of an account
 * outside the token's scope answers exactly as one of an account that is not connected at all:
 * the same code and message, so a write says nothing of what the caller may not see.
 */

/** Decodes `id` as a `typename` id; a malformed one is BAD_USER_INPUT naming the field. */
function partsOf(id: string, typename: 'Chat' | 'Message', field: string): string[] {
  try {
    return decodeGlobalIdOf(id, typename).parts;
  } catch (error) {
    if (error instanceof GraphQLError) throw inputError(field, `"${field}": ${error.message}`);
    throw error;
  }
}

/** The chat of `chatId`, where the caller may write. */
export function chatTarget(context: GatewayContext, chatId: string): WriteTarget {
  const chat = chatKeyFromParts(context, partsOf(chatId, 'Chat', 'chatId'));
  const entry =
    chat && context.connectedAccounts.byExternalId.get(chat.connectedAccount.externalId);
  if (!chat || !entry) {
    throw inputError('chatId', '"chatId" names no chat this gateway token can reach.');
  }
  return { adapter: entry.adapter, chat };
}

/**
 * A Message id's parts: its chat's id parts (which on vendors that look users up by username
 * carry the partner's), then the message's platform id.
 */
function messagePartsOf(id: string, field: string): { chatParts: string[]; platformId: string } {
  const parts = partsOf(id, 'Message', field);
  return { chatParts: parts.slice(0, -1), platformId: parts.at(-1) ?? '' };
}

/** The message of `messageId` and its chat, where the caller may write. */
export function messageTarget(
  context: GatewayContext,
  messageId: string,
): WriteTarget & { messageId: string } {
  const { chatParts, platformId } = messagePartsOf(messageId, 'messageId');
  const chat = chatKeyFromParts(context, chatParts);
  const entry =
    chat && context.connectedAccounts.byExternalId.get(chat.connectedAccount.externalId);
  if (!chat || !entry || !isPlatformId(platformId)) {
    throw inputError('messageId', '"messageId" names no message this gateway token can reach.');
  }
  return { adapter: entry.adapter, chat, messageId: platformId };
}

/** The platform id of the message a send answers: a Message id of the same chat. */
export function replyTarget(target: WriteTarget, replyToMessageId: string): string {
  const { chatParts, platformId } = messagePartsOf(replyToMessageId, 'replyToMessageId');
  const [externalId, chatId, partnerId] = chatParts;
  const { chat } = target;
  if (
    externalId !== chat.connectedAccount.externalId ||
    chatId !== chat.chatId ||
    partnerId !== chat.partnerId ||
    !isPlatformId(platformId)
  ) {
    throw inputError(
      'replyToMessageId',
      '"replyToMessageId" must be the id of a message in the chat of "chatId".',
    );
  }
  return platformId;
}
