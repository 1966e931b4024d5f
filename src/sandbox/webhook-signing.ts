import { createHmac, randomBytes } from 'node:crypto';
import type { SandboxWebhookSecrets } from './types.ts';

/**
 * How each vendor signs a delivery, and the ids and secrets it issues. Event ids and secrets come
 * from the crypto source, not the seeded one: a gateway remembers event ids (in Redis, across
 * restarts), so two sandbox runs must never issue the same one.
 */

/** OnlyFansAPI: `Signature`, the lowercase hex HMAC-SHA256 of the raw body. */
export function onlyFansApiSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Svix (OFAuth): `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the bytes
 * the base64 after `whsec_` stands for.
 */
export function svixSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  const digest = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${digest}`;
}

/** OnlyFansAPI names an event `evt_…`; Svix names a message `msg_…`. */
export function newEventId(vendor: keyof SandboxWebhookSecrets): string {
  const random = randomBytes(12).toString('hex');
  return vendor === 'onlyfansapi' ? `evt_${random}` : `msg_${random}`;
}

/** Fresh secrets in each vendor's form. */
export function generateWebhookSecrets(): SandboxWebhookSecrets {
  return {
    onlyfansapi: `ofapi_whsec_${randomBytes(24).toString('hex')}`,
    ofauth: `whsec_${randomBytes(24).toString('base64')}`,
  };
}

/** Whether an OFAuth secret has Svix's form: `whsec_` and a non-empty base64 key. */
export function isSvixSecret(secret: string): boolean {
  return /^whsec_[A-Za-z0-9+/]{4,}={0,2}$/.test(secret);
}
