import { type GatewayConfig, parseConfig } from '../config.ts';
import type { Sandbox } from '../sandbox/index.ts';

export interface SandboxConfigOptions {
  /** Signing secrets of the vendors' webhooks: a vendor without one has its webhook path closed. */
  webhookSecrets?: { onlyfansapi?: string; ofauth?: string };
}

/**
 * A config that connects every sandbox account, for `npm start` without a config file. It goes
 * through the config schema like a file would, so it takes the same defaults.
 */
export function sandboxConfig(
  sandbox: Sandbox,
  server: GatewayConfig['server'],
  options: SandboxConfigOptions = {},
): GatewayConfig {
  const { webhookSecrets = {} } = options;
  const { dataset } = sandbox;
  const config = parseConfig(
    {
      vendors: {
        onlyfansapi: {
          baseUrl: sandbox.url,
          apiKey: sandbox.keys.onlyfansapi,
          ...(webhookSecrets.onlyfansapi ? { webhookSecret: webhookSecrets.onlyfansapi } : {}),
          accounts: dataset.accounts
            .filter((account) => account.vendor === 'onlyfansapi')
            .map((account) => ({ id: account.handle, platform: account.platform })),
        },
        ofauth: {
          baseUrl: sandbox.url,
          apiKey: sandbox.keys.ofauth,
          ...(webhookSecrets.ofauth ? { webhookSecret: webhookSecrets.ofauth } : {}),
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
