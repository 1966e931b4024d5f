/**
 * `npm run soak`: the gateway under a bounded, sustained load, in separate processes on 127.0.0.1
 * (the vendor sandbox, `src/main.ts --config <generated file>` run from its bundle as `npm start`
 * runs it, with a configured token and GraphiQL off, and this load driver). Three modes:
 *
 * `--mode default`: the ordinary traffic with vendor faults injected. Reports crashes (the gateway
 * process exiting), malformed responses (not JSON, or neither data nor errors), latency
 * percentiles, the gateway's resident memory at start and end, error-code tallies, and secrets
 * found in responses or the gateway's output. Exit code 0 when nothing crashed, every response was
 * well formed, and nothing leaked.
 *
 * `--mode distinct` (soak-distinct.ts): `--documents` requests, each a syntactically distinct small
 * valid query (names, aliases, field order and shape vary). Reports the gateway's RSS after a
 * warm-up and a forced full GC (the start), its peak, and after the run, an idle settle and a
 * forced GC (the end). Exit code 0 when the end is within 50 MiB of the start, nothing crashed,
 * every answer was well formed and none was INTERNAL_SERVER_ERROR.
 *
 * `--mode attack` (soak-attack.ts): the ordinary traffic with the attacks of issue 12 mixed in,
 * `--attack-rounds` times: fragment chains, alias fan-out over nodes(ids:), Message and made-up
 * Chat ids, a batch of amplification operations, forged inbox cursors, `[null]` batches, GET URLs
 * over 16 KB, GETs with an HTML Accept and no token, and one account's vendor calls hung.
 * Meanwhile a probe loop times `/health` and a normal inbox query (of the other accounts), and
 * /metrics is read for the event-loop delay. Reports probe p50/p99 before and during the attacks,
 * the event-loop delay, RSS start/peak/end, and the codes each attack got. Exit code 0 when both
 * probes' p99 during the attacks is at most 100 ms, nothing crashed, no attack got
 * INTERNAL_SERVER_ERROR or an uncoded error, and no request without a token got data.
 *
 * Flags:
 *   --mode default|distinct|attack (default)
 *   --queries N (20000; attack: the most ordinary requests sent while the attacks run)
 *   --concurrency C (64; distinct 16; attack 4, the ordinary traffic's)
 *   --fault-rate R (0.05; distinct and attack 0)
 *   --seed S (1)
 *   --max-seconds T (600; distinct 1800): the hard cap
 *   --vendor-limits real|lifted (real; attack lifted, so that the probes measure the gateway and
 *     not the allowance the ordinary traffic used up; see soak-sandbox.ts)
 *   --gateway-heap-mb M (0: Node's default; else the gateway's old-space cap, so a leak crashes)
 *   --vendor-timeout-ms (10000) and --request-timeout-ms (30000): the config's timeouts
 *   --fault-kinds status,hang,malformed,truncate (all): which faults to inject
 *   --documents N (100000): distinct documents to send (distinct)
 *   --attack-rounds R (3): how many times each attack is sent (attack)
 * The distinct and attack modes start the gateway with `--expose-gc` and a SIGUSR2 hook
 * (soak-gc-hook.mjs) in NODE_OPTIONS, to measure memory after a full GC; the default mode does not.
 * Not part of `npm test`.
 */

import { parseArgs } from 'node:util';
import { runDefault } from './soak-default.ts';
import { cleanUpAfterFailure, guardSoak } from './soak-stack.ts';
import { createTraffic, FAULT_KINDS, type FaultKind } from './soak-traffic.ts';

const MODES = ['default', 'distinct', 'attack'] as const;
type Mode = (typeof MODES)[number];

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'default' },
    queries: { type: 'string', default: '20000' },
    concurrency: { type: 'string' },
    'fault-rate': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'max-seconds': { type: 'string' },
    'vendor-limits': { type: 'string' },
    'gateway-heap-mb': { type: 'string', default: '0' },
    'vendor-timeout-ms': { type: 'string', default: '10000' },
    'request-timeout-ms': { type: 'string', default: '30000' },
    'fault-kinds': { type: 'string', default: 'status,hang,malformed,truncate' },
    documents: { type: 'string', default: '100000' },
    'attack-rounds': { type: 'string', default: '3' },
  },
});

