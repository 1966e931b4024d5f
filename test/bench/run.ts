/**
 * `npm run bench [-- --quick] [--only name,…] [--cpu-prof] [--latency ms]`
 *
 * Starts the vendor sandbox (fixed added latency per vendor call), the gateway and the floor as
 * separate processes on 127.0.0.1, then for every scenario and both targets measures: vendor calls
 * and credits of one request, latency one request at a time, throughput and latency at 32
 * concurrent connections, and peak RSS. Prints a table with gateway/floor beside each figure and
 * writes test/bench/results/latest.{md,json} (quick mode: test/output/bench/quick.{md,json}, not
 * committed).
 * `--cpu-prof` profiles the gateway and floor processes and prints where their time went
 * (profiles in test/output/bench-profiles/).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset } from '../../src/sandbox/index.ts';
import { SANDBOX_KEYS } from '../../src/sandbox/types.ts';
import { buildDist, START_ARGS } from '../support/start-command.ts';
import { fingerprint, fingerprintDifference } from './fingerprint.ts';
import {
  floorTarget,
  gatewayTarget,
  type LoadSegment,
  latencySamples,
  loadSegment,
  measureCalls,
  summarizeLatency,
  summarizeThroughput,
  type Target,
  warmUp,
} from './measure.ts';
import {
  commandLine,
  cpuMs,
  peakRssMb,
  REPO_ROOT,
  resetPeakRss,
  rssMb,
  type Service,
  startService,
} from './processes.ts';
import { summarizeProfileFile } from './profile-summary.ts';
import {
  type BenchReport,
  consoleTable,
  markdown,
  type ScenarioResult,
  type TargetResult,
} from './report.ts';
import { buildScenarios, inboxUnavailable, type Scenario } from './scenarios.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    latency: { type: 'string', default: '20' },
  },
});

const quick = values.quick;
if (!/^\d+$/.test(values.latency)) {
  console.error(`--latency must be a whole number of milliseconds, got ${values.latency}`);
  process.exit(2);
}
const SEED = 1;
const settings = {
  vendorLatencyMs: Number(values.latency),
  latencySeconds: quick ? 1 : 10,
  latencyMaxRequests: quick ? 200 : 5000,
  throughputSeconds: quick ? 2 : 10,
  connections: 32,
  /** Turns each timed phase is split into, alternating which target goes first. */
  segments: quick ? 1 : 4,
};
// Requests per connection in the warm-up before anything is measured; its rate sizes the runs.
const warmupRounds = quick ? 2 : 5;
// Every loop below is bounded; this is the backstop should a process stop answering.
const RUN_LIMIT_MS = quick ? 180_000 : 1_200_000;
const PROFILE_DIR = join(REPO_ROOT, 'test/output/bench-profiles');

/** Node flags that make a process write its CPU profile on exit, when `--cpu-prof` is given. */
function profileFlags(name: string): string[] {
  return values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, name)] : [];
}

