import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FanOutSettings } from './measure-fanout.ts';
import { REPO_ROOT } from './processes.ts';
import type { BenchReport } from './report.ts';

/** How long and how hard each target is measured; written into the report. */
export type BenchSettings = BenchReport['settings'];

export interface BenchOptions {
  quick: boolean;
  /** `--only` as given: a comma-separated list of scenario names. */
  only: string | undefined;
  cpuProfile: boolean;
  settings: BenchSettings;
  /** Requests per connection in the warm-up before anything is measured; its rate sizes the runs. */
  warmupRounds: number;
  /** Replies sent through each of the gateway and the floor on the write path (measure-write.ts). */
  writeSends: number;
  /**
   * The subscription fan-outs measured (measure-fanout.ts): subscribers following one account
   * each, then every account.
   */
  fanOuts: FanOutSettings[];
  /** Every loop of the run is bounded; this is the backstop should a process stop answering. */
  runLimitMs: number;
}

/** The sandbox's dataset seed, the same for the runner and the sandbox process. */
export const SEED = 1;

export const PROFILE_DIR = join(REPO_ROOT, 'test/output/bench-profiles');

/** The command line's options; a malformed `--latency` ends the process with status 2. */
export function parseBenchOptions(): BenchOptions {
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
  return {
    quick,
    only: values.only,
    cpuProfile: values['cpu-prof'],
    settings: {
      vendorLatencyMs: Number(values.latency),
      // Quick mode shows the benchmark still works (every check, rough figures) in under a
      // minute: short timed phases, a short warm-up.
      latencySeconds: quick ? 0.5 : 10,
      latencyMaxRequests: quick ? 100 : 5000,
      throughputSeconds: quick ? 1 : 10,
      connections: 32,
      /** Turns each timed phase is split into, alternating which target goes first. */
      segments: quick ? 1 : 4,
      afterEventSamples: quick ? 3 : 10,
    },
    warmupRounds: quick ? 1 : 5,
    writeSends: quick ? 10 : 200,
    fanOuts: (['one', 'every'] as const).map((follow) =>
      quick
        ? { subscribers: 50, eventsPerSecond: 100, seconds: 1, follow }
        : { subscribers: 1_000, eventsPerSecond: 100, seconds: 10, follow },
    ),
    runLimitMs: quick ? 180_000 : 1_200_000,
  };
}

/** Node flags that make a process write its CPU profile on exit, when `--cpu-prof` is given. */
export function profileFlags(options: BenchOptions, name: string): string[] {
  return options.cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, name)] : [];
}
