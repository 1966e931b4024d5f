import type { GatewayConfig } from './config.ts';
import type { Sandbox } from './sandbox/index.ts';

/** A config that connects every sandbox account, for `npm start` without a config file. */
export function sandboxConfig(sandbox: Sandbox, server: GatewayConfig['server']): GatewayConfig {
  const { dataset } = sandbox;
  return {
    server,
    auth: { tokens: [] },
    limits: {},
    vendors: {
      onlyfansapi: {
        baseUrl: sandbox.url,
        apiKey: sandbox.keys.onlyfansapi,
        timeoutMs: 10_000,
        accounts: dataset.accounts
          .filter((account) => account.vendor === 'onlyfansapi')
          .map((account) => ({ id: account.handle, platform: account.platform })),
      },
      ofauth: {
        baseUrl: sandbox.url,
        apiKey: sandbox.keys.ofauth,
        timeoutMs: 10_000,
        connections: dataset.accounts
          .filter((account) => account.vendor === 'ofauth')
          .map((account) => ({ id: account.handle })),
      },
    },
  };
}
