import { createHash } from 'node:crypto';
import type { ChatKey } from '../resolvers/shapes.ts';
import type { SendDraft } from './send-rules.ts';

/**
 * Who a send is, for the idempotency record: the key it is kept under (the caller's key, within
 * the caller's token), the fingerprint of what it sends, and the key the vendor is given.
 */

/**
 * The record's key: the token's name, then the caller's key. Each token has its own keys, so a
 * caller can neither see nor block another's; the name is URI-encoded so that it holds no `:`.
 */
export function sendRecordKey(callerName: string, idempotencyKey: string): string {
  return `${encodeURIComponent(callerName)}:${idempotencyKey}`;
}

/**
 * What a send is, hashed: the chat and every field the vendor receives, in one canonical order.
 * The same key with another fingerprint is another message (IDEMPOTENCY_KEY_REUSED).
 */
export function sendFingerprint(
  chat: ChatKey,
  draft: SendDraft,
  replyToMessageId: string | null,
): string {
  const canonical = JSON.stringify([
    chat.connectedAccount.vendor,
    chat.connectedAccount.externalId,
    chat.chatId,
    chat.partnerId,
    draft.text,
    draft.price,
    draft.mediaIds,
    replyToMessageId,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * The key the vendor is given (where it honours one): derived from the record's key, so two
 * tokens that chose the same key for different messages never collide at the vendor, and the
 * token's name does not leave the gateway.
 */
export function vendorIdempotencyKey(recordKey: string): string {
  return `chatgraph-${createHash('sha256').update(recordKey, 'utf8').digest('hex').slice(0, 40)}`;
}
