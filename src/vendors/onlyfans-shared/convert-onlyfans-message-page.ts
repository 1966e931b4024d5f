import type { AccountRecord, MessageRecord } from '../../domain.ts';
import type { AccountCallContext } from '../account-call.ts';
import type { MessagePage } from '../contract.ts';
import { convertOnlyFansMessage } from './convert-onlyfans-message.ts';
import { convertOnlyFansUser, isOnlyFansProfile } from './convert-onlyfans-user.ts';
import { objectOrNull } from './onlyfans-json.ts';

export interface OnlyFansMessagePageOptions {
  chatId: string;
  partnerId: string;
  creatorUserId: string | null;
  /** The cursor: the message that ended the previous page, never repeated. */
  before: string | null;
}

/**
 * The messages of one vendor page, in the page's order, without the cursor message itself. The
 * profiles the other messages' `fromUser` carry are added to `accounts`.
 */
export function convertOnlyFansMessagePage(
  rawMessages: readonly unknown[],
  context: AccountCallContext,
  options: OnlyFansMessagePageOptions,
  accounts: Map<string, AccountRecord>,
): MessageRecord[] {
  const { chatId, partnerId, creatorUserId, before } = options;
  const items: MessageRecord[] = [];
  for (const raw of rawMessages) {
    const message = convertOnlyFansMessage(raw, context, { chatId, partnerId, creatorUserId });
    if (message.platformId === before) continue;
    items.push(message);
    const fromUser = objectOrNull(objectOrNull(raw)?.fromUser);
    if (isOnlyFansProfile(fromUser)) {
      const account = convertOnlyFansUser(fromUser, context);
      accounts.set(account.platformId, account);
    }
  }
  return items;
}

/**
 * A page of converted messages, newest first, with the profiles they carried. While more follow,
 * the next cursor is the page's oldest message.
 */
export function onlyFansMessagePage(
  items: MessageRecord[],
  hasMore: boolean,
  accounts: Map<string, AccountRecord>,
): MessagePage {
  const oldest = items.at(-1);
  return {
    items,
    nextBefore: hasMore && oldest !== undefined ? oldest.platformId : null,
    accounts,
  };
}
