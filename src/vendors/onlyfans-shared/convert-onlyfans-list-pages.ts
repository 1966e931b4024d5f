import { convertKeptBody } from '../../cache/kept-conversions.ts';
import type { AccountRecord, ChatRecord, MessageRecord } from '../../domain.ts';
import type { AccountCallContext } from '../account-call.ts';
import type { OffsetPage } from '../paging.ts';
import {
  convertOnlyFansMessagePage,
  type OnlyFansMessagePageOptions,
} from './convert-onlyfans-message-page.ts';
import { convertOnlyFansUser } from './convert-onlyfans-user.ts';

/**
 * Whole vendor answers of the OnlyFans vendors converted, each once per kept answer (see
 * src/cache/kept-conversions.ts): the vendor's envelope is read by `readList`/`readUsers`, the
 * only part that differs between vendors. The records are frozen: callers copy, never change them.
 */

/** Reads the vendor's list envelope: its entries, and whether more follow. */
type ListReader = (body: unknown, context: AccountCallContext) => OffsetPage<unknown>;

/** Converts one chat of the vendor's list with the creator's id. */
type ChatConverter = (
  raw: unknown,
  context: AccountCallContext,
  options: { creatorUserId: string | null },
) => ChatRecord;

/** A page of chats: its converted chats, and whether more follow. */
export function convertOnlyFansChatListPage(
  body: unknown,
  context: AccountCallContext,
  creatorUserId: string | null,
  readList: ListReader,
  convertChat: ChatConverter,
): OffsetPage<ChatRecord> {
  return convertKeptBody(body, JSON.stringify(['chats', creatorUserId]), () => {
    const page = readList(body, context);
    const items = page.items.map((raw) => convertChat(raw, context, { creatorUserId }));
    return { items, hasMore: page.hasMore };
  });
}

/** A page of messages converted: its messages, whether more follow, and the profiles they carried. */
export interface OnlyFansMessageListPage {
  items: MessageRecord[];
  hasMore: boolean;
  profiles: AccountRecord[];
}

/** A page of messages of one chat (see `convertOnlyFansMessagePage`). */
export function convertOnlyFansMessageListPage(
  body: unknown,
  context: AccountCallContext,
  options: OnlyFansMessagePageOptions,
  readList: ListReader,
): OnlyFansMessageListPage {
  const { chatId, partnerId, creatorUserId, before } = options;
  const variant = JSON.stringify(['messages', chatId, partnerId, creatorUserId, before]);
  return convertKeptBody(body, variant, () => {
    const page = readList(body, context);
    const accounts = new Map<string, AccountRecord>();
    const items = convertOnlyFansMessagePage(page.items, context, options, accounts);
    return { items, hasMore: page.hasMore, profiles: [...accounts.values()] };
  });
}

/** The profiles of a `users/list` answer, converted. */
export function convertOnlyFansUserList(
  body: unknown,
  context: AccountCallContext,
  readUsers: (body: unknown, context: AccountCallContext) => unknown[],
): AccountRecord[] {
  return convertKeptBody(body, 'users', () =>
    readUsers(body, context).map((raw) => convertOnlyFansUser(raw, context)),
  );
}
