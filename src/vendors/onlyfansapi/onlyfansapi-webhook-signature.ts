import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerdict } from '../contract.ts';

/** A delivery's headers, by name in any case (Node lowercases them; other callers may not). */
export type DeliveryHeaders = Readonly<Record<string, string | undefined>>;

/** A SHA-256 digest in hex: 64 hex digits. */
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/** A header's value whatever the case of its name, or null when absent or blank. */
export function headerOf(headers: DeliveryHeaders, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined && value.trim() !== '') {
      return value.trim();
    }
  }
  return null;
}

/**
 * Checks an OnlyFansAPI delivery: `Signature` is the hex HMAC-SHA256 of the raw body keyed with
 * the signing secret. The raw bytes are hashed before anything parses them, and the digests are
 * compared in constant time, so a forger learns nothing from how long a refusal takes. The vendor
 * sends no timestamp, so there is no staleness check: a replay carries the same
 * `X-OFAPI-Idempotency-Key`, and the caller's dedupe on that event id drops it.
 */
export function verifyOnlyFansApiDelivery(
  secret: string,
  delivery: { headers: DeliveryHeaders; rawBody: Uint8Array },
): WebhookVerdict {
  const signature = headerOf(delivery.headers, 'signature');
  if (signature === null) return { ok: false, reason: 'missing-signature' };
  // Anything but a hex digest cannot match; refusing it first keeps the buffers of equal length.
  if (!HEX_DIGEST.test(signature)) return { ok: false, reason: 'bad-signature' };
  const expected = createHmac('sha256', secret).update(delivery.rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    return { ok: false, reason: 'bad-signature' };
  }
  // Absent on ephemeral events, which are never redelivered.
  return { ok: true, eventId: headerOf(delivery.headers, 'x-ofapi-idempotency-key') };
}
