import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { generateDataset } from '../../src/sandbox/index.ts';
import { SANDBOX_KEYS, type SandboxWebhookSecrets } from '../../src/sandbox/types.ts';
import { START_ARGS } from '../support/start-command.ts';
import { type BenchOptions, PROFILE_DIR, profileFlags, SEED } from './options.ts';
import { VENDOR_POOL_CONNECTIONS } from './pool-size.ts';
import { commandLine, type Service, startService } from './processes.ts';
import { pointWebhooksAt } from './sandbox-control.ts';

type Dataset = ReturnType<typeof generateDataset>;

/** `limits.maxSubscriptions` of the warm gateway: the fan-out's subscribers and some room. */
export const WARM_MAX_SUBSCRIPTIONS = 1_100;

export interface BenchServices {
  sandbox: Service;
  /** The gateway of the cold screens: its cache is off, so every request reads the vendors. */
  gateway: Service;
  /** The gateway of the warm screens: cache on (`npm start`'s default), webhooks signed. */
  warmGateway: Service;
  floor: Service;
  /** The gateway's command line as read from the process (node, flags, script), when readable. */
  gatewayCommand: string[] | null;
  /** The secrets the sandbox signs webhooks with, which the warm gateway verifies. */
  webhookSecrets: SandboxWebhookSecrets;
}

/**
 * A bench gateway's configuration file: every account of the dataset, on the sandbox. `warm`
 * turns the cache on and verifies the sandbox's webhooks with its secrets; otherwise the cache is
 * off, so the cold screens measure the same path as runs before the cache existed.
 */
export function gatewayConfig(
  sandboxUrl: string,
  dataset: Dataset,
  warm: { webhookSecrets: SandboxWebhookSecrets } | null,
) {
  const of = (vendor: string) => dataset.accounts.filter((account) => account.vendor === vendor);
  const secret = (vendor: keyof SandboxWebhookSecrets) =>
    warm ? { webhookSecret: warm.webhookSecrets[vendor] } : {};
  // The floor's pools, and no smaller per-account share of them (pool-size.ts).
  const pool = {
    poolConnections: VENDOR_POOL_CONNECTIONS,
    maxInFlightPerAccount: VENDOR_POOL_CONNECTIONS,
  };
  return {
    server: { host: '127.0.0.1', port: 0, graphiql: false },
    vendors: {
      onlyfansapi: {
        baseUrl: sandboxUrl,
        apiKey: SANDBOX_KEYS.onlyfansapi,
        ...pool,
        ...secret('onlyfansapi'),
        accounts: of('onlyfansapi').map((account) => ({
          id: account.handle,
          platform: account.platform,
        })),
      },
      ofauth: {
        baseUrl: sandboxUrl,
        apiKey: SANDBOX_KEYS.ofauth,
        ...pool,
        ...secret('ofauth'),
        connections: of('ofauth').map((account) => ({ id: account.handle })),
      },
    },
    cache: { enabled: warm !== null },
    // The fan-out holds 1,000 SSE subscribers on the warm gateway, the write path one more.
    ...(warm ? { limits: { maxSubscriptions: WARM_MAX_SUBSCRIPTIONS } } : {}),
  };
}

/** The webhook secrets the sandbox process generated, from the config it wrote for a gateway. */
function writtenSecrets(path: string): SandboxWebhookSecrets {
  const written = JSON.parse(readFileSync(path, 'utf8')) as {
    vendors: { onlyfansapi: { webhookSecret: string }; ofauth: { webhookSecret: string } };
  };
  return {
    onlyfansapi: written.vendors.onlyfansapi.webhookSecret,
    ofauth: written.vendors.ofauth.webhookSecret,
  };
}

/** The gateway process as `npm start` runs it, on the config at `configPath`. */
export function startGateway(
  name: string,
  configPath: string,
  nodeFlags: string[] = [],
): Promise<Service> {
  return startService({
    name,
    // What `npm start` runs: the bundle built from src/ just before (START_ARGS).
    script: START_ARGS.at(-1)!,
    args: ['--config', configPath],
    // Logging at its production default (info, a line per request): part of the real cost.
    env: { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' },
    nodeFlags: [...START_ARGS.slice(0, -1), ...nodeFlags],
    ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
  });
}

/**
 * Starts the sandbox, then the two gateways (configured at `configPath` and `warmConfigPath`) and
 * the floor beside each other, and points the sandbox's webhooks at the warm gateway. Each service
 * is pushed onto `started` as soon as it runs, so that the caller stops it even when a later one
 * fails to start.
 */
export async function startBenchServices(
  options: BenchOptions,
  dataset: Dataset,
  paths: { config: string; warmConfig: string },
  started: Service[],
): Promise<BenchServices> {
  const sandbox = await startService({
    name: 'sandbox',
    script: 'src/sandbox/main.ts',
    args: [
      '--port',
      '0',
      '--latency',
      String(options.settings.vendorLatencyMs),
      '--seed',
      String(SEED),
      '--unmetered',
      // Its config for a gateway carries the webhook secrets it generated: the warm gateway's.
      '--write-config',
      paths.warmConfig,
    ],
    ready: /listening on (http:\/\/[\d.:]+)/,
  });
  started.push(sandbox);
  const webhookSecrets = writtenSecrets(paths.warmConfig);
  writeFileSync(paths.config, JSON.stringify(gatewayConfig(sandbox.url, dataset, null), null, 2));
  writeFileSync(
    paths.warmConfig,
    JSON.stringify(gatewayConfig(sandbox.url, dataset, { webhookSecrets }), null, 2),
  );
  if (options.cpuProfile) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const [gateway, warmGateway, floor] = await Promise.all([
    startGateway('gateway', paths.config, profileFlags(options, 'gateway')),
    startGateway('warm gateway', paths.warmConfig, profileFlags(options, 'warm-gateway')),
    startService({
      name: 'floor',
      script: 'test/bench/floor-server.ts',
      args: ['--port', '0', '--sandbox', sandbox.url],
      env: { NODE_ENV: 'production' },
      nodeFlags: profileFlags(options, 'floor'),
      ready: /listening on (http:\/\/[\d.:]+)/,
    }),
  ]);
  started.push(gateway, warmGateway, floor);
  await pointWebhooksAt(sandbox.url, warmGateway.url);
  // The figures are of the gateway as `npm start` runs it: check the process got those flags.
  const gatewayCommand = commandLine(gateway.pid);
  if (gatewayCommand && !START_ARGS.every((arg) => gatewayCommand.includes(arg))) {
    throw new Error(
      `the gateway runs as ${gatewayCommand.join(' ')}, not with npm start's ${START_ARGS.join(' ')}`,
    );
  }
  return { sandbox, gateway, warmGateway, floor, gatewayCommand, webhookSecrets };
}
