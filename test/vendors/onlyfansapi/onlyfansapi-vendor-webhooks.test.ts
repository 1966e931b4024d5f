import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { onlyFansApiVendor } from '../../../src/vendors/onlyfansapi/onlyfansapi-vendor.ts';
import { memoryDestination } from '../../ops/support/ops-harness.ts';
import { problemsOf } from '../../support/config-problems.ts';
import { useSandbox } from '../adapter-harness.ts';

/**
 * `vendors.onlyfansapi.webhookSecret`: read like the API key, inline or from the environment;
 * with it the vendor has `webhooks`, without it none (its webhook path stays closed).
 */

const SECRET = 'a-long-random-signing-secret-0123456789';

function fileWith(onlyfansapi: Record<string, unknown>, baseUrl = 'https://app.onlyfansapi.com') {
  return {
    vendors: {
      onlyfansapi: {
        baseUrl,
        apiKey: 'key',
        accounts: [
          { id: 'acct_a1', platform: 'onlyfans' },
          { id: 'fansly_acct_f1', platform: 'fansly' },
        ],
        ...onlyfansapi,
      },
    },
  };
}

describe('vendors.onlyfansapi.webhookSecret', () => {
  describe('in the config file', () => {
    it('is optional', () => {
      expect(parseConfig(fileWith({})).vendors.onlyfansapi?.webhookSecret).toBeUndefined();
    });

    it('is read inline or from the environment', () => {
      expect(
        parseConfig(fileWith({ webhookSecret: SECRET })).vendors.onlyfansapi?.webhookSecret,
      ).toBe(SECRET);
      const fromEnv = parseConfig(fileWith({ webhookSecret: { env: 'OFAPI_WEBHOOK_SECRET' } }), {
        OFAPI_WEBHOOK_SECRET: SECRET,
      });
      expect(fromEnv.vendors.onlyfansapi?.webhookSecret).toBe(SECRET);
    });

    it('is refused when empty, of the wrong type, or its variable is unset, never echoed', () => {
      expect(problemsOf(fileWith({ webhookSecret: { env: 'NOPE' } }))).toEqual([
        'vendors.onlyfansapi.webhookSecret: environment variable NOPE is not set',
      ]);
      expect(problemsOf(fileWith({ webhookSecret: 42 }))).toEqual([
        'vendors.onlyfansapi.webhookSecret: expected a string or {"env": "NAME"}',
      ]);
      expect(problemsOf(fileWith({ webhookSecret: '' }))).toHaveLength(1);
      const typo = problemsOf(fileWith({ webhookSecret: SECRET, webhookSecrets: SECRET }));
      expect(typo).toEqual([
        'vendors.onlyfansapi.webhookSecrets: unknown key — did you mean webhookSecret?',
      ]);
      expect(typo.join('\n')).not.toContain(SECRET);
    });

    it('is redacted from log lines', () => {
      const destination = memoryDestination();
      createLogger({ destination }).info(fileWith({ webhookSecret: SECRET }), 'config');
      const logged = JSON.stringify(destination.lines);
      expect(logged).toContain('acct_a1');
      expect(logged).not.toContain(SECRET);
    });
  });

  describe('when the vendor connects', () => {
    const env = useSandbox();
    const connect = (onlyfansapi: Record<string, unknown>) => {
      const config = parseConfig(fileWith(onlyfansapi, env.sandbox.url));
      const section = config.vendors.onlyfansapi;
      if (section === undefined) throw new Error('unreachable');
      return onlyFansApiVendor.connect({ ...section, apiKey: env.sandbox.keys.onlyfansapi });
    };

    it('has no webhooks without a secret', async () => {
      const vendor = await connect({});
      expect(vendor.webhooks).toBeUndefined();
      await vendor.close();
    });

    it('verifies with the configured secret and names the configured accounts', async () => {
      const vendor = await connect({ webhookSecret: SECRET });
      const webhooks = vendor.webhooks;
      if (webhooks === undefined) throw new Error('expected webhooks');
      expect(webhooks.path).toBe('/webhooks/onlyfansapi');

      const body = JSON.stringify({
        event: 'accounts.session_expired',
        account_id: 'fansly_acct_f1',
      });
      const rawBody = new TextEncoder().encode(body);
      const signature = createHmac('sha256', SECRET).update(rawBody).digest('hex');
      expect(webhooks.verify({ headers: { signature }, rawBody })).toEqual({
        ok: true,
        eventId: null,
      });
      expect(JSON.stringify(webhooks)).not.toContain(SECRET);
      expect(webhooks.normalize(JSON.parse(body))).toEqual([
        {
          kind: 'connectedAccountUpdated',
          connectedAccount: {
            vendor: 'ONLYFANSAPI',
            platform: 'FANSLY',
            externalId: 'fansly_acct_f1',
          },
          status: 'EXPIRED',
        },
      ]);
      expect(
        webhooks.normalize({ event: 'accounts.reconnected', account_id: 'acct_not_configured' }),
      ).toEqual([]);
      await vendor.close();
    });
  });
});
