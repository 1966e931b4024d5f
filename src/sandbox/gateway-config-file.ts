import type { Sandbox } from './index.ts';

/**
 * A gateway config file (the README's Configuration format) reading every sandbox account and
 * verifying its webhooks: what `--write-config` writes, and what tests that start gateway
 * processes over a sandbox begin from (adding `redis`, `cache`, … beside `vendors`).
 */
export function gatewayConfigFileFor(sandbox: Sandbox) {
  const accounts = sandbox.dataset.accounts;
  return {
    vendors: {
      onlyfansapi: {
        baseUrl: sandbox.url,
        apiKey: sandbox.keys.onlyfansapi,
        webhookSecret: sandbox.webhookSecrets.onlyfansapi,
        accounts: accounts
          .filter((account) => account.vendor === 'onlyfansapi')
          .map((account) => ({ id: account.handle, platform: account.platform })),
      },
      ofauth: {
        baseUrl: sandbox.url,
        apiKey: sandbox.keys.ofauth,
        webhookSecret: sandbox.webhookSecrets.ofauth,
        connections: accounts
          .filter((account) => account.vendor === 'ofauth')
          .map((account) => ({ id: account.handle })),
      },
    },
  };
}
