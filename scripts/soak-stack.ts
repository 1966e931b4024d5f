/**
 * The processes every soak mode runs against, started as the default soak always started them: the
 * vendor sandbox, then the gateway from its built bundle with `npm start`'s flags, NODE_ENV
 * production (GraphiQL off), one configured token and the sandbox's accounts, on 127.0.0.1 — plus
 * the guards that stop them whatever happens (a signal, a hard time cap).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256Hex } from '../src/auth/tokens.ts';
import type { SandboxDataset } from '../src/sandbox/index.ts';
import { SANDBOX_KEYS } from '../src/sandbox/types.ts';
import { buildDist, START_ARGS } from '../test/support/start-command.ts';
import type { SoakSettings } from './soak.ts';
import { type ChildService, killAllChildren, REPO_ROOT, startChild } from './soak-processes.ts';

/** The client token the soak presents (scope `*`, so it may read /metrics); the config stores its hash. */
export const TOKEN = `soak_${Math.random().toString(36).slice(2)}_${Date.now().toString(36)}`;
/** A second client's token, configured only when asked for (`attacker`): the attack mode's. */
export const ATTACKER_TOKEN = `soak_attacker_${Math.random().toString(36).slice(2)}`;
/** What must never show up in a response or in the gateway's output. */
export const SECRETS = [
  SANDBOX_KEYS.onlyfansapi,
  SANDBOX_KEYS.ofauth,
  TOKEN,
  sha256Hex(TOKEN),
  ATTACKER_TOKEN,
  sha256Hex(ATTACKER_TOKEN),
];

/**
 * Node flags that let the soak collect the gateway's garbage on demand: `--expose-gc` and a
 * preloaded hook that, on SIGUSR2, runs a full collection and prints the memory left (see
 * `forceGc`). Only the distinct-documents and attack modes add them; `npm start` never does.
 */
export const GC_NODE_OPTIONS = [
  '--expose-gc',
  `--import=${pathToFileURL(join(REPO_ROOT, 'scripts/soak-gc-hook.mjs')).href}`,
];

export interface StackOptions {
  seed: number;
  dataset: SandboxDataset;
  /** `lifted`: the sandbox reports an allowance that never runs out (soak-sandbox.ts). */
  vendorLimits: 'real' | 'lifted';
  vendorTimeoutMs: number;
  requestTimeoutMs: number;
  /** Node flags for the gateway, in NODE_OPTIONS. @default [] */
  nodeOptions?: string[];
  /** Also configure ATTACKER_TOKEN (scope `*`), so attacks and probes are different clients. @default false */
  attacker?: boolean;
}

export interface SoakStack {
  sandbox: ChildService;
  gateway: ChildService;
  graphqlUrl: string;
  /** The gateway's output so far: bytes, lines, and secrets found in it. */
  output: { bytes: number; lines: number; secrets: number };
  /** Stops both processes and removes the generated config. */
  stop(): Promise<void>;
}

/** Generated configs, removed however the soak ends. */
const directories = new Set<string>();

function removeDirectories(): void {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  directories.clear();
}

/** Kills every child and removes the generated files: after a failure. */
export function cleanUpAfterFailure(): void {
  killAllChildren();
  removeDirectories();
}

/**
 * Stops everything on SIGINT/SIGTERM, and — the backstop — whatever happens, nothing outlives
 * `maxSeconds` by more than two minutes.
 */