function gatewayConfig(sandboxUrl: string, dataset: ReturnType<typeof generateDataset>) {
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

interface Contender {
  target: Target;
  service: Service;
  /** Requests per second at c32 in the warm-up: sizes the measured runs. */
  warmRps: number;
}

/**
 * Both targets through one scenario. The timed phases are split into `segments` that alternate
 * which target goes first (floor, gateway | gateway, floor | …), so a spell of load from elsewhere
 * on the machine, or a drift of the sandbox, falls on both alike.
 */
async function measureScenario(
  sandboxUrl: string,
  scenario: Scenario,
  contenders: readonly Contender[],
): Promise<Map<string, TargetResult & { data: unknown }>> {
  const { segments, connections } = settings;
  const turns = (segment: number) => (segment % 2 === 0 ? contenders : [...contenders].reverse());
  const calls = new Map<string, Awaited<ReturnType<typeof measureCalls>>>();
  const samples = new Map<string, number[]>();
  const loads = new Map<string, LoadSegment[]>();
  const cpu = new Map<string, number | null>();
  for (const { target, service } of contenders) {
    resetPeakRss(service.pid);
    calls.set(target.name, await measureCalls(sandboxUrl, target, scenario));
    samples.set(target.name, []);
    loads.set(target.name, []);
    cpu.set(target.name, 0);
  }
  for (let segment = 0; segment < segments; segment += 1) {
    for (const { target } of turns(segment)) {
      const taken = await latencySamples(target, scenario, {
        durationMs: (settings.latencySeconds * 1000) / segments,
        maxRequests: Math.ceil(settings.latencyMaxRequests / segments),
      });
      samples.get(target.name)!.push(...taken);
    }
  }
  for (let segment = 0; segment < segments; segment += 1) {
    for (const { target, service, warmRps } of turns(segment)) {
      const before = cpuMs(service.pid);
      const run = await loadSegment(target, scenario, {
        connections,
        amount: Math.min(200_000, Math.round((warmRps * settings.throughputSeconds) / segments)),
      });
      const after = cpuMs(service.pid);
      if (run.failures > 0) {
        throw new Error(
          `${target.name} ${scenario.name}: ${run.failures} failed requests under load`,
        );
      }
      loads.get(target.name)!.push(run);
      const spent = cpu.get(target.name);
      cpu.set(
        target.name,
        spent == null || before === null || after === null ? null : spent + after - before,
      );
    }
  }
  const results = new Map<string, TargetResult & { data: unknown }>();
  for (const { target, service } of contenders) {
    const throughput = summarizeThroughput(loads.get(target.name)!, connections);
    const spent = cpu.get(target.name);
    results.set(target.name, {
      ...calls.get(target.name)!,
      latency: summarizeLatency(samples.get(target.name)!),
      throughput,
      cpuMsPerRequest: spent == null ? null : spent / throughput.requests,
      peakRssMb: peakRssMb(service.pid),
    });
  }
  return results;
}

/** The commit measured, and whether src/ differs from it (results of a dirty tree say so). */
function sourceVersion(): { commit: string; srcChanged: boolean } {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      srcChanged: git('status', '--porcelain', '--', 'src', 'package.json') !== '',
    };
  } catch {
    return { commit: 'unknown', srcChanged: false };
  }
}

/**
 * The gateway's main-thread profile. Node writes one per thread, named
 * `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`; thread 0 is the main one (tsx's module loader
 * runs in another).
 */
