import type { RouteCalls } from './minimum.ts';

/**
 * Issue 18's targets, each held against its reference measured in the same run (the floor on the
 * same screen, a fully warm refresh, the webhook's send time). Pure: the report evaluates them,
 * the calls test checks the evaluation.
 */

export const TARGETS = {
  /** p50 at concurrency 1: at most this many ms behind the floor's. */
  p50MarginMs: 2,
  /** p99 at concurrency 1: at most this multiple of the floor's. */
  p99Ratio: 1.2,
  /** Requests per second at concurrency 32: at least this share of the floor's. */
  throughputShare: 0.85,
  /** CPU time per request: at most this multiple of the floor's. */
  cpuRatio: 1.5,
  peakRssMb: 200,
  /** Warm refreshes: at least this multiple of the floor's requests per second. */
  warmThroughputRatio: 3,
  /** A refresh right after one event: at most this many ms behind a fully warm refresh (p50). */
  afterEventMarginMs: 1,
  /** Subscription fan-out: every event delivered within this at p99, webhook sent → received. */
  deliveryP99Ms: 100,
  fanOutPeakRssMb: 300,
} as const;

/** One target: whether it was met, the figure measured and how far it is from the line. */
export interface Check {
  what: string;
  met: boolean;
  figure: string;
  /** Room left (met) or the shortfall (missed), in the target's unit; '' when exact. */
  margin: string;
}

export function signed(value: number): string {
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return value > 0 ? `+${text}` : text;
}

/** `✅ 3 (min 3)` in Markdown, `ok …` on the console. */
export function checkCell(check: Check, style: 'markdown' | 'console'): string {
  const mark = style === 'markdown' ? (check.met ? '✅' : '❌') : check.met ? 'ok' : 'MISSED';
  return `${mark} ${check.figure}${check.margin ? ` (${check.margin})` : ''}`;
}

/** Whether two call counts by route are the same, a route absent counting as zero. */
export function sameCalls(actual: RouteCalls, expected: RouteCalls): boolean {
  const routes = new Set([...Object.keys(actual), ...Object.keys(expected)]) as Set<
    keyof RouteCalls
  >;
  return [...routes].every((route) => (actual[route] ?? 0) === (expected[route] ?? 0));
}

/** Calls against their minimum: met only when equal, route by route. */
export function callsCheck(
  actual: { calls: number; byRoute: RouteCalls },
  minimum: { calls: number; byRoute: RouteCalls },
): Check {
  const extra = actual.calls - minimum.calls;
  return {
    what: 'vendor calls = minimum',
    met: extra === 0 && sameCalls(actual.byRoute, minimum.byRoute),
    figure: `${actual.calls} (min ${minimum.calls})`,
    margin: extra === 0 ? '' : signed(extra),
  };
}

/** `value` at most `reference + marginMs`: the margin left is what the figure may still lose. */
export function withinMs(what: string, value: number, reference: number, marginMs: number): Check {
  const behind = value - reference;
  return {
    what,
    met: behind <= marginMs,
    figure: `${signed(Number(behind.toFixed(1)))} ms`,
    margin: `${signed(Number((marginMs - behind).toFixed(1)))} ms to the line`,
  };
}

/** `value / reference` at most `ratio` (`atMost`) or at least `ratio` (`atLeast`). */
export function ratioCheck(
  what: string,
  value: number | null,
  reference: number | null,
  bound: { atMost: number } | { atLeast: number },
): Check {
  if (value === null || reference === null || !(reference > 0)) {
    return { what, met: false, figure: 'not measured', margin: '' };
  }
  const ratio = value / reference;
  const line = 'atMost' in bound ? bound.atMost : bound.atLeast;
  const room = 'atMost' in bound ? line - ratio : ratio - line;
  return {
    what,
    met: room >= 0,
    figure: `×${ratio.toFixed(2)}`,
    margin: `${room >= 0 ? '+' : ''}${room.toFixed(2)} to ×${line}`,
  };
}

/** A figure below a ceiling (peak RSS, a p99 in ms). */
export function belowCheck(
  what: string,
  value: number | null,
  ceiling: number,
  unit: string,
): Check {
  if (value === null) return { what, met: false, figure: 'not measured', margin: '' };
  const room = ceiling - value;
  return {
    what,
    met: room > 0,
    figure: `${value.toFixed(value < 100 ? 1 : 0)} ${unit}`,
    margin: `${room >= 0 ? '+' : ''}${room.toFixed(room < 100 && room > -100 ? 1 : 0)} ${unit} to the line`,
  };
}

/** p50 and p99 at concurrency 1 against the floor's: the latency targets of screens and writes. */
export function latencyChecks(
  gateway: { p50: number; p99: number },
  floor: { p50: number; p99: number },
): Check[] {
  return [
    withinMs(
      `p50 c1 ≤ floor + ${TARGETS.p50MarginMs} ms`,
      gateway.p50,
      floor.p50,
      TARGETS.p50MarginMs,
    ),
    ratioCheck(`p99 c1 ≤ ${TARGETS.p99Ratio}× floor`, gateway.p99, floor.p99, {
      atMost: TARGETS.p99Ratio,
    }),
  ];
}

/** The checks on one console line: `what: ok figure (margin); …`. */
export function checksLine(checks: readonly Check[]): string {
  return checks.map((check) => `${check.what}: ${checkCell(check, 'console')}`).join('; ');
}

/** The checks as a one-row Markdown table, a column per target. */
export function checksTable(checks: readonly Check[]): string[] {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    `| ${checks.map((check) => cell(check.what)).join(' | ')} |`,
    `| ${checks.map(() => '---').join(' | ')} |`,
    `| ${checks.map((check) => cell(checkCell(check, 'markdown'))).join(' | ')} |`,
  ];
}
