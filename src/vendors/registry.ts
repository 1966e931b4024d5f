import type { GatewayConfig } from '../config.ts';
import type { AccountCapabilities, VendorModule } from './contract.ts';
import { ofAuthVendor } from './ofauth/ofauth-vendor.ts';
import { onlyFansApiVendor } from './onlyfansapi/onlyfansapi-vendor.ts';

type Sections = GatewayConfig['vendors'];

/** A vendor module that connects its own section of the config file. */
type ConfiguredVendor = {
  [Key in keyof Sections]: VendorModule<Key, NonNullable<Sections[Key]>>;
}[keyof Sections];

/** Every vendor the gateway can connect, one line each, in start-up order. */
export const VENDORS = [
  onlyFansApiVendor,
  ofAuthVendor,
] as const satisfies readonly ConfiguredVendor[];

/** What every kind of account the registry can connect can do, for bounds that hold for all. */
export const ACCOUNT_CAPABILITIES: readonly AccountCapabilities[] = VENDORS.flatMap(
  (vendor) => vendor.capabilities,
);
