import type { ChatRecord } from '../../domain.ts';
import type { AccountCallContext } from '../account-call.ts';
import { convertOnlyFansChatFields } from '../onlyfans-shared/convert-onlyfans-chat.ts';
import {
  convertOnlyFansFanSpend,
  convertOnlyFansFanSubscription,
} from '../onlyfans-shared/convert-onlyfans-fan-value.ts';
import {
  convertOnlyFansUser,
  isOnlyFansProfile,
} from '../onlyfans-shared/convert-onlyfans-user.ts';
import { objectOrNull, requireId, requireObject } from '../onlyfans-shared/onlyfans-json.ts';

/**
 * One chat of `GET /api/{account}/chats`. OnlyFansAPI inlines the fan's full profile as `fan`,
 * which becomes `partner`, and its `subscribedOnData` what the fan spent and their subscription; a
 * bare `{id}` (as with `skip_users=all`, or a `withUser` stub) only gives the id.
 */
export function convertOnlyFansApiChat(
  raw: unknown,
  context: AccountCallContext,
  options: { creatorUserId?: string | null } = {},
): ChatRecord {
  const chat = requireObject(raw, 'chat', context);
  const fan = objectOrNull(chat.fan) ?? objectOrNull(chat.withUser);
  const partnerId = requireId(fan?.id, 'chat fan.id', context);
  return convertOnlyFansChatFields(chat, context, {
    partnerId,
    partner: isOnlyFansProfile(fan) ? convertOnlyFansUser(fan, context) : null,
    partnerSpend: convertOnlyFansFanSpend(fan?.subscribedOnData),
    partnerSubscription: convertOnlyFansFanSubscription(fan?.subscribedOnData),
    creatorUserId: options.creatorUserId ?? null,
  });
}
