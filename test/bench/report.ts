import type { LatencyMeasurement, ThroughputMeasurement } from './measure.ts';
import type { FanOutResult } from './measure-fanout.ts';
import type { CreditsPer100, WarmResult } from './measure-warm.ts';
import type { WriteResult } from './measure-write.ts';
import type { Minimum, RouteCalls } from './minimum.ts';
import { VENDOR_POOL_CONNECTIONS } from './pool-size.ts';
import { fanOutConsoleLines, fanOutMarkdown } from './report-fanout.ts';
import { warmConsoleLines, warmMarkdown } from './report-warm.ts';
import { writeConsoleLines, writeMarkdown } from './report-write.ts';
import type { SkippedScenario } from './scenarios.ts';
import {
  belowCheck,
  type Check,
  callsCheck,
  checkCell,
  checksLine,
  latencyChecks,
  ratioCheck,
  signed,
  TARGETS,
} from './targets.ts';

/** The benchmark's results: the console table, the Markdown page and the targets they are held to. */

export interface TargetResult {
  calls: number;
  credits: number;
  byRoute: RouteCalls;
  latency: LatencyMeasurement;
  throughput: ThroughputMeasurement;
  /** CPU time (user + system) the target's process spent per request in the c32 run, in ms. */
  cpuMsPerRequest: number | null;
  /** Peak resident set during this scenario (MB), or null where it cannot be read. */
  peakRssMb: number | null;
}

export interface ScenarioResult {
  name: string;
  title: string;
  minimum: Minimum;
  floor: TargetResult;
  gateway: TargetResult;
  /** How the two answers differ (which chats, messages, media), or null when they match. */
  dataDifference: string | null;
}

export interface BenchReport {
  mode: 'quick' | 'full';
  /** The commit measured; `srcChanged` when src/ or package.json differed from it. */
  source: { commit: string; srcChanged: boolean };
  startedAt: string;
  seconds: number;
  machine: {
    cpus: number;
    cpu: string;
    node: string;
    platform: string;
    /** 1-minute load average when the run started and ended: other work on the machine. */
    loadAverage: { start: number; end: number };
  };
  settings: {
    vendorLatencyMs: number;
    latencySeconds: number;
    latencyMaxRequests: number;
    throughputSeconds: number;
    connections: number;
    segments: number;
    /** Pairs of a fully warm refresh and a refresh right after one fan message, per warm screen. */
    afterEventSamples: number;
  };
  /** The gateway's command line as the runner read it from the process (node, flags, script). */
  gatewayCommand?: string[];
  scenarios: ScenarioResult[];
  skipped: SkippedScenario[];
  /** The screens refreshed on the gateway whose cache is on (report-warm.ts). */
  warm: WarmResult[];
  /** A reply and its echo (measure-write.ts); null when it did not run (`--only`). */
  write: WriteResult | null;
  /** The subscription fan-outs (measure-fanout.ts); none when they did not run (`--only`). */
  fanOuts: FanOutResult[];
  /** Credits of 100 refreshes of the unified inbox, cache off and on; null when it did not run. */
  credits: CreditsPer100 | null;
  /** Peak resident set of each process over the whole run (MB); `gateway` is the cold one. */
  processPeakRssMb: {
    gateway: number | null;
    floor: number | null;
    /** The gateway of the warm screens, whose cache holds vendor answers. */
    warmGateway: number | null;
  };
  /** Resident set of each process once started, before any request (MB). */
  idleRssMb: { gateway: number | null; floor: number | null };
  /** The process warnings each gateway printed on its stderr over the whole run, by name. */
  gatewayWarnings: { gateway: Record<string, number>; warmGateway: Record<string, number> };
}

/** The gateways' process warnings in words: none, or each name and how often. */
function warningsLine(warnings: BenchReport['gatewayWarnings']): string {
  const listed = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ') || 'none';
  return `Process warnings printed on stderr over the whole run: gateway ${listed(warnings.gateway)}; warm gateway ${listed(warnings.warmGateway)}.`;
}

/** The cold targets of one screen, each against the floor's figure on the same screen. */
export function checks(result: ScenarioResult): Check[] {
  const { gateway, floor, minimum } = result;
  const calls = callsCheck(gateway, minimum);
  const extra = extraCalls(gateway.byRoute, minimum.byRoute);
  if (extra) calls.figure += `: ${extra}`;
  return [
    calls,
    ...latencyChecks(gateway.latency, floor.latency),
    ratioCheck(
      `rps c32 ≥ ${TARGETS.throughputShare * 100}% of floor`,
      gateway.throughput.rps,
      floor.throughput.rps,
      { atLeast: TARGETS.throughputShare },
    ),
    ratioCheck(
      `CPU ms/req ≤ ${TARGETS.cpuRatio}× floor`,
      gateway.cpuMsPerRequest,
      floor.cpuMsPerRequest,
      { atMost: TARGETS.cpuRatio },
    ),
    belowCheck(`peak RSS < ${TARGETS.peakRssMb} MB`, gateway.peakRssMb, TARGETS.peakRssMb, 'MB'),
  ];
}

