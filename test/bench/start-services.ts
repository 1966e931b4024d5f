import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { generateDataset } from '../../src/sandbox/index.ts';
import { SANDBOX_KEYS } from '../../src/sandbox/types.ts';
import { START_ARGS } from '../support/start-command.ts';
import { type BenchOptions, PROFILE_DIR, profileFlags, SEED } from './options.ts';
import { commandLine, type Service, startService } from './processes.ts';

type Dataset = ReturnType<typeof generateDataset>;

export interface BenchServices {
  sandbox: Service;
  gateway: Service;
  floor: Service;
  /** The gateway's command line as read from the process (node, flags, script), when readable. */
  gatewayCommand: string[] | null;
}

/** The gateway's configuration file: every account of the dataset, on the sandbox. */
function gatewayConfig(sandboxUrl: string, dataset: Dataset) {
  const of = (vendor: string) => dataset.accounts.filter((account) => account.vendor === vendor);
  return {
    server: { host: '127.0.0.1', port: 0, graphiql: false },
    vendors: {
      onlyfansapi: {
        baseUrl: sandboxUrl,
        apiKey: SANDBOX_KEYS.onlyfansapi,
        accounts: of('onlyfansapi').map((account) => ({
          id: account.handle,
          platform: account.platform,
        })),
      },
      ofauth: {
        baseUrl: sandboxUrl,
        apiKey: SANDBOX_KEYS.ofauth,
        connections: of('ofauth').map((account) => ({ id: account.handle })),
      },
    },
  };
}

/**
 * Starts the sandbox, then the gateway (configured at `configPath`) and the floor beside each
 * other. Each service is pushed onto `started` as soon as it runs, so that the caller stops it
 * even when a later one fails to start.
 */
export async function startBenchServices(
  options: BenchOptions,
  dataset: Dataset,
  configPath: string,
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
    ],
    ready: /listening on (http:\/\/[\d.:]+)/,
  });
  started.push(sandbox);
  writeFileSync(configPath, JSON.stringify(gatewayConfig(sandbox.url, dataset), null, 2));
  if (options.cpuProfile) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const [gateway, floor] = await Promise.all([
    startService({
      name: 'gateway',
      // What `npm start` runs: the bundle built from src/ just before (START_ARGS).
      script: START_ARGS.at(-1)!,
      args: ['--config', configPath],
      // Logging at its production default (info, a line per request): part of the real cost.
      env: { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' },
      nodeFlags: [...START_ARGS.slice(0, -1), ...profileFlags(options, 'gateway')],
      ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
    }),
    startService({
      name: 'floor',
      script: 'test/bench/floor-server.ts',
      args: ['--port', '0', '--sandbox', sandbox.url],
      env: { NODE_ENV: 'production' },
      nodeFlags: profileFlags(options, 'floor'),
      ready: /listening on (http:\/\/[\d.:]+)/,
    }),
  ]);
  started.push(gateway, floor);
  // The figures are of the gateway as `npm start` runs it: check the process got those flags.
  const gatewayCommand = commandLine(gateway.pid);
  if (gatewayCommand && !START_ARGS.every((arg) => gatewayCommand.includes(arg))) {
    throw new Error(
      `the gateway runs as ${gatewayCommand.join(' ')}, not with npm start's ${START_ARGS.join(' ')}`,
    );
  }
  return { sandbox, gateway, floor, gatewayCommand };
}