export function guardSoak(maxSeconds: number): void {
  const onSignal = (signal: string) => {
    console.error(`\n${signal}: stopping the soak and its processes`);
    cleanUpAfterFailure();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('exit', killAllChildren);
  setTimeout(
    () => {
      console.error(`the soak ran past ${maxSeconds + 120} s: killing its processes`);
      cleanUpAfterFailure();
      process.exit(3);
    },
    (maxSeconds + 120) * 1000,
  ).unref();
}

export async function startSoakStack(options: StackOptions): Promise<SoakStack> {
  const { seed, dataset, vendorLimits, vendorTimeoutMs, requestTimeoutMs } = options;
  const nodeOptions = options.nodeOptions ?? [];
  const directory = mkdtempSync(join(tmpdir(), 'chatgraph-soak-'));
  directories.add(directory);
  const configPath = join(directory, 'chatgraph.json');
  const services: ChildService[] = [];
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    rmSync(directory, { recursive: true, force: true });
    directories.delete(directory);
  };

  const sandbox = await startChild({
    name: 'sandbox',
    script: vendorLimits === 'lifted' ? 'scripts/soak-sandbox.ts' : 'src/sandbox/main.ts',
    args: ['--port', '0', '--seed', String(seed)],
    ready: /listening on (http:\/\/[\d.:]+)/,
  });
  services.push(sandbox);
  const of = (vendor: string) => dataset.accounts.filter((account) => account.vendor === vendor);
  const config = {
    server: { host: '127.0.0.1', port: 0, graphiql: false, requestTimeoutMs },
    auth: {
      tokens: [
        { name: 'soak', sha256: sha256Hex(TOKEN), accounts: ['*'] },
        ...(options.attacker
          ? [{ name: 'attacker', sha256: sha256Hex(ATTACKER_TOKEN), accounts: ['*'] }]
          : []),
      ],
    },
    vendors: {
      onlyfansapi: {
        baseUrl: sandbox.url,
        apiKey: SANDBOX_KEYS.onlyfansapi,
        timeoutMs: vendorTimeoutMs,
        accounts: of('onlyfansapi').map((account) => ({
          id: account.handle,
          platform: account.platform,
        })),
      },
      ofauth: {
        baseUrl: sandbox.url,
        apiKey: SANDBOX_KEYS.ofauth,
        timeoutMs: vendorTimeoutMs,
        connections: of('ofauth').map((account) => ({ id: account.handle })),
      },
    },
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });

  buildDist();
  const gateway = await startChild({
    name: 'gateway',
    script: START_ARGS.at(-1)!,
    args: ['--config', configPath],
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}),
    },
    ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
  });
  services.push(gateway);
  // The gateway's own output: every byte searched for secrets (a chunk may split one: keep a tail).
  const output = { bytes: 0, lines: 0, secrets: 0 };
  let tail = '';
  const longest = Math.max(...SECRETS.map((secret) => secret.length));
  gateway.onOutput((text) => {
    output.bytes += text.length;
    output.lines += text.split('\n').length - 1;
    const window = tail + text;
    for (const secret of SECRETS) {
      let at = window.indexOf(secret);
      while (at !== -1) {
        if (at + secret.length > tail.length) output.secrets += 1;
        at = window.indexOf(secret, at + 1);
      }
    }
    tail = window.slice(-longest);
  });
  return { sandbox, gateway, graphqlUrl: `${gateway.url}/graphql`, output, stop };
}

/**
 * The stack as a mode's settings ask for it (seed, vendor limits, timeouts, heap cap); `gc`: with
 * GC_NODE_OPTIONS, `attacker`: with ATTACKER_TOKEN configured.
 */
export function startStackFor(
  settings: SoakSettings,
  dataset: SandboxDataset,
  extra: { gc?: boolean; attacker?: boolean } = {},
): Promise<SoakStack> {
  return startSoakStack({
    seed: settings.seed,
    dataset,
    vendorLimits: settings.vendorLimits,
    vendorTimeoutMs: settings.vendorTimeoutMs,
    requestTimeoutMs: settings.requestTimeoutMs,
    attacker: extra.attacker,
    nodeOptions: [
      ...(extra.gc ? GC_NODE_OPTIONS : []),
      ...(settings.gatewayHeapMb > 0 ? [`--max-old-space-size=${settings.gatewayHeapMb}`] : []),
    ],
  });
}

/**
 * Why a run must stop: the gateway exited, or `maxSeconds` since `started` have passed. The
 * returned function gives the first such reason, or null while the run may go on.
 */
export function stopReasons(
  gateway: ChildService,
  started: number,
  maxSeconds: number,
): () => string | null {
  let reason: string | null = null;
  return () => {
    if (reason === null && gateway.unexpectedExit) {
      reason = `the gateway exited (${JSON.stringify(gateway.unexpectedExit)})`;
    }
    if (reason === null && Date.now() > started + maxSeconds * 1000) {
      reason = `time cap of ${maxSeconds} s reached`;
    }
    return reason;
  };
}
