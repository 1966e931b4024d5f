import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerdict } from '../contract.ts';

/** How far a delivery's timestamp may be from the gateway's clock, either way (Svix's 5 minutes). */
const TOLERANCE_SECONDS = 5 * 60;

export interface OfAuthSignatureOptions {
  /** The endpoint's signing secret: `whsec_<base64 key>` for Svix deliveries, as given for the older form. */
  secret: string;
  /** The gateway's clock, in milliseconds. */
  now: () => number;
}

export interface WebhookDelivery {
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Uint8Array;
}

type Refusal = Extract<WebhookVerdict, { ok: false }>['reason'];

const refused = (reason: Refusal): WebhookVerdict => ({ ok: false, reason });

/** A header by name whatever its case (Node lowercases them, other servers may not). */
function headerOf(headers: WebhookDelivery['headers'], name: string): string | null {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined && value.trim() !== '') {
      return value.trim();
    }
  }
  return null;
}

/** Unix seconds as the vendor writes them: digits only, so `1e3` or `12abc` is malformed. */
function unixSeconds(text: string): number | null {
  return /^\d{1,12}$/.test(text) ? Number(text) : null;
}

function isFresh(timestamp: number, now: () => number): boolean {
  return Math.abs(now() / 1000 - timestamp) <= TOLERANCE_SECONDS;
}

/** Whether any candidate equals the expected digest, compared in constant time. */
function anyMatches(expected: Buffer, candidates: readonly Buffer[]): boolean {
  let matched = false;
  for (const candidate of candidates) {
    // Every candidate is compared, so the time taken does not tell which one matched.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
      matched = true;
    }
  }
  return matched;
}

/** Svix's key: the bytes the base64 after `whsec_` stands for. */
function svixKey(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret,
    'base64',
  );
}

/**
 * A Svix delivery: `svix-signature` lists `v1,<base64>` entries (several while the secret is
 * being rotated; one match is enough) of HMAC-SHA256 over `{svix-id}.{svix-timestamp}.{body}`.
 * The signature is checked before the time, so a stale verdict means a genuine but old delivery
 * (a replay, or a clock adrift), not a forgery.
 */
function verifySvix(
  delivery: WebhookDelivery,
  signatures: string,
  options: OfAuthSignatureOptions,
): WebhookVerdict {
  const eventId = headerOf(delivery.headers, 'svix-id');
  const timestampText = headerOf(delivery.headers, 'svix-timestamp');
  if (eventId === null || timestampText === null) return refused('malformed');
  const timestamp = unixSeconds(timestampText);
  if (timestamp === null) return refused('malformed');
  const candidates = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice('v1,'.length), 'base64'));
  const expected = createHmac('sha256', svixKey(options.secret))
    .update(`${eventId}.${timestampText}.`)
    .update(delivery.rawBody)
    .digest();
  if (!anyMatches(expected, candidates)) return refused('bad-signature');
  if (!isFresh(timestamp, options.now)) return refused('stale-timestamp');
  return { ok: true, eventId };
}

/**
 * The older form OFAuth's docs describe: `OFAuth-Signature: t=<unix>,v1=<hex>`, HMAC-SHA256 of
 * `{t}.{body}` keyed with the secret as given. It names no event.
 */
function verifyLegacy(
  delivery: WebhookDelivery,
  header: string,
  options: OfAuthSignatureOptions,
): WebhookVerdict {
  const pairs = header.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const timestampText = pairs.find(([key]) => key === 't')?.[1] ?? null;
  const hexes = pairs.filter(([key]) => key === 'v1').map(([, value]) => value!);
  if (timestampText === null || hexes.length === 0) return refused('malformed');
  const timestamp = unixSeconds(timestampText);
  if (timestamp === null) return refused('malformed');
  // Only well-formed hex is decoded: Buffer.from would silently drop what follows a bad digit.
  const candidates = hexes
    .filter((hex) => /^[0-9a-f]{64}$/i.test(hex))
    .map((hex) => Buffer.from(hex, 'hex'));
  const expected = createHmac('sha256', options.secret)
    .update(`${timestampText}.`)
    .update(delivery.rawBody)
    .digest();
  if (!anyMatches(expected, candidates)) return refused('bad-signature');
  if (!isFresh(timestamp, options.now)) return refused('stale-timestamp');
  return { ok: true, eventId: null };
}

/**
 * Checks an OFAuth delivery's signature over its raw bytes, before anything parses them: the
 * Svix headers when present, else the older `OFAuth-Signature`. Answers the event id (Svix's
 * `svix-id`, the same on every redelivery), or why the delivery is refused.
 */
export function verifyOfAuthSignature(
  delivery: WebhookDelivery,
  options: OfAuthSignatureOptions,
): WebhookVerdict {
  const svixSignatures = headerOf(delivery.headers, 'svix-signature');
  if (svixSignatures !== null) return verifySvix(delivery, svixSignatures, options);
  const legacy = headerOf(delivery.headers, 'ofauth-signature');
  if (legacy !== null) return verifyLegacy(delivery, legacy, options);
  return refused('missing-signature');
}
