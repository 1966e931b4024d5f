import type { OnlyFansApiConfig } from '../../config.ts';
import { clientOptionsOf, creatorsAtStartUp, vendorAdapterOf } from '../connect-vendor.ts';
import type { VendorModule } from '../contract.ts';
import {
  ONLYFANSAPI_FANSLY_CAPABILITIES,
  OnlyFansApiFanslyAccount,
} from './fansly/onlyfansapi-fansly-account.ts';
import { OnlyFansApiClient } from './onlyfansapi-client.ts';
import {
  ONLYFANSAPI_ONLYFANS_CAPABILITIES,
  OnlyFansApiOnlyFansAccount,
} from './onlyfansapi-onlyfans-account.ts';
import { ONLYFANSAPI_WEBHOOK_PATH, onlyFansApiWebhooks } from './onlyfansapi-webhooks.ts';

/**
 * OnlyFansAPI: one API key reaching OnlyFans (`acct_…`) and Fansly (`fansly_acct_…`) accounts.
 * With a `webhookSecret` it also reads the vendor's webhook deliveries; without one it has no
 * `webhooks`, so no unsigned delivery is ever taken.
 */
export const onlyFansApiVendor: VendorModule<'onlyfansapi', OnlyFansApiConfig> = {
  vendor: 'ONLYFANSAPI',
  configKey: 'onlyfansapi',
  webhookPath: ONLYFANSAPI_WEBHOOK_PATH,
  capabilities: [ONLYFANSAPI_ONLYFANS_CAPABILITIES, ONLYFANSAPI_FANSLY_CAPABILITIES],
  async connect(section, options = {}) {
    const client = new OnlyFansApiClient(clientOptionsOf(section, options));
    const creators = await creatorsAtStartUp(client, 'OnlyFansAPI accounts list', options.warn);
    const accounts = section.accounts.map((account) =>
      account.platform === 'onlyfans'
        ? new OnlyFansApiOnlyFansAccount(client, account.id, {
            creatorUserId: creators.get(account.id)?.platformUserId,
          })
        : new OnlyFansApiFanslyAccount(client, account.id, {
            creatorAccountId: creators.get(account.id)?.platformUserId ?? null,
            creatorUsername: creators.get(account.id)?.username ?? null,
          }),
    );
    const adapter = vendorAdapterOf(client, accounts);
    if (section.webhookSecret === undefined) return adapter;
    const connected = new Map(
      accounts.map((account) => [account.connectedAccount.externalId, account.connectedAccount]),
    );
    const webhooks = onlyFansApiWebhooks({
      secret: section.webhookSecret,
      lookup: (externalId) => connected.get(externalId) ?? null,
    });
    return { ...adapter, webhooks };
  },
};
