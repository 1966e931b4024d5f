import type { GatewayContext } from '../context.ts';
import type { MessageRecord } from '../domain.ts';
import { UpstreamError } from '../http/errors.ts';
import type { WriteOutcome } from '../vendors/contract.ts';
import { announceSent, forgetChatAfterUnknownWrite } from './announce-write.ts';
import { awaitSettled } from './await-settled.ts';
import type { IdempotencyStore, SendRecord } from './idempotency-store.ts';
import { sendFingerprint, sendRecordKey, vendorIdempotencyKey } from './send-identity.ts';
import {
  checkSendCapabilities,
  checkSendFields,
  type SendDraft,
  type SendMessageFields,
} from './send-rules.ts';
import { keyReusedError, notSupportedError, storeUnavailableError } from './write-errors.ts';
import type { WriteTarget } from './write-target.ts';

/**
 * `sendMessage`, exactly once per idempotency key:
 *
 *   check the input → reserve the key (PENDING) → call the vendor → settle the key
 *
 * DONE settles SENT with the message, UNKNOWN settles UNKNOWN, and a proven NOT_SENT releases the
 * key so that the same key may try again. A later request with the key answers what the record
 * says without a vendor call: SENT answers the same message, UNKNOWN stays UNKNOWN (only reading
 * the thread can tell). A concurrent duplicate finds the key PENDING and waits, within its own
 * deadline, for the first one's outcome. The store is asked before anything is sent: when it
 * cannot be reached, nothing is sent.
 */

/** How a send ended, for this request. */
export type SendResult =
  | { outcome: 'SENT'; message: MessageRecord }
  | { outcome: 'NOT_SENT'; failure: UpstreamError }
  /** `failure`: the vendor's, when this request made the call. */
  | { outcome: 'UNKNOWN'; failure: UpstreamError | null };

export interface SendMessageRequest extends SendMessageFields {
  /** Platform id of the message answered, in the same chat; null for none. */
  replyToMessageId: string | null;
}

/**
 * Rounds of reserving a key that concurrent requests keep releasing (each proven not sent):
 * past them this request stops trying and answers UNKNOWN rather than loop.
 */
const MAX_RESERVE_ROUNDS = 5;

export async function sendMessageOnce(
  context: GatewayContext,
  target: WriteTarget,
  request: SendMessageRequest,
): Promise<SendResult> {
  const draft = checkSendFields(request);
  const { adapter, chat } = target;
  const writes = adapter.capabilities.writes;
  if (!writes.sendMessage || !adapter.sendMessage) {
    throw notSupportedError('sendMessage', chat.connectedAccount);
  }
  checkSendCapabilities(draft, writes);
  const store = context.idempotencyStore;
  const key = sendRecordKey(context.caller.name, request.idempotencyKey);
  const fingerprint = sendFingerprint(chat, draft, request.replyToMessageId);
  for (let round = 0; round < MAX_RESERVE_ROUNDS; round += 1) {
    const found = await reachStore(() => store.reserve(key, fingerprint));
    if (found === null) {
      return sendReserved(context, target, { key, fingerprint, draft, request });
    }
    if (found.fingerprint !== fingerprint) throw keyReusedError();
    const settled =
      found.state === 'PENDING'
        ? await reachStore(() => awaitSettled(store, key, context.call.signal))
        : found;
    // The first request's outcome did not come within this request's deadline: as far as this
    // request can tell, the message may or may not be sent.
    if (settled === 'gave up') return { outcome: 'UNKNOWN', failure: null };
    // Released: the first request proved nothing was sent, so this one may send.
    if (settled === null) continue;
    return settled.state === 'SENT'
      ? { outcome: 'SENT', message: settled.message }
      : { outcome: 'UNKNOWN', failure: null };
  }
  return { outcome: 'UNKNOWN', failure: null };
}

/** Any failure of the store before the vendor call refuses the send: nothing has left yet. */
async function reachStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch {
    throw storeUnavailableError();
  }
}

/** The vendor call of a key this request reserved, and the settling of the key after it. */
async function sendReserved(
  context: GatewayContext,
  target: WriteTarget,
  send: { key: string; fingerprint: string; draft: SendDraft; request: SendMessageRequest },
): Promise<SendResult> {
  const { key, fingerprint, draft, request } = send;
  const store = context.idempotencyStore;
  let outcome: WriteOutcome<MessageRecord>;
  try {
    outcome = await target.adapter.sendMessage!({
      ...context.call,
      chatId: target.chat.chatId,
      partnerId: target.chat.partnerId,
      text: draft.text,
      price: draft.price,
      mediaIds: draft.mediaIds,
      replyToMessageId: request.replyToMessageId,
      idempotencyKey: vendorIdempotencyKey(key),
    });
  } catch (error) {
    // Adapters answer vendor failures as outcomes; anything thrown may have come after the
    // request left, so it is kept as UNKNOWN: never sent twice.
    await settleQuietly(store, key, {
      state: 'UNKNOWN',
      fingerprint,
      errorCode: error instanceof UpstreamError ? error.code : 'INTERNAL_SERVER_ERROR',
    });
    await forgetChatAfterUnknownWrite(context, target.chat);
    return { outcome: 'UNKNOWN', failure: error instanceof UpstreamError ? error : null };
  }
  switch (outcome.status) {
    case 'DONE':
      await settleQuietly(store, key, { state: 'SENT', fingerprint, message: outcome.value });
      // Only the request that sent it: a repeat of the key answers SENT but sent nothing.
      await announceSent(context, target.chat, outcome.value);
      return { outcome: 'SENT', message: outcome.value };
    case 'UNKNOWN':
      await settleQuietly(store, key, {
        state: 'UNKNOWN',
        fingerprint,
        errorCode: outcome.error.code,
      });
      await forgetChatAfterUnknownWrite(context, target.chat);
      return { outcome: 'UNKNOWN', failure: outcome.error };
    case 'NOT_SENT':
      await settleQuietly(store, key, null);
      return { outcome: 'NOT_SENT', failure: outcome.error };
  }
}

/**
 * Settles a key after the vendor answered. The answer stands whatever the store does: the vendor
 * call is done, and a store that fails now leaves the key PENDING until its record expires, so a
 * repeat waits and answers UNKNOWN rather than send again.
 */
async function settleQuietly(
  store: IdempotencyStore,
  key: string,
  record: Exclude<SendRecord, { state: 'PENDING' }> | null,
): Promise<void> {
  try {
    await store.settle(key, record);
  } catch {
    // See above: nothing to undo.
  }
}
