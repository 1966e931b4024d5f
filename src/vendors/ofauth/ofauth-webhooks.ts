import type { VendorWebhooks } from '../contract.ts';
import { type ConnectionLookup, convertOfAuthWebhook } from './convert-ofauth-webhook.ts';
import { verifyOfAuthSignature } from './verify-ofauth-signature.ts';

export interface OfAuthWebhooksOptions {
  /** The endpoint's signing secret (`vendors.ofauth.webhookSecret`); never logged nor echoed. */
  secret: string;
  /** The connected account a connection id names, or null. */
  lookup: ConnectionLookup;
  /**
   * The clock deliveries' timestamps are checked against, in milliseconds.
   * @default Date.now
   */
  now?: () => number;
}

/** The gateway path OFAuth posts its deliveries to. */
export const OFAUTH_WEBHOOK_PATH = '/webhooks/ofauth';

/** OFAuth's webhook deliveries: signed Svix-style (or the older `OFAuth-Signature`). */
export function ofAuthWebhooks(options: OfAuthWebhooksOptions): VendorWebhooks {
  const { secret, lookup, now = Date.now } = options;
  return {
    path: OFAUTH_WEBHOOK_PATH,
    verify: (delivery) => verifyOfAuthSignature(delivery, { secret, now }),
    normalize: (body) => convertOfAuthWebhook(body, lookup),
  };
}
