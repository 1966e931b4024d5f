import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPathLines, webhookPaths } from '../../src/webhooks/webhook-paths.ts';
import { ONLYFANSAPI_SECRET } from './signed-deliveries.ts';
import { startWebhookHarness, type WebhookHarness } from './webhook-harness.ts';

describe('webhookPaths', () => {
  let harness: WebhookHarness;
  beforeAll(async () => {
    harness = await startWebhookHarness({ secrets: { onlyfansapi: ONLYFANSAPI_SECRET } });
  });
  afterAll(() => harness.close());

  it('opens the path of a vendor with a secret and closes the others', () => {
    const paths = webhookPaths(harness.connectedAccounts);
    expect([...paths.keys()]).toEqual(['/webhooks/onlyfansapi', '/webhooks/ofauth']);
    expect(paths.get('/webhooks/onlyfansapi')?.webhooks).not.toBeNull();
    expect(paths.get('/webhooks/ofauth')?.webhooks).toBeNull();
  });

  it('says at start-up, per configured vendor, whether its path is open', () => {
    expect(webhookPathLines(harness.connectedAccounts, ['onlyfansapi', 'ofauth'])).toEqual([
      'POST /webhooks/onlyfansapi: open',
      'POST /webhooks/ofauth: closed (no vendors.ofauth.webhookSecret: webhook deliveries are refused)',
    ]);
    expect(webhookPathLines(harness.connectedAccounts, ['onlyfansapi'])).toEqual([
      'POST /webhooks/onlyfansapi: open',
    ]);
  });
});
