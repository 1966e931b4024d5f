import type { MessageRecord } from '../../../domain.ts';
import type { AccountCallContext } from '../../account-call.ts';
import type { SendMessageRequest, WriteCapabilities } from '../../contract.ts';
import { convertFanslyMessage } from './convert-fansly-message.ts';
import { isObject } from './fansly-json.ts';

/**
 * Fansly's writes through OnlyFansAPI: the send body, the sent message, and what an ack names.
 */

/** Most message ids one `messages/ack` call takes (the documented limit). */
export const FANSLY_ACK_MAX = 25;

/** Fansly's `type` of an ack that marks messages read (1 delivered, 2 read, 3 both, 4 unread). */
export const FANSLY_ACK_READ = 2;

/**
 * What a Fansly account can do in a chat through OnlyFansAPI. Messages carry no price of their
 * own (pay-per-view sits on the vault media) and there is no documented unsend. The docs give no
 * largest number of media per message: the gateway bounds it at 20, as on OnlyFans. OnlyFansAPI
 * documents its `Idempotency-Key` for OnlyFans sends only, so none is relied on here.
 */
export const FANSLY_WRITES: WriteCapabilities = {
  sendMessage: true,
  paidMessages: false,
  maxMediaPerMessage: 20,
  markRead: true,
  unsendMessage: false,
  unsendWindowSeconds: null,
  idempotencyKey: false,
};

/** `{text, mediaFiles?, replyToMessageId?}`: Fansly text is plain, and a message has no price. */
export function fanslySendBody(request: SendMessageRequest): Record<string, unknown> {
  return {
    text: request.text,
    ...(request.mediaIds.length > 0 ? { mediaFiles: request.mediaIds } : {}),
    ...(request.replyToMessageId !== null ? { replyToMessageId: request.replyToMessageId } : {}),
  };
}

/**
 * The message a send answered, converted as a read of its thread converts it: `{data: message}`,
 * or the raw Fansly envelope `{success, response: message}` (bare or under `data`). A Fansly
 * message is priced only by its vault media, which the answer does not carry: its price is null.
 */
export function convertFanslySentMessage(
  body: unknown,
  context: AccountCallContext,
  request: SendMessageRequest,
  creatorAccountId: string | null,
): MessageRecord {
  const payload = isObject(body) && 'data' in body ? body.data : body;
  const raw = isObject(payload) && isObject(payload.response) ? payload.response : payload;
  return convertFanslyMessage(raw, {
    ...context,
    chatId: request.chatId,
    partnerId: request.partnerId,
    creatorAccountId,
  });
}

/**
 * The fan's messages of a page the creator has not read, at most {@link FANSLY_ACK_MAX}. A
 * message whose read state the vendor did not tell counts as unread: acknowledging a read one
 * changes nothing.
 */
export function fanslyUnreadIds(messages: readonly MessageRecord[]): string[] {
  return messages
    .filter((message) => !message.isFromCreator && message.isRead !== true)
    .slice(0, FANSLY_ACK_MAX)
    .map((message) => message.platformId);
}
