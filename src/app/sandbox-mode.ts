import { type GatewayConfig, parseConfig } from '../config.ts';
import type { Sandbox } from '../sandbox/index.ts';

/**
 * A config that connects every sandbox account, for `npm start` without a config file. It goes
 * through the config schema like a file would, so it takes the same defaults.
 */
export function sandboxConfig(sandbox: Sandbox, server: GatewayConfig['server']): GatewayConfig {
  const { dataset } = sandbox;
  const config = parseConfig(
    {
      vendors: {
        onlyfansapi: {
          baseUrl: sandbox.url,
          apiKey: sandbox.keys.onlyfansapi,
          accounts: dataset.accounts
            .filter((account) => account.vendor === 'onlyfansapi')
            .map((account) => ({ id: account.handle, platform: account.platform })),
        },
        ofauth: {
          baseUrl: sandbox.url,
          apiKey: sandbox.keys.ofauth,
          connections: dataset.accounts
            .filter((account) => account.vendor === 'ofauth')
            .map((account) => ({ id: account.handle })),
        },
      },
    },
    {},
  );
  return { ...config, server };
}
