import {
  type JsonObject,
  readBoolean,
  readId,
  readList,
  readNumber,
  readText,
} from './body-fields.ts';
import type { SandboxChat } from './dataset-types.ts';
import { RouteError } from './route-kit.ts';

/**
 * What the vendors check in a sent message. OnlyFans' rules hold through both of its vendors
 * (provider docs, "Send message"): text unless media are attached, a price of 0 or $3–200 that
 * needs media, at most 20 media. Each vendor names the fields its own way.
 */

export const MAX_MEDIA_PER_MESSAGE = 20;
const MIN_PRICE = 3;
const MAX_PRICE = 200;

export interface OnlyFansSendFields {
  /** `mediaFiles` (OnlyFansAPI) or `mediaItems` (OFAuth). */
  media: string;
  /** `lockedText` (OnlyFansAPI) or `isLockedText` (OFAuth). */
  lockedText: string;
  /** One media entry as the vendor takes it (vault or upload id), or null. */
  mediaEntry: (value: unknown) => string | null;
}

export interface OnlyFansSend {
  text: string;
  price: number;
  mediaIds: string[];
  lockedText: boolean;
}

export function readOnlyFansSend(body: JsonObject, fields: OnlyFansSendFields): OnlyFansSend {
  const text = readText(body, 'text');
  const mediaIds = readList(body, fields.media, MAX_MEDIA_PER_MESSAGE, fields.mediaEntry);
  requireTextOrMedia(text, mediaIds, fields.media);
  const price = readNumber(body, 'price', 0);
  if (price !== 0 && !(price >= MIN_PRICE && price <= MAX_PRICE)) {
    invalid('price', `The price field must be 0 or between ${MIN_PRICE} and ${MAX_PRICE}.`);
  }
  if (price > 0 && mediaIds.length === 0) {
    invalid('price', `The price field requires at least one item in ${fields.media}.`);
  }
  return { text, price, mediaIds, lockedText: readBoolean(body, fields.lockedText) };
}

/** Every vendor: a message says something or shows something. */
export function requireTextOrMedia(text: string, mediaIds: readonly string[], media: string): void {
  if (text.trim() === '' && mediaIds.length === 0) {
    invalid('text', `The text field is required when ${media} is not present.`);
  }
}

/** The id of the message of `chat` that `name` answers, or null when absent. */
export function readReplyTo(
  body: JsonObject,
  name: string,
  chat: SandboxChat,
  integers: boolean,
): string | null {
  const id = readId(body, name, integers);
  if (id === null) return null;
  if (!chat.messages.some((message) => message.id === id)) {
    invalid(name, `The selected ${name} is invalid.`);
  }
  return id;
}

function invalid(name: string, message: string): never {
  throw new RouteError('validation', message, name);
}
