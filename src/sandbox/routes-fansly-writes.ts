import {
  idEntry,
  readInteger,
  readList,
  readObject,
  readText,
  rejectField,
} from './body-fields.ts';
import type { ReadChange } from './dataset-writes.ts';
import { renderFanslyMessage } from './render-fansly.ts';
import { accountOf, chatOf, type RouteDefinition, RouteError } from './route-kit.ts';
import { MAX_MEDIA_PER_MESSAGE, readReplyTo, requireTextOrMedia } from './send-rules.ts';

/**
 * OnlyFansAPI · Fansly writes: send and acknowledge (`/api/fansly/{acct}/chats/{chat_id}/…`).
 * Fansly ids are snowflakes beyond 2^53, so ids in bodies must be strings.
 */

const MAX_ACK_IDS = 25;
const snowflake = idEntry(false);
/** Fansly's ack types: 1 delivered (no read state), 2 read, 3 delivered and read, 4 unread. */
const ACK_CHANGE: Record<number, ReadChange | null> = {
  1: null,
  2: 'read',
  3: 'read',
  4: 'unread',
};

export const fanslyWriteRoutes: RouteDefinition[] = [
  {
    name: 'fansly.sendMessage',
    vendor: 'onlyfansapi',
    method: 'POST',
    pattern: /^\/api\/fansly\/(?<account>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages$/,
    account: { from: 'path', platform: 'fansly' },
    idempotencyKey: true,
    handle: (context) => {
      const account = accountOf(context);
      const chat = chatOf(account, context.params.chatId, 'Chat not found.');
      const body = readObject(context.body);
      // Fansly messages carry no price: paid content is priced on its media.
      rejectField(body, 'price');
      const text = readText(body, 'text');
      const mediaIds = readList(body, 'mediaFiles', MAX_MEDIA_PER_MESSAGE, snowflake);
      requireTextOrMedia(text, mediaIds, 'mediaFiles');
      const message = context.writes.appendMessage(account, chat, {
        text,
        price: 0,
        mediaIds,
        previewIds: [],
        lockedText: false,
        replyToId: readReplyTo(body, 'replyToMessageId', chat, false),
      });
      context.announceMessage(account, chat, message);
      return { data: renderFanslyMessage(account, chat, message) };
    },
  },
  {
    name: 'fansly.ack',
    vendor: 'onlyfansapi',
    method: 'POST',
    pattern: /^\/api\/fansly\/(?<account>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages\/ack$/,
    account: { from: 'path', platform: 'fansly' },
    idempotencyKey: true,
    handle: (context) => {
      const account = accountOf(context);
      const chat = chatOf(account, context.params.chatId, 'Chat not found.');
      const body = readObject(context.body);
      const messageIds = readList(body, 'messageIds', MAX_ACK_IDS, snowflake);
      if (messageIds.length === 0) {
        throw new RouteError('validation', 'The messageIds field is required.', 'messageIds');
      }
      const type = readInteger(body, 'type', { min: 1, max: 4 });
      if (type === null) throw new RouteError('validation', 'The type field is required.', 'type');
      const change = ACK_CHANGE[type];
      if (change !== null && change !== undefined) {
        context.writes.setMessagesRead(chat, messageIds, change);
      }
      return { data: { success: true } };
    },
  },
];
