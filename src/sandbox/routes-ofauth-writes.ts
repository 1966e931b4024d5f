import { idEntry, readId, readInteger, readObject } from './body-fields.ts';
import { renderOnlyFansMessage } from './render-onlyfans.ts';
import { accountOf, chatOf, type RouteDefinition, RouteError } from './route-kit.ts';
import { readOnlyFansSend } from './send-rules.ts';

/**
 * OFAuth · OnlyFans writes: send and unsend (`/v2/access/chats/{userId}/messages…`). OFAuth has
 * no idempotency key and no mark-read endpoint; its failures are 400 typed bodies.
 */

const vaultId = idEntry(true);

/** A vault media id (integer), or the reference of an upload. */
function mediaEntry(value: unknown): string | null {
  if (typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(value)) return value;
  return vaultId(value);
}

export const ofauthWriteRoutes: RouteDefinition[] = [
  {
    name: 'ofauth.sendMessage',
    vendor: 'ofauth',
    method: 'POST',
    pattern: /^\/v2\/access\/chats\/(?<userId>[^/]+)\/messages$/,
    account: { from: 'connection' },
    handle: (context) => {
      const account = accountOf(context);
      const chat = chatOf(account, context.params.userId, 'Chat not found');
      const body = readObject(context.body);
      const send = readOnlyFansSend(body, {
        media: 'mediaItems',
        lockedText: 'isLockedText',
        mediaEntry,
      });
      const previews =
        readInteger(body, 'previewMediaCount', { min: 0, max: send.mediaIds.length }) ?? 0;
      const message = context.writes.appendMessage(account, chat, {
        ...send,
        previewIds: send.mediaIds.slice(0, previews),
        replyToId: null,
      });
      context.announceMessage(account, chat, message);
      // OFAuth answers the message itself, not wrapped.
      return renderOnlyFansMessage(account, chat, message);
    },
  },
  {
    name: 'ofauth.deleteMessage',
    vendor: 'ofauth',
    method: 'DELETE',
    pattern: /^\/v2\/access\/chats\/(?<userId>[^/]+)\/messages\/(?<messageId>[^/]+)$/,
    account: { from: 'connection' },
    handle: (context) => {
      const account = accountOf(context);
      const chat = chatOf(account, context.params.userId, 'Chat not found');
      const withUserId = readId(readObject(context.body), 'withUserId', true);
      if (withUserId === null) {
        throw new RouteError('validation', 'The withUserId field is required.', 'withUserId');
      }
      if (withUserId !== chat.id) {
        throw new RouteError(
          'validation',
          'The withUserId field must name the chat.',
          'withUserId',
        );
      }
      context.writes.deleteMessage(account, chat, context.params.messageId!);
      return { success: true };
    },
  },
];
