import type { ChatOrder } from '../../domain.ts';

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
