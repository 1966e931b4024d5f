import type { GatewayConfig } from '../config.ts';
import type { ConnectedAccountEntry, ConnectedAccounts } from './connected-accounts.ts';
import type { ConnectOptions, VendorAdapter, VendorModule } from './contract.ts';
import { VENDORS } from './registry.ts';

/**
 * Connects every configured vendor of the registry, one after another, and lists their accounts.
 * A vendor that does not answer at start-up is only warned about (`options.warn`): its account
 * adapters learn what they need on first use.
 */
export async function connectAccounts(
  config: GatewayConfig,
  options: ConnectOptions = {},
): Promise<ConnectedAccounts> {
  const sections: Readonly<Record<string, unknown>> = config.vendors;
  const modules: readonly VendorModule<string, unknown>[] = VENDORS;
  const vendors: VendorAdapter[] = [];
  for (const module of modules) {
    const section = sections[module.configKey];
    if (section !== undefined) vendors.push(await module.connect(section, options));
  }
  const accounts: ConnectedAccountEntry[] = vendors.flatMap((vendor) =>
    vendor.accounts.map((adapter) => ({
      connectedAccount: adapter.connectedAccount,
      adapter,
      vendorAdapter: vendor,
    })),
  );
  return {
    accounts,
    byExternalId: new Map(accounts.map((entry) => [entry.connectedAccount.externalId, entry])),
    close: async () => {
      await Promise.all(vendors.map((vendor) => vendor.close()));
    },
  };
}
