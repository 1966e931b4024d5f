import type { SandboxAccount, SandboxChat, SandboxMessage } from './dataset-types.ts';
import {
  renderOfAuthConnectionWebhook,
  renderOfAuthMessageWebhook,
} from './render-ofauth-webhook.ts';
import {
  renderOnlyFansApiMessageWebhook,
  renderOnlyFansApiSessionWebhook,
} from './render-onlyfansapi-webhook.ts';

/**
 * What each vendor delivers for what happens in the sandbox, and what it leaves out:
 * OnlyFansAPI · OnlyFans tells fan and creator messages (`messages.received`, `messages.sent`);
 * OnlyFansAPI · Fansly only fan messages (`fansly.messages.received`); OFAuth only fan messages.
 * Every vendor tells session changes.
 */

/** A delivery's vendor and body, before it is signed. */
export interface WebhookEvent {
  vendor: SandboxAccount['vendor'];
  body: Record<string, unknown>;
}

/** The delivery for a message just added to a chat, or null when its vendor delivers none. */
export function messageWebhook(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
  at = new Date(),
): WebhookEvent | null {
  if (account.vendor === 'ofauth') {
    const body = renderOfAuthMessageWebhook(account, chat, message, at);
    return body === null ? null : { vendor: 'ofauth', body };
  }
  if (account.platform === 'fansly' && message.fromCreator) return null;
  return { vendor: 'onlyfansapi', body: renderOnlyFansApiMessageWebhook(account, chat, message) };
}

/** The delivery for an account whose session was just lost, or works again. */
export function sessionWebhook(
  account: SandboxAccount,
  expired: boolean,
  at = new Date(),
): WebhookEvent {
  return account.vendor === 'ofauth'
    ? { vendor: 'ofauth', body: renderOfAuthConnectionWebhook(account, expired, at) }
    : { vendor: 'onlyfansapi', body: renderOnlyFansApiSessionWebhook(account, expired) };
}
