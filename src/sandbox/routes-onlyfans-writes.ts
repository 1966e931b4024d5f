import { idEntry, readList, readObject } from './body-fields.ts';
import { renderOnlyFansMessage } from './render-onlyfans.ts';
import { accountOf, chatOf, type RouteDefinition, RouteError } from './route-kit.ts';
import { MAX_MEDIA_PER_MESSAGE, readOnlyFansSend, readReplyTo } from './send-rules.ts';

/**
 * OnlyFansAPI · OnlyFans writes: send, unsend and mark read (`/api/{account}/chats/{chat_id}/…`).
 * The server charges their credit and honours `Idempotency-Key` on the POSTs.
 */

const vaultId = idEntry(true);

/** A vault media id (integer), or an upload's `ofapi_media_…` id. */
function mediaEntry(value: unknown): string | null {
  if (typeof value === 'string' && /^ofapi_media_[A-Za-z0-9_-]{1,100}$/.test(value)) return value;
  return vaultId(value);
}

export const onlyfansWriteRoutes: RouteDefinition[] = [
  {
    name: 'onlyfans.sendMessage',
    vendor: 'onlyfansapi',
    method: 'POST',
    pattern: /^\/api\/(?<account>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages$/,
    account: { from: 'path', platform: 'onlyfans' },
    idempotencyKey: true,
    handle: (context) => {
      const account = accountOf(context);
      const chat = chatOf(account, context.params.chatId, 'Chat not found.');
      const body = readObject(context.body);
      const send = readOnlyFansSend(body, {
        media: 'mediaFiles',
        lockedText: 'lockedText',
        mediaEntry,
      });
      const previewIds = readList(body, 'previews', MAX_MEDIA_PER_MESSAGE, mediaEntry);
      previewIds.forEach((id, index) => {
        if (!send.mediaIds.includes(id)) {
          const field = `previews.${index}`;
          throw new RouteError(
            'validation',
            `The ${field} field must be one of mediaFiles.`,
            field,
          );
        }
      });
      const message = context.writes.appendMessage(account, chat, {
        ...send,
        previewIds,
        replyToId: readReplyTo(body, 'replyToMessageId', chat, true),
      });
      context.announceMessage(account, chat, message);
      return { data: renderOnlyFansMessage(account, chat, message) };
    },
  },
  {
    name: 'onlyfans.deleteMessage',
    vendor: 'onlyfansapi',
    method: 'DELETE',
    pattern: /^\/api\/(?<account>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages\/(?<messageId>[^/]+)$/,
    account: { from: 'path', platform: 'onlyfans' },
    handle: (context) => {
      const account = accountOf(context);
      const chat = chatOf(account, context.params.chatId, 'Chat not found.');
      context.writes.deleteMessage(account, chat, context.params.messageId!);
      return { data: { success: true } };
    },
  },
  {
    name: 'onlyfans.markRead',
    vendor: 'onlyfansapi',
    method: 'POST',
    pattern: /^\/api\/(?<account>[^/]+)\/chats\/(?<chatId>[^/]+)\/mark-as-read$/,
    account: { from: 'path', platform: 'onlyfans' },
    idempotencyKey: true,
    handle: (context) => {
      const account = accountOf(context);
      context.writes.markChatRead(chatOf(account, context.params.chatId, 'Chat not found.'));
      return { data: { success: true } };
    },
  },
];
