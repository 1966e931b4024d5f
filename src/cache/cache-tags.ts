import type { ConnectedAccountKey, Vendor } from '../domain.ts';
import type { GatewayEvent } from '../events/gateway-event.ts';
import type { CacheHint } from './cache-kind.ts';

/**
 * Tags name what a kept answer depends on; dropping a tag drops every answer that carries it.
 * An answer carries its connected account's tag (or its credential's, for calls made for no
 * account) and the tag of its kind: the account's chat list, one chat's messages, or the vendor's
 * list of connected accounts. Profiles and media carry their account's tag only: no message
 * changes them.
 */

/** Where a read went: its vendor, the credential it used, and the account it was made for. */
export interface CacheSite {
  vendor: Vendor;
  /** A fingerprint of the API key (never the key): keys of two credentials never meet. */
  credentialId: string;
  externalId: string | null;
}

export function accountTag(vendor: Vendor, externalId: string): string {
  return `account:${vendor}:${externalId}`;
}

export function chatListTag(vendor: Vendor, externalId: string): string {
  return `chats:${vendor}:${externalId}`;
}

export function chatTag(vendor: Vendor, externalId: string, chatId: string): string {
  return `chat:${vendor}:${externalId}:${chatId}`;
}

export function accountsListTag(vendor: Vendor): string {
  return `accounts:${vendor}`;
}

/** The tags a kept answer carries. */
export function tagsOf(site: CacheSite, hint: CacheHint): string[] {
  const { vendor, externalId } = site;
  if (externalId === null) {
    const owner = `credential:${vendor}:${site.credentialId}`;
    return hint.kind === 'connectedAccounts' ? [owner, accountsListTag(vendor)] : [owner];
  }
  const tags = [accountTag(vendor, externalId)];
  if (hint.kind === 'chatPages') tags.push(chatListTag(vendor, externalId));
  if (hint.kind === 'messagePages' && hint.chatId !== undefined) {
    tags.push(chatTag(vendor, externalId, hint.chatId));
  }
  if (hint.kind === 'connectedAccounts') tags.push(accountsListTag(vendor));
  return tags;
}

/** What a message in a chat makes stale: the chat's message pages and its account's chat list. */
function chatTags(account: ConnectedAccountKey, chatId: string): string[] {
  return [
    chatTag(account.vendor, account.externalId, chatId),
    chatListTag(account.vendor, account.externalId),
  ];
}

/**
 * The tags an event makes stale. A message (told by a webhook or sent here) and a chat change
 * (read, unsent) drop that chat's message pages and the account's chat list pages; a session
 * change drops everything kept of the account, and the vendor's lists of connected accounts.
 */
export function tagsStaledBy(event: GatewayEvent): string[] {
  switch (event.kind) {
    case 'messageAdded':
      return chatTags(event.message.connectedAccount, event.message.chatId);
    case 'chatUpdated':
      return chatTags(event.connectedAccount, event.chatId);
    case 'connectedAccountUpdated':
      return [
        accountTag(event.connectedAccount.vendor, event.connectedAccount.externalId),
        accountsListTag(event.connectedAccount.vendor),
      ];
  }
}
