import type { ChatOrder } from '../../domain.ts';
import type { AccountCapabilities } from '../contract.ts';

/**
 * OnlyFans's own request parameters and limits, the same through every vendor that relays it.
 * What differs between vendors (paths, query names, envelopes, paging of messages) stays in each
 * vendor's account adapter.
 */

/** Both vendors take OnlyFans's own chat order names. */
export const ONLYFANS_CHAT_ORDER: Record<ChatOrder, string> = { RECENT: 'recent', OLDEST: 'old' };

/** Most messages one `listMessages` answers. */
export const ONLYFANS_MESSAGES_MAX = 100;

/** Ids per `users/list` call. */
export const ONLYFANS_USERS_PER_CALL = 10;

/** A request's `first` for messages, cut to 1–{@link ONLYFANS_MESSAGES_MAX}. */
export function onlyFansMessagesCount(first: number): number {
  return Math.min(Math.max(Math.trunc(first), 1), ONLYFANS_MESSAGES_MAX);
}

/** The search to send to the vendor: undefined when absent or blank. */
export function onlyFansSearch(search: string | null | undefined): string | undefined {
  return search?.trim() ? search : undefined;
}

/**
 * What an OnlyFans account can do through any vendor that relays it: profiles by id in
 * `users/list` calls, media only inline in their messages, search by the vendor. The vendor gives
 * its page sizes, whether it filters unread chats itself, whether its chats carry the fan's spend,
 * and its writes.
 */
export function onlyFansCapabilities(
  vendorOwn: Pick<
    AccountCapabilities,
    'chatPageMax' | 'messagePageMax' | 'unreadFilter' | 'partnerSpend' | 'writes'
  >,
): AccountCapabilities {
  return {
    chatPageMax: vendorOwn.chatPageMax,
    messagePageMax: vendorOwn.messagePageMax,
    usersPerCall: ONLYFANS_USERS_PER_CALL,
    usersBy: 'platformId',
    mediaPerCall: 0,
    unreadFilter: vendorOwn.unreadFilter,
    search: 'vendor',
    partnerSpend: vendorOwn.partnerSpend,
    writes: vendorOwn.writes,
  };
}
