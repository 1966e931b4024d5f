import type { OfAuthConfig } from '../../config.ts';
import { clientOptionsOf, creatorsAtStartUp, vendorAdapterOf } from '../connect-vendor.ts';
import type { VendorModule } from '../contract.ts';
import { OfAuthClient } from './ofauth-client.ts';
import { OFAUTH_ONLYFANS_CAPABILITIES, OfAuthOnlyFansAccount } from './ofauth-onlyfans-account.ts';
import { OFAUTH_WEBHOOK_PATH, ofAuthWebhooks } from './ofauth-webhooks.ts';

/** OFAuth: one API key reaching OnlyFans connections (`conn_…`). */
export const ofAuthVendor: VendorModule<'ofauth', OfAuthConfig> = {
  vendor: 'OFAUTH',
  configKey: 'ofauth',
  webhookPath: OFAUTH_WEBHOOK_PATH,
  capabilities: [OFAUTH_ONLYFANS_CAPABILITIES],
  async connect(section, options = {}) {
    const client = new OfAuthClient(clientOptionsOf(section, options));
    const creators = await creatorsAtStartUp(client, 'OFAuth connections list', options.warn);
    const accounts = section.connections.map(
      (connection) =>
        new OfAuthOnlyFansAccount(client, connection.id, {
          creatorUserId: creators.get(connection.id)?.platformUserId,
        }),
    );
    const adapter = vendorAdapterOf(client, accounts);
    // Without a secret no delivery can be trusted: the vendor has no webhooks (its path is closed).
    if (section.webhookSecret === undefined) return adapter;
    const webhooks = ofAuthWebhooks({
      secret: section.webhookSecret,
      // Every OFAuth connection is an OnlyFans account; the caller drops those not configured.
      lookup: (externalId) => ({ vendor: 'OFAUTH', platform: 'ONLYFANS', externalId }),
      now: options.now,
    });
    return { ...adapter, webhooks };
  },
};
