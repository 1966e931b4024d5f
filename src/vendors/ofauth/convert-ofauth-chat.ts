import type { ChatRecord } from '../../domain.ts';
import type { AccountCallContext } from '../account-call.ts';
import { convertOnlyFansChatFields } from '../onlyfans-shared/convert-onlyfans-chat.ts';
import { objectOrNull, requireId, requireObject } from '../onlyfans-shared/onlyfans-json.ts';

/**
 * One chat of OFAuth `GET /v2/access/chats`. It names the fan only as `withUser {id, _view}`, so
 * `partner` is null and the profile comes from `users/list`; nor does it say what the fan spent.
 */
export function convertOfAuthChat(
  raw: unknown,
  context: AccountCallContext,
  options: { creatorUserId?: string | null } = {},
): ChatRecord {
  const chat = requireObject(raw, 'chat', context);
  const partnerId = requireId(objectOrNull(chat.withUser)?.id, 'chat withUser.id', context);
  return convertOnlyFansChatFields(chat, context, {
    partnerId,
    partner: null,
    creatorUserId: options.creatorUserId ?? null,
  });
}
