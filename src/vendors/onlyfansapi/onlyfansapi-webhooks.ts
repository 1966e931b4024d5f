import type { VendorWebhooks } from '../contract.ts';
import {
  convertOnlyFansApiWebhook,
  type WebhookAccountLookup,
} from './convert-onlyfansapi-webhook.ts';
import { verifyOnlyFansApiDelivery } from './onlyfansapi-webhook-signature.ts';

export interface OnlyFansApiWebhooksOptions {
  /** The signing secret set on the vendor's webhook (`vendors.onlyfansapi.webhookSecret`). */
  secret: string;
  /** The configured account a delivery's `account_id` names (its platform), or null. */
  lookup: WebhookAccountLookup;
}

/** The gateway path OnlyFansAPI posts its deliveries to. */
export const ONLYFANSAPI_WEBHOOK_PATH = '/webhooks/onlyfansapi';

/**
 * OnlyFansAPI's webhook deliveries: verified by their `Signature`, read into events. The secret
 * stays in this closure: no method answers or throws it.
 */
export function onlyFansApiWebhooks(options: OnlyFansApiWebhooksOptions): VendorWebhooks {
  const { secret, lookup } = options;
  return {
    path: ONLYFANSAPI_WEBHOOK_PATH,
    verify: (delivery) => verifyOnlyFansApiDelivery(secret, delivery),
    normalize: (body) => convertOnlyFansApiWebhook(body, lookup),
  };
}
