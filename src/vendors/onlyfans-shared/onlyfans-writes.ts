import type { MessageRecord } from '../../domain.ts';
import { textToHtml } from '../../text/text-to-html.ts';
import type { AccountCallContext } from '../account-call.ts';
import type { SendMessageRequest, WriteCapabilities } from '../contract.ts';
import { convertOnlyFansMessage } from './convert-onlyfans-message.ts';

/**
 * What sending, marking read and unsending are on OnlyFans, through any vendor that relays it.
 * Paths, field names for media, keys and envelopes differ per vendor and stay in its adapter.
 */

/**
 * OnlyFans's rules for writes: paid messages, and unsending within 24 hours of sending. The docs
 * give no largest number of media per message: the gateway bounds it at 20, as the sandbox does.
 */
export function onlyFansWrites(
  vendorOwn: Pick<WriteCapabilities, 'markRead' | 'idempotencyKey'>,
): WriteCapabilities {
  return {
    sendMessage: true,
    paidMessages: true,
    maxMediaPerMessage: 20,
    markRead: vendorOwn.markRead,
    unsendMessage: true,
    unsendWindowSeconds: 24 * 60 * 60,
    idempotencyKey: vendorOwn.idempotencyKey,
  };
}

/**
 * The fields of a sent message both vendors name alike: the text as OnlyFans's HTML, and a price
 * only on a paid message (OnlyFans takes 0 or 3–200 dollars, checked above the adapters).
 */
export function onlyFansSendFields(request: SendMessageRequest): { text: string; price?: number } {
  return {
    text: textToHtml(request.text),
    ...(request.price > 0 ? { price: request.price } : {}),
  };
}

/**
 * The message a send answered, converted as a read of its thread converts it, so that both give
 * the same record.
 */
export function convertOnlyFansSentMessage(
  raw: unknown,
  context: AccountCallContext,
  request: SendMessageRequest,
  creatorUserId: string | null,
): MessageRecord {
  const { chatId, partnerId } = request;
  return convertOnlyFansMessage(raw, context, { chatId, partnerId, creatorUserId });
}
