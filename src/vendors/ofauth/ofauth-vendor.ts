import type { OfAuthConfig } from '../../config.ts';
import { clientOptionsOf, creatorsAtStartUp, vendorAdapterOf } from '../connect-vendor.ts';
import type { VendorModule } from '../contract.ts';
import { OfAuthClient } from './ofauth-client.ts';
import { OFAUTH_ONLYFANS_CAPABILITIES, OfAuthOnlyFansAccount } from './ofauth-onlyfans-account.ts';

/** OFAuth: one API key reaching OnlyFans connections (`conn_…`). */
export const ofAuthVendor: VendorModule<'ofauth', OfAuthConfig> = {
  vendor: 'OFAUTH',
  configKey: 'ofauth',
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
    return vendorAdapterOf(client, accounts);
  },
};