function newestProfile(directory: string): string | null {
  try {
    const files = readdirSync(directory)
      .filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name))
      .map((name) => join(directory, name))
      .sort((left, right) => statSync(right).mtimeMs - statSync(left).mtimeMs);
    return files[0] ?? null;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const dataset = generateDataset(SEED);
  const inboxNote = inboxUnavailable();
  const built = buildScenarios(dataset, {
    withInbox: inboxNote === null,
    inboxNote: inboxNote ?? undefined,
  });
  const only = values.only?.split(',').map((name) => name.trim());
  const scenarios = only
    ? built.scenarios.filter((scenario) => only.includes(scenario.name))
    : built.scenarios;
  if (scenarios.length === 0) {
    console.error(
      `no scenario named ${values.only}; there are ${built.scenarios.map((s) => s.name).join(', ')}`,
    );
    return 2;
  }

  const services: Service[] = [];
  const configPath = join(tmpdir(), `chatgraph-bench-${process.pid}.json`);
  const stopAll = () => Promise.all(services.map((service) => service.stop()));
  const backstop = setTimeout(() => {
    console.error(`the benchmark ran past ${RUN_LIMIT_MS / 1000} s: stopping`);
    void stopAll().then(() => process.exit(1));
  }, RUN_LIMIT_MS);
  backstop.unref();

  try {
    buildDist();
    const sandbox = await startService({
      name: 'sandbox',
      script: 'src/sandbox/main.ts',
      args: [
        '--port',
        '0',
        '--latency',
        String(settings.vendorLatencyMs),
        '--seed',
        String(SEED),
        '--unmetered',
      ],
      ready: /listening on (http:\/\/[\d.:]+)/,
    });
    services.push(sandbox);
    writeFileSync(configPath, JSON.stringify(gatewayConfig(sandbox.url, dataset), null, 2));
    if (values['cpu-prof']) {
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
        nodeFlags: [...START_ARGS.slice(0, -1), ...profileFlags('gateway')],
        ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
      }),
      startService({
        name: 'floor',
        script: 'test/bench/floor-server.ts',
        args: ['--port', '0', '--sandbox', sandbox.url],
        env: { NODE_ENV: 'production' },
        nodeFlags: profileFlags('floor'),
        ready: /listening on (http:\/\/[\d.:]+)/,
      }),
    ]);
    services.push(gateway, floor);
    // The figures are of the gateway as `npm start` runs it: check the process got those flags.
    const gatewayCommand = commandLine(gateway.pid);
    if (gatewayCommand && !START_ARGS.every((arg) => gatewayCommand.includes(arg))) {
      throw new Error(
        `the gateway runs as ${gatewayCommand.join(' ')}, not with npm start's ${START_ARGS.join(' ')}`,
      );
    }
    const processPeakRssMb = { gateway: peakRssMb(gateway.pid), floor: peakRssMb(floor.pid) };
    const idleRssMb = { gateway: rssMb(gateway.pid), floor: rssMb(floor.pid) };
    console.log(
      `sandbox ${sandbox.url} (+${settings.vendorLatencyMs} ms per call), gateway ${gateway.url}, floor ${floor.url}; ${quick ? 'quick' : 'full'} mode`,
    );

    // Every route of every process (sandbox included) runs hot before anything is measured.
    const contenders = new Map<string, Contender[]>();
    for (const scenario of scenarios) {
      const pair: Contender[] = [];
      for (const [target, service] of [
        [floorTarget(floor.url), floor],
        [gatewayTarget(gateway.url), gateway],
      ] as const) {
        const warmRps = await warmUp(target, scenario, {
          connections: settings.connections,
          rounds: warmupRounds,
        });
        pair.push({ target, service, warmRps });
      }
      contenders.set(scenario.name, pair);
    }

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      console.log(`${scenario.title} …`);
      const measured = await measureScenario(sandbox.url, scenario, contenders.get(scenario.name)!);
      const floorResult = measured.get('floor')!;
      const gatewayResult = measured.get('gateway')!;
      const { data: floorData, ...floorFigures } = floorResult;
      const { data: gatewayData, ...gatewayFigures } = gatewayResult;
      results.push({
        name: scenario.name,
        title: scenario.title,
        minimum: scenario.minimum,
        floor: floorFigures,
        gateway: gatewayFigures,
        dataDifference: fingerprintDifference(fingerprint(gatewayData), fingerprint(floorData)),
      });
      for (const [key, figure] of [
        ['gateway', gatewayFigures.peakRssMb],
        ['floor', floorFigures.peakRssMb],
      ] as const) {
        processPeakRssMb[key] = Math.max(processPeakRssMb[key] ?? 0, figure ?? 0) || null;
      }
    }

    await stopAll();
    const report: BenchReport = {
      mode: quick ? 'quick' : 'full',
      source: sourceVersion(),
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
        node: process.versions.node,
        platform: `${process.platform} ${process.arch}`,
        loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      },
      settings,
      ...(gatewayCommand ? { gatewayCommand } : {}),
      scenarios: results,
      skipped: built.skipped,
      processPeakRssMb,
      idleRssMb,
    };
    console.log(`\n${consoleTable(report)}`);

    if (values['cpu-prof']) {
      for (const name of ['gateway', 'floor']) {
        const profile = newestProfile(join(PROFILE_DIR, name));
        console.log(
          profile
            ? `\n${name}: ${profile}\n${summarizeProfileFile(profile, name === 'gateway' ? 30 : 12)}`
            : `\n${name}: no CPU profile was written`,
        );
      }
    } else if (!only) {
      // Full runs are the committed results; quick runs only show the benchmark still works.
      const base = quick
        ? join(REPO_ROOT, 'test/output/bench/quick')
        : join(REPO_ROOT, 'test/bench/results/latest');
      mkdirSync(dirname(base), { recursive: true });
      writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(`${base}.md`, markdown(report));
      console.log(`\nwrote ${base}.md and ${base}.json`);
    }
    // Missed targets are reported, not failed: `test/bench/calls.test.ts` is the gate on calls.
    return 0;
  } finally {
    await stopAll();
    rmSync(configPath, { force: true });
    clearTimeout(backstop);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
