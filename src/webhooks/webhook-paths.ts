import type { Vendor } from '../domain.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { VendorWebhooks } from '../vendors/contract.ts';
import { VENDORS } from '../vendors/registry.ts';

/** One vendor's webhook path: open with the vendor's webhooks, or closed (no secret). */
export interface WebhookPath {
  path: string;
  vendor: Vendor;
  /** The vendor's section in the config file. */
  configKey: string;
  /** Null: the path is closed, every delivery refused. */
  webhooks: VendorWebhooks | null;
}

/**
 * Every vendor's webhook path, by path: open where a connected vendor has `webhooks` (its
 * section has a `webhookSecret`), closed everywhere else, so no unsigned delivery is ever taken.
 */
export function webhookPaths(connectedAccounts: ConnectedAccounts): Map<string, WebhookPath> {
  const open = new Map<Vendor, VendorWebhooks>();
  for (const { vendorAdapter } of connectedAccounts.accounts) {
    if (vendorAdapter.webhooks) open.set(vendorAdapter.vendor, vendorAdapter.webhooks);
  }
  return new Map(
    VENDORS.map((module) => [
      module.webhookPath,
      {
        path: module.webhookPath,
        vendor: module.vendor,
        configKey: module.configKey,
        webhooks: open.get(module.vendor) ?? null,
      },
    ]),
  );
}

/** What start-up says of each configured vendor's webhook path: open, or why closed. */
export function webhookPathLines(
  connectedAccounts: ConnectedAccounts,
  configuredKeys: Iterable<string>,
): string[] {
  const configured = new Set(configuredKeys);
  return [...webhookPaths(connectedAccounts).values()]
    .filter((entry) => configured.has(entry.configKey))
    .map((entry) =>
      entry.webhooks
        ? `POST ${entry.path}: open`
        : `POST ${entry.path}: closed (no vendors.${entry.configKey}.webhookSecret: webhook deliveries are refused)`,
    );
}
