import { createHmac } from 'node:crypto';

/** Webhook signing secrets of the tests' gateway, as a config file would give them. */
export const ONLYFANSAPI_SECRET = 'a-long-random-onlyfansapi-signing-secret-01';
export const OFAUTH_KEY = Buffer.from('an ofauth webhook signing key 32');
export const OFAUTH_SECRET = `whsec_${OFAUTH_KEY.toString('base64')}`;

/** A delivery as a vendor posts it: the raw body and its headers. */
export interface Delivery {
  path: string;
  body: string;
  headers: Record<string, string>;
}

/** OnlyFansAPI: `Signature` is the hex HMAC-SHA256 of the raw body; the event id names it. */
export function onlyFansApiDelivery(
  body: unknown,
  options: { eventId?: string | null; secret?: string } = {},
): Delivery {
  const { eventId = `evt_${crypto.randomUUID()}`, secret = ONLYFANSAPI_SECRET } = options;
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    path: '/webhooks/onlyfansapi',
    body: raw,
    headers: {
      signature: createHmac('sha256', secret).update(raw).digest('hex'),
      ...(eventId === null ? {} : { 'x-ofapi-idempotency-key': eventId }),
    },
  };
}

/** OFAuth, Svix-style: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`. */
export function ofAuthSvixDelivery(
  body: unknown,
  options: { eventId?: string; timestampSeconds?: number; key?: Buffer } = {},
): Delivery {
  const {
    eventId = `msg_${crypto.randomUUID()}`,
    timestampSeconds = Math.floor(Date.now() / 1000),
    key = OFAUTH_KEY,
  } = options;
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = createHmac('sha256', key)
    .update(`${eventId}.${timestampSeconds}.${raw}`)
    .digest('base64');
  return {
    path: '/webhooks/ofauth',
    body: raw,
    headers: {
      'svix-id': eventId,
      'svix-timestamp': String(timestampSeconds),
      'svix-signature': `v1,${signature}`,
    },
  };
}

/** OFAuth's older form: `OFAuth-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "{t}.{body}">`. */
export function ofAuthLegacyDelivery(
  body: unknown,
  options: { timestampSeconds?: number; secret?: string } = {},
): Delivery {
  const { timestampSeconds = Math.floor(Date.now() / 1000), secret = OFAUTH_SECRET } = options;
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${raw}`).digest('hex');
  return {
    path: '/webhooks/ofauth',
    body: raw,
    headers: { 'ofauth-signature': `t=${timestampSeconds},v1=${digest}` },
  };
}
