import { codedError } from '../errors/coded-errors.ts';
import type { WriteCapabilities } from '../vendors/contract.ts';

/**
 * The rules a message must keep before any vendor is called: what every vendor documents for a
 * send (a price of 0 or $3–$200, only with media) and what the chat's vendor allows
 * (`WriteCapabilities`). A broken rule is BAD_USER_INPUT naming the rule and the input field.
 */

/** Longest text accepted, in characters: far above any chat message, short of abuse. */
export const MAX_TEXT_LENGTH = 10_000;
/** The vendors' range for a paid message, in dollars (0 is free). */
export const MIN_PRICE = 3;
export const MAX_PRICE = 200;
/** Longest idempotency key, in characters (printable ASCII only). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** Media ids read at most, whatever the vendor allows: the bound on the list argument. */
export const MAX_MEDIA_IDS = 100;
/** Longest media id passed on to a vendor. */
const MAX_MEDIA_ID_LENGTH = 255;

/** The input of `sendMessage` as the schema passes it (the chat is resolved apart). */
export interface SendMessageFields {
  text: string;
  price?: number | null;
  mediaIds?: readonly string[] | null;
  idempotencyKey: string;
}

/** A message that keeps the rules, in the shape the adapters take. */
export interface SendDraft {
  text: string;
  /** Dollars; 0 for free. */
  price: number;
  mediaIds: readonly string[];
}

/** A BAD_USER_INPUT error naming the input field that broke a rule. */
export function inputError(field: string, message: string) {
  return codedError('BAD_USER_INPUT', message, { field });
}

/** The key rules: 1–255 printable ASCII characters, so it can travel in a vendor header. */
export function checkIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(key)) {
    throw inputError(
      'idempotencyKey',
      `"idempotencyKey" must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters (a UUID, say), unique per intended message.`,
    );
  }
}

/** The rules that hold whatever the vendor: run before the chat's account is looked at. */
export function checkSendFields(input: SendMessageFields): SendDraft {
  checkIdempotencyKey(input.idempotencyKey);
  const mediaIds = input.mediaIds ?? [];
  const price = input.price ?? 0;
  if (input.text.length > MAX_TEXT_LENGTH) {
    throw inputError('text', `"text" is longer than ${MAX_TEXT_LENGTH} characters.`);
  }
  if (input.text.trim() === '' && mediaIds.length === 0) {
    throw inputError('text', '"text" is empty: a message needs text or at least one media id.');
  }
  if (mediaIds.length > MAX_MEDIA_IDS) {
    throw inputError('mediaIds', `"mediaIds" takes at most ${MAX_MEDIA_IDS} ids.`);
  }
  if (mediaIds.some((id) => id.length === 0 || id.length > MAX_MEDIA_ID_LENGTH)) {
    throw inputError(
      'mediaIds',
      `"mediaIds" holds an empty id or one longer than ${MAX_MEDIA_ID_LENGTH} characters.`,
    );
  }
  if (price !== 0) {
    // Cents at most: a vendor would round anything finer, and the fingerprint must not differ
    // for prices the vendor cannot tell apart.
    const cents = Math.round(price * 100);
    if (
      !Number.isFinite(price) ||
      price < MIN_PRICE ||
      price > MAX_PRICE ||
      Math.abs(cents - price * 100) > 1e-6
    ) {
      throw inputError(
        'price',
        `"price" is 0 (free) or from ${MIN_PRICE} to ${MAX_PRICE} dollars, in whole cents.`,
      );
    }
    if (mediaIds.length === 0) {
      throw inputError(
        'price',
        '"price" needs at least one media id: the media are what it unlocks.',
      );
    }
  }
  return { text: input.text, price, mediaIds };
}

/** The rules of the chat's vendor; `sendMessage` itself is checked by the caller (NOT_SUPPORTED). */
export function checkSendCapabilities(draft: SendDraft, writes: WriteCapabilities): void {
  if (draft.price !== 0 && !writes.paidMessages) {
    throw inputError(
      'price',
      '"price" must be 0 or left out: this chat\'s vendor sends no paid messages (see Chat.capabilities.canSendPaidMessage).',
    );
  }
  if (draft.mediaIds.length > writes.maxMediaPerMessage) {
    throw inputError(
      'mediaIds',
      `"mediaIds" takes at most ${writes.maxMediaPerMessage} ids on this chat's vendor.`,
    );
  }
}
