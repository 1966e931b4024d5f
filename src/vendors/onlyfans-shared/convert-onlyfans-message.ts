import type { MessageRecord } from '../../domain.ts';
import { htmlToText } from '../../text/html-to-text.ts';
import type { AccountCallContext } from '../account-call.ts';
import { convertOnlyFansMedia } from './convert-onlyfans-media.ts';
import {
  booleanOrNull,
  idOrNull,
  invalidResponse,
  isoUtcOrNull,
  numberOrNull,
  objectOrNull,
  requireId,
  requireObject,
  stringOrNull,
} from './onlyfans-json.ts';

export interface OnlyFansMessageOptions {
  /** The chat's native id: on OnlyFans, the fan's user id. */
  chatId: string;
  /** The fan on the other side of the chat. */
  partnerId: string;
  /** The connected creator's own OnlyFans user id, when known. */
  creatorUserId?: string | null;
}

/** Ids of the free preview media: `previews` holds media ids (or, in some payloads, media). */
function previewIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  if (!Array.isArray(value)) return ids;
  for (const entry of value) {
    const id = idOrNull(entry) ?? idOrNull(objectOrNull(entry)?.id);
    if (id !== null) ids.add(id);
  }
  return ids;
}

/**
 * Whether the recipient read the message: `isNew` marks a fan's message the creator has not
 * opened; `isOpened` says it for either side.
 */
function readByRecipient(message: Record<string, unknown>, isFromCreator: boolean): boolean | null {
  const isNew = booleanOrNull(message.isNew);
  if (!isFromCreator && isNew !== null) return !isNew;
  return booleanOrNull(message.isOpened);
}

/**
 * One OnlyFans message (a messages page entry, or a chat's `lastMessage`).
 *
 * Who sent it: `isSentByMe` when the vendor says; otherwise the sender compared with the
 * creator's own id; otherwise, since a chat has two sides, whoever is not the fan. Price is in
 * dollars and null when the message is free; a tip (`isTip`) carries its amount in `price`, so it
 * becomes `tipAmount` and the message stays free.
 */
export function convertOnlyFansMessage(
  raw: unknown,
  context: AccountCallContext,
  options: OnlyFansMessageOptions,
): MessageRecord {
  const message = requireObject(raw, 'message', context);
  const { chatId, partnerId } = options;
  const creatorUserId = options.creatorUserId ?? null;
  const platformId = requireId(message.id, 'message id', context);

  const sentByMe = booleanOrNull(message.isSentByMe);
  const fromUser = objectOrNull(message.fromUser);
  const senderId =
    idOrNull(fromUser?.id) ??
    (sentByMe === false ? partnerId : null) ??
    (sentByMe === true ? creatorUserId : null);
  if (senderId === null) {
    throw invalidResponse(context, `message ${platformId} has no sender (fromUser.id)`);
  }
  const isFromCreator =
    sentByMe ?? (creatorUserId !== null ? senderId === creatorUserId : senderId !== partnerId);

  const createdAt = isoUtcOrNull(message.createdAt) ?? isoUtcOrNull(message.changedAt);
  if (createdAt === null) {
    throw invalidResponse(context, `message ${platformId} has no valid createdAt`);
  }

  const amount = numberOrNull(message.price);
  // A tip's `price` is what the fan gave, not a price to unlock the message.
  const isTip = booleanOrNull(message.isTip) === true;
  const tipAmount = isTip && amount !== null && amount > 0 ? amount : null;
  const isFree = isTip || (booleanOrNull(message.isFree) ?? !(amount !== null && amount > 0));
  const price = isFree || amount === null || amount <= 0 ? null : amount;

  const html = stringOrNull(message.text);
  const media = Array.isArray(message.media) ? message.media : [];
  const previews = previewIds(message.previews);
  return {
    connectedAccount: context.connectedAccount,
    platform: 'ONLYFANS',
    chatId,
    partnerId,
    platformId,
    senderId,
    isFromCreator,
    text: html === null ? '' : htmlToText(html),
    html,
    createdAt,
    isFree,
    price,
    isRead: readByRecipient(message, isFromCreator),
    // `isOpened` on the creator's own message is the fan having opened it.
    isSeenByPartner: isFromCreator ? booleanOrNull(message.isOpened) : null,
    tipAmount,
    media: {
      kind: 'inline',
      items: media.map((item) =>
        convertOnlyFansMedia(item, context, { price, previewIds: previews }),
      ),
    },
  };
}
