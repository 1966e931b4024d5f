import type { DeferredMediaRef, MessageRecord } from '../../../domain.ts';
import type { AccountCallContext } from '../../account-call.ts';
import {
  dollarsFromThousandths,
  expectObject,
  invalidResponse,
  isObject,
  isoFromSeconds,
  optionalArray,
  optionalId,
  optionalNumber,
  optionalString,
  requiredId,
} from './fansly-json.ts';

export interface FanslyMessageContext extends AccountCallContext {
  /** The chat's group id. */
  chatId: string;
  /** The fan's account id. */
  partnerId: string;
  /** The creator's own Fansly account id, when known. */
  creatorAccountId: string | null;
  /**
   * Price of an attachment in thousandths of a dollar, read from the raw media of the same page
   * (no conversion); null when the page did not carry it or it is free.
   */
  attachmentPrice?: (ref: DeferredMediaRef) => number | null;
}

/**
 * Fansly attachment `contentType`s that are media: 1 an accountMedia, 2 a bundle of them (a media
 * group). Others (tips, stories, …) are skipped.
 */
const MEDIA_CONTENT_TYPES: Record<number, DeferredMediaRef['kind']> = {
  1: 'media',
  2: 'group',
};

/** A message's media attachments as deferred references, in `pos` order. */
export function fanslyAttachmentRefs(
  attachments: unknown,
  context: AccountCallContext,
): DeferredMediaRef[] {
  const refs: DeferredMediaRef[] = [];
  for (const [index, raw] of optionalArray(attachments, context, 'attachments').entries()) {
    if (!isObject(raw)) throw invalidResponse(context, 'an attachment is not an object');
    const contentType = optionalNumber(raw.contentType);
    const kind = contentType === null ? undefined : MEDIA_CONTENT_TYPES[contentType];
    if (kind === undefined) continue;
    refs.push({
      kind,
      id: requiredId(raw.contentId, context, 'an attachment contentId'),
      position: optionalNumber(raw.pos) ?? index,
    });
  }
  // Array.prototype.sort is stable: attachments without a distinct pos keep their order.
  return refs.sort((left, right) => left.position - right.position);
}

/**
 * Whether the recipient read the message: its entry in `interactions` (the member who is not the
 * sender) has a `readAt`. Null when the vendor sent no interactions.
 */
function readByRecipient(interactions: unknown, senderId: string): boolean | null {
  if (!Array.isArray(interactions) || interactions.length === 0) return null;
  const recipients = interactions.filter(
    (entry) => isObject(entry) && optionalId(entry.userId) !== senderId,
  ) as Array<Record<string, unknown>>;
  if (recipients.length === 0) return null;
  return recipients.some((entry) => typeof entry.readAt === 'number' && entry.readAt > 0);
}

/**
 * Whether the fan has seen a message: the fan's entry in `interactions` has a `readAt`. Fansly
 * lists an entry per member who got the message, so an array without the fan's read is "not
 * seen"; null when the vendor sent no `interactions` at all.
 */
function seenByPartner(interactions: unknown, partnerId: string): boolean | null {
  if (!Array.isArray(interactions)) return null;
  return interactions.some(
    (entry) =>
      isObject(entry) &&
      optionalId(entry.userId) === partnerId &&
      typeof entry.readAt === 'number' &&
      entry.readAt > 0,
  );
}

/**
 * A message time cut to whole seconds. Fansly stores and lists message times in seconds, but a
 * send may answer them as float seconds: cut alike, the sent message's record equals the one a
 * later read of its thread gives.
 */
function wholeSeconds(value: unknown): number | null {
  const seconds = optionalNumber(value);
  return seconds === null ? null : Math.floor(seconds);
}

/**
 * Converts a Fansly message (`data.messages[i]` of a messages page, or a group's `lastMessage`)
 * into a {@link MessageRecord}. `createdAt` is in whole seconds (see {@link wholeSeconds}); the
 * text is plain.
 *
 * The sender is the creator when `senderId` is the creator's account id; when that id is unknown,
 * when it is not the fan (a chat has two members).
 *
 * Fansly messages carry no price of their own: pay-per-view sits on the attached accountMedia or
 * bundle. The price is the sum of the attachment prices the page carried (see
 * {@link FanslyMessageContext.attachmentPrice}); null (and `isFree`) when none is priced.
 */
export function convertFanslyMessage(raw: unknown, context: FanslyMessageContext): MessageRecord {
  const message = expectObject(raw, context, 'a message');
  const platformId = requiredId(message.id, context, 'a message id');
  const senderId = requiredId(message.senderId, context, 'a message senderId');
  const createdAt = isoFromSeconds(wholeSeconds(message.createdAt));
  if (createdAt === null) throw invalidResponse(context, `message ${platformId} has no createdAt`);
  const refs = fanslyAttachmentRefs(message.attachments, context);

  let thousandths = 0;
  for (const ref of refs) thousandths += context.attachmentPrice?.(ref) ?? 0;
  const price = dollarsFromThousandths(thousandths);
  const isFromCreator =
    context.creatorAccountId === null
      ? senderId !== context.partnerId
      : senderId === context.creatorAccountId;

  return {
    connectedAccount: context.connectedAccount,
    platform: 'FANSLY',
    chatId: context.chatId,
    partnerId: context.partnerId,
    platformId,
    senderId,
    isFromCreator,
    text: optionalString(message.content) ?? '',
    html: null,
    createdAt,
    isFree: price === null,
    price,
    isRead: readByRecipient(message.interactions, senderId),
    isSeenByPartner: isFromCreator ? seenByPartner(message.interactions, context.partnerId) : null,
    // A tip sent with a message, in thousandths; zero on every other message.
    tipAmount: dollarsFromThousandths(message.totalTipAmount),
    media: { kind: 'deferred', refs },
  };
}
