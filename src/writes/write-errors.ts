import type { ConnectedAccountKey } from '../domain.ts';
import { codedError } from '../errors/coded-errors.ts';
import { upstreamExtensions } from '../errors/mask-error.ts';
import type { UpstreamError } from '../http/errors.ts';

/** The errors writes answer with, beside the vendors' own (which pass as they are). */

/** Names the writes in messages as the schema does. */
export type WriteName = 'sendMessage' | 'markChatRead' | 'unsendMessage';

/** A write the chat's vendor does not offer: refused before any call. */
export function notSupportedError(write: WriteName, connectedAccount: ConnectedAccountKey) {
  return codedError(
    'NOT_SUPPORTED',
    `${write} is not offered by ${connectedAccount.vendor} for ${connectedAccount.platform} accounts (see Chat.capabilities).`,
    { vendor: connectedAccount.vendor, connectedAccount: connectedAccount.externalId },
  );
}

/** The idempotency key was first used for a different message. */
export function keyReusedError() {
  return codedError(
    'IDEMPOTENCY_KEY_REUSED',
    'This idempotencyKey was already used for a different message (another chat, text, price, media or reply): nothing was sent. Use a new key for a new message.',
    { field: 'idempotencyKey' },
  );
}

/** The record of keys cannot be reached: exactly once cannot be promised, so nothing is sent. */
export function storeUnavailableError() {
  return codedError(
    'IDEMPOTENCY_STORE_UNAVAILABLE',
    'The record of idempotency keys cannot be reached, so the message was not sent (sending it could send it twice). Try again later with the same idempotencyKey.',
  );
}

/**
 * A send that may or may not have reached the fan. `failure` is the vendor's, when this request
 * made the call; a repeat of the key, or a duplicate that stopped waiting, has none.
 */
export function sendOutcomeUnknownError(failure: UpstreamError | null) {
  return codedError(
    'SEND_OUTCOME_UNKNOWN',
    'The vendor may or may not have sent this message. Do not send it again with a new idempotencyKey (that could send it twice): read the thread to find out whether it arrived.',
    failure ? { ...upstreamExtensions(failure), code: 'SEND_OUTCOME_UNKNOWN' } : {},
  );
}

/** A mark read or unsend that may or may not have been applied; repeating it is harmless. */
export function writeOutcomeUnknownError(write: WriteName, failure: UpstreamError) {
  return codedError(
    'WRITE_OUTCOME_UNKNOWN',
    `The vendor may or may not have applied ${write} (${failure.message}). Doing it again is harmless.`,
    { ...upstreamExtensions(failure), code: 'WRITE_OUTCOME_UNKNOWN' },
  );
}