/** Which routes the gateway called more (or less) than the minimum, e.g. `+1 ofauth.messages`. */
export function extraCalls(actual: RouteCalls, minimum: RouteCalls): string {
  const routes = new Set([...Object.keys(actual), ...Object.keys(minimum)]) as Set<
    keyof RouteCalls
  >;
  return [...routes]
    .map((route) => [route, (actual[route] ?? 0) - (minimum[route] ?? 0)] as const)
    .filter(([, difference]) => difference !== 0)
    .map(([route, difference]) => `${signed(difference)} ${route}`)
    .join(', ');
}

function ms(value: number): string {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function ratio(gateway: number, floor: number): string {
  return floor > 0 ? `×${(gateway / floor).toFixed(2)}` : '×–';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cpu(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}

function mb(value: number | null): string {
  return value === null ? '–' : value.toFixed(0);
}

const COLUMNS = [
  'scenario',
  'target',
  'calls (min)',
  'credits',
  'p50 c1 ms',
  'p99 c1 ms',
  'rps c32',
  'p99 c32 ms',
  'CPU ms/req',
  'peak RSS MB',
];

/** Two rows per scenario: the floor's figures, then the gateway's with gateway/floor beside each. */
function rows(report: BenchReport): string[][] {
  return report.scenarios.flatMap((result) => {
    const { floor, gateway, minimum } = result;
    const label = result.title.split(':')[0] ?? result.name;
    return [
      [
        label,
        'floor',
        `${floor.calls} (${minimum.calls})`,
        String(floor.credits),
        ms(floor.latency.p50),
        ms(floor.latency.p99),
        floor.throughput.rps.toFixed(0),
        ms(floor.throughput.p99),
        cpu(floor.cpuMsPerRequest),
        mb(floor.peakRssMb),
      ],
      [
        '',
        'gateway',
        `${gateway.calls} (${minimum.calls})`,
        String(gateway.credits),
        `${ms(gateway.latency.p50)} (${signed(Number((gateway.latency.p50 - floor.latency.p50).toFixed(1)))}, ${ratio(gateway.latency.p50, floor.latency.p50)})`,
        `${ms(gateway.latency.p99)} (${ratio(gateway.latency.p99, floor.latency.p99)})`,
        `${gateway.throughput.rps.toFixed(0)} (${ratio(gateway.throughput.rps, floor.throughput.rps)})`,
        `${ms(gateway.throughput.p99)} (${ratio(gateway.throughput.p99, floor.throughput.p99)})`,
        `${cpu(gateway.cpuMsPerRequest)} (${gateway.cpuMsPerRequest !== null && floor.cpuMsPerRequest !== null ? ratio(gateway.cpuMsPerRequest, floor.cpuMsPerRequest) : '×–'})`,
        `${mb(gateway.peakRssMb)} (${gateway.peakRssMb !== null && floor.peakRssMb !== null ? ratio(gateway.peakRssMb, floor.peakRssMb) : '×–'})`,
      ],
    ];
  });
}

export function consoleTable(report: BenchReport): string {
  const table = [COLUMNS, ...rows(report)];
  const widths = COLUMNS.map((_, column) =>
    Math.max(...table.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  const { loadAverage } = report.machine;
  const lines = [
    `load average ${loadAverage.start.toFixed(1)} at the start, ${loadAverage.end.toFixed(1)} at the end (${report.machine.cpus} CPUs)`,
    '',
    line(COLUMNS),
    widths.map((width) => '-'.repeat(width)).join('  '),
  ];
  for (const row of rows(report)) lines.push(line(row));
  lines.push('', 'Targets (gateway):');
  for (const result of report.scenarios) {
    const summary = checksLine(checks(result));
    lines.push(`  ${result.title.split(':')[0]}: ${summary}`);
    if (result.dataDifference) lines.push(`    answers differ: ${result.dataDifference}`);
  }
  lines.push('', 'Minimum calls:');
  for (const result of report.scenarios) {
    lines.push(
      `  ${result.title.split(':')[0]}: ${result.minimum.calls} = ${result.minimum.rationale}`,
    );
  }
  for (const skipped of report.skipped) lines.push(`  ${skipped.title}: ${skipped.reason}`);
  lines.push(...warmConsoleLines(report.warm, report.credits));
  lines.push(...writeConsoleLines(report.write));
  lines.push(...fanOutConsoleLines(report.fanOuts));
  lines.push(
    '',
    `RSS once started: gateway ${mb(report.idleRssMb.gateway)} MB, floor ${mb(report.idleRssMb.floor)} MB; whole-run peak: gateway ${mb(report.processPeakRssMb.gateway)} MB, floor ${mb(report.processPeakRssMb.floor)} MB, warm gateway ${mb(report.processPeakRssMb.warmGateway)} MB`,
    warningsLine(report.gatewayWarnings),
  );
  return lines.join('\n');
}

export function markdown(report: BenchReport): string {
  const { settings, machine } = report;
  const tableCell = (cell: string) => cell.replaceAll('|', '\\|');
  const table = [
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows(report).map((row) => `| ${row.map(tableCell).join(' | ')} |`),
  ];
  const targetRows = report.scenarios.map((result) => {
    const cells = checks(result).map((check) => checkCell(check, 'markdown'));
    return `| ${result.title.split(':')[0]} | ${cells.map(tableCell).join(' | ')} |`;
  });
  return [
    '# Benchmark: chatgraph against the floor',
    '',
    `\`npm run bench${report.mode === 'quick' ? ' -- --quick' : ''}\` at ${report.source.commit}${report.source.srcChanged ? ' (with uncommitted changes in src/)' : ''}, ${report.startedAt}, ${Math.round(report.seconds)} s. ` +
      `${machine.cpus} × ${machine.cpu}, Node ${machine.node}, ${machine.platform}; ` +
      `load average ${machine.loadAverage.start.toFixed(1)} at the start, ${machine.loadAverage.end.toFixed(1)} at the end.`,
    '',
    `The sandbox adds ${settings.vendorLatencyMs} ms to every vendor call and reports a rate-limit allowance that never runs out ` +
      '(`--unmetered`), so no target is held back by per-minute vendor limits. Vendor calls and credits are counted by the sandbox for one request. ' +
      'Each target is its own process ' +
      '(sandbox, gateway, floor, and the load generator in the runner); gateway and floor run with NODE_ENV=production, the gateway as `npm start` runs it' +
      (report.gatewayCommand
        ? ` (\`${report.gatewayCommand
            .slice(0, report.gatewayCommand.findIndex((part) => part.endsWith('.js')) + 1)
            .map((part) => part.replace(/^.*\/(dist\/)/, '$1').replace(/^.*\/node$/, 'node'))
            .join(' ')}\`, the runner's config file after it)`
        : '') +
      ', its cache of vendor answers off (`cache.enabled: false`: every request reads the vendors, as before the cache; the warm screens below run with it on)' +
      '. The floor answers the same data ' +
      'from raw vendor calls with undici (no GraphQL, no validation), with the fewest calls, each round ' +
      `in parallel, through pools as large as the gateway's (${VENDOR_POOL_CONNECTIONS} connections per vendor; the gateway's \`maxInFlightPerAccount\` is set as large, since the floor gives no account a smaller share: at its default of 8 a one-account screen at c32 waits for its share). ` +
      `c1: one request at a time for ${settings.latencySeconds} s (at most ${settings.latencyMaxRequests}); ` +
      `c${settings.connections}: autocannon, ${settings.connections} connections for about ${settings.throughputSeconds} s; ` +
      `each per target, in ${settings.segments} turn${settings.segments === 1 ? '' : 's'} taking turns at going first. ` +
      "Gateway figures carry gateway/floor beside them (p50 also the difference in ms). CPU ms/req: the target process's user + system CPU time per request in the c32 run (the machine's 2 cores also run the sandbox and the load generator). Peak RSS: each process's high-water mark during the scenario (reset as the scenario starts, after every scenario's warm-up: memory a process kept from earlier load counts).",
    '',
    `![Throughput and p50 per screen, gateway against floor](${report.mode === 'quick' ? 'quick' : 'latest'}.svg)`,
    '',
    ...table,
    '',
    '## Targets of issue 18 (cold screens)',
    '',
    'Each figure against its reference in this run; in brackets, the room left to the line (negative: missed by).',
    '',
    `| scenario | ${(report.scenarios[0] ? checks(report.scenarios[0]) : []).map((check) => tableCell(check.what)).join(' | ')} |`,
    `| --- | ${(report.scenarios[0] ? checks(report.scenarios[0]) : []).map(() => '---').join(' | ')} |`,
    ...targetRows,
    '',
    '## Minimum vendor calls',
    '',
    ...report.scenarios.map(
      (result) =>
        `- ${result.title}: **${result.minimum.calls}** (${plural(result.minimum.credits, 'credit')}). ${capitalized(result.minimum.rationale)}.`,
    ),
    ...report.skipped.map((skipped) => `- ${skipped.title}: ${skipped.reason}.`),
    '',
    ...warmMarkdown(report.warm, report.credits),
    ...writeMarkdown(report.write),
    ...fanOutMarkdown(report.fanOuts),
    ...report.scenarios
      .filter((result) => result.dataDifference)
      .map((result) => `Answers differ in ${result.title}: ${result.dataDifference}.`),
    `Resident set once started, before any request: gateway ${mb(report.idleRssMb.gateway)} MB, floor ${mb(report.idleRssMb.floor)} MB. ` +
      `Whole-run peak: gateway ${mb(report.processPeakRssMb.gateway)} MB, floor ${mb(report.processPeakRssMb.floor)} MB, warm gateway (cache on) ${mb(report.processPeakRssMb.warmGateway)} MB.`,
    '',
    warningsLine(report.gatewayWarnings),
    '',
  ].join('\n');
}