const mode = values.mode as Mode;
if (!MODES.includes(mode)) {
  console.error(`--mode must be one of ${MODES.join(', ')}`);
  process.exit(2);
}

/** Defaults that differ by mode; flags given on the command line win. */
const MODE_DEFAULTS: Record<
  Mode,
  Record<'concurrency' | 'fault-rate' | 'max-seconds' | 'vendor-limits', string>
> = {
  default: {
    concurrency: '64',
    'fault-rate': '0.05',
    'max-seconds': '600',
    'vendor-limits': 'real',
  },
  distinct: {
    concurrency: '16',
    'fault-rate': '0',
    'max-seconds': '1800',
    'vendor-limits': 'real',
  },
  // The probes must measure the gateway, not the vendor allowance the ordinary traffic uses up.
  attack: { concurrency: '4', 'fault-rate': '0', 'max-seconds': '600', 'vendor-limits': 'lifted' },
};

function numberFlag(name: string, min: number, max: number, integer = true): number {
  const raw =
    (values[name as keyof typeof values] as string | undefined) ??
    MODE_DEFAULTS[mode][name as keyof (typeof MODE_DEFAULTS)[Mode]];
  const value = Number(raw);
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    console.error(
      `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${raw}`,
    );
    process.exit(2);
  }
  return value;
}

const settings = {
  mode,
  queries: numberFlag('queries', 1, 1_000_000),
  concurrency: numberFlag('concurrency', 1, 1024),
  faultRate: numberFlag('fault-rate', 0, 1, false),
  seed: numberFlag('seed', 0, 2 ** 31 - 1),
  maxSeconds: numberFlag('max-seconds', 10, 7200),
  vendorLimits: (values['vendor-limits'] ?? MODE_DEFAULTS[mode]['vendor-limits']) as
    | 'real'
    | 'lifted',
  /** The gateway's V8 old-space cap (0: Node's default): a leak then ends in a crash. */
  gatewayHeapMb: numberFlag('gateway-heap-mb', 0, 65_536),
  /** Per vendor call (config `timeoutMs`) and per request (`server.requestTimeoutMs`): README defaults. */
  vendorTimeoutMs: numberFlag('vendor-timeout-ms', 100, 120_000),
  requestTimeoutMs: numberFlag('request-timeout-ms', 100, 600_000),
  /** Which kinds of fault to inject. */
  faultKinds: (values['fault-kinds'] as string)
    .split(',')
    .map((kind) => kind.trim()) as FaultKind[],
  /** Distinct documents to send (`--mode distinct`). */
  documents: numberFlag('documents', 1, 10_000_000),
  /** How many times each attack is sent (`--mode attack`). */
  attackRounds: numberFlag('attack-rounds', 1, 100),
};
export type SoakSettings = typeof settings;
if (
  settings.faultKinds.length === 0 ||
  !settings.faultKinds.every((kind) => FAULT_KINDS.includes(kind as FaultKind))
) {
  console.error(`--fault-kinds must be a comma-separated list of ${FAULT_KINDS.join(', ')}`);
  process.exit(2);
}
if (settings.vendorLimits !== 'real' && settings.vendorLimits !== 'lifted') {
  console.error('--vendor-limits must be real or lifted');
  process.exit(2);
}

guardSoak(settings.maxSeconds);
const traffic = createTraffic(settings.seed, settings.faultKinds);
const run =
  mode === 'distinct'
    ? (await import('./soak-distinct.ts')).runDistinct
    : mode === 'attack'
      ? (await import('./soak-attack.ts')).runAttack
      : runDefault;
try {
  process.exitCode = await run(settings, traffic);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  cleanUpAfterFailure();
  process.exitCode = 1;
}
