import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';
import type { VendorAdapter } from '../../../src/vendors/contract.ts';
import { ofAuthVendor } from '../../../src/vendors/ofauth/ofauth-vendor.ts';
import { useSandbox } from '../adapter-harness.ts';

const KEY = Buffer.from('a webhook signing key, 32 bytes.');
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW_SECONDS = 1_767_225_600;

const env = useSandbox();

/** The OFAuth vendor as the gateway connects it from a config file's section. */
async function connect(
  section: Record<string, unknown>,
  variables: Record<string, string> = {},
): Promise<VendorAdapter> {
  const config = parseConfig(
    {
      vendors: {
        ofauth: {
          baseUrl: env.sandbox.url,
          apiKey: env.sandbox.keys.ofauth,
          connections: [{ id: 'conn_1' }],
          ...section,
        },
      },
    },
    variables,
  );
  return ofAuthVendor.connect(config.vendors.ofauth!, { now: () => NOW_SECONDS * 1000 });
}

function signed(body: string, timestamp = NOW_SECONDS) {
  const signature = createHmac('sha256', KEY).update(`evt_1.${timestamp}.${body}`).digest('base64');
  return {
    headers: {
      'svix-id': 'evt_1',
      'svix-timestamp': String(timestamp),
      'svix-signature': `v1,${signature}`,
    },
    rawBody: Buffer.from(body),
  };
}

describe('ofAuthVendor webhooks', () => {
  describe('without a webhook secret', () => {
    it('has no webhooks: its path is closed', async () => {
      const vendor = await connect({});
      expect(vendor.webhooks).toBeUndefined();
      await vendor.close();
    });
  });

  describe('with a webhook secret', () => {
    it('verifies on the connect clock and names events by the connection', async () => {
      const vendor = await connect(
        { webhookSecret: { env: 'OFAUTH_WEBHOOK_SECRET' } },
        {
          OFAUTH_WEBHOOK_SECRET: SECRET,
        },
      );
      const webhooks = vendor.webhooks!;
      expect(webhooks.path).toBe('/webhooks/ofauth');
      const body = JSON.stringify({
        type: 'connection.expired',
        timestamp: '2026-01-01T00:00:00.000Z',
        data: { connection: { id: 'conn_1' } },
      });
      expect(webhooks.verify(signed(body))).toEqual({ ok: true, eventId: 'evt_1' });
      expect(webhooks.verify(signed(body, NOW_SECONDS - 3600))).toEqual({
        ok: false,
        reason: 'stale-timestamp',
      });
      expect(webhooks.normalize(JSON.parse(body))).toEqual([
        {
          kind: 'connectedAccountUpdated',
          connectedAccount: { vendor: 'OFAUTH', platform: 'ONLYFANS', externalId: 'conn_1' },
          status: 'EXPIRED',
        },
      ]);
      expect(JSON.stringify(webhooks)).not.toContain(KEY.toString('base64'));
      await vendor.close();
    });

    it('never echoes the secret in a config problem', () => {
      expect(() =>
        parseConfig(
          { vendors: { ofauth: { apiKey: 'k', connections: [], webhookSecret: SECRET } } },
          {},
        ),
      ).toThrow(expect.objectContaining({ message: expect.not.stringContaining(SECRET) }));
    });
  });
});
