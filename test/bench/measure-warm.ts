import {
  type LatencyMeasurement,
  latencySamples,
  loadSegment,
  summarizeLatency,
  summarizeThroughput,
  type Target,
  type ThroughputMeasurement,
  warmUp,
} from './measure.ts';
import type { Minimum, RouteCalls } from './minimum.ts';
import type { BenchSettings } from './options.ts';
import { cpuMs } from './processes.ts';
import { announceFanMessage, measuredRefresh, refresh, refreshesInARow } from './refresh.ts';
import { resetSandboxStats, sandboxStats } from './sandbox-control.ts';
import type { Scenario, WarmScreen } from './scenarios.ts';

/**
 * The warm screens: a screen refreshed on the gateway whose cache is on. Ten refreshes with
 * nothing changed (vendor calls on the first only), one after a fan's message (the changed
 * account's calls only), then its latency and throughput as every screen's, against the floor's
 * throughput on the same screen in the same run (the floor keeps nothing: cold and warm are alike
 * to it). And the credits 100 refreshes of a screen spend, with the cache off and on.
 */

/** Refreshes in a row with nothing changed. */
export const REFRESHES = 10;
/** Refreshes the credits are counted over; a fan writes before each `REFRESHES` after the first. */
export const CREDIT_REFRESHES = 100;

export interface WarmResult {
  name: string;
  title: string;
  /** The cold screen's minimum: what the first (fresh) refresh must cost. */
  minimum: Minimum;
  /**
   * The refreshes in a row with nothing changed: the first (fresh, `Cache-Control: no-cache`)
   * and what it called, and the vendor calls of all the others together. (No array of numbers:
   * the committed JSON stays as Biome formats it.)
   */
  refreshes: { count: number; first: { calls: number; byRoute: RouteCalls }; laterCalls: number };
  /** Cache hits the gateway reported on the second refresh. */
  secondCacheHits: number;
  /** The refresh after one fan message, against what the changed account alone needs. */
  afterMessage: { calls: number; credits: number; byRoute: RouteCalls; minimum: Minimum };
  /**
   * Refreshes timed one at a time through the same client: fully warm ones, and ones right after
   * a fan message (whose webhook made part of the screen stale).
   */
  afterEvent: { warm: LatencyMeasurement; afterEvent: LatencyMeasurement };
  latency: LatencyMeasurement;
  throughput: ThroughputMeasurement;
  /** CPU time (user + system) the warm gateway spent per request in the c32 runs, in ms. */
  cpuMsPerRequest: number | null;
  /** The floor's requests per second at the same concurrency on the same screen, this run. */
  floorRps: number;
  /** The floor's CPU ms per request on the same screen: less shaken by other load than rps. */
  floorCpuMsPerRequest: number | null;
}

export interface CreditsPer100 {
  title: string;
  refreshes: number;
  /** Cache off: every refresh reads the vendors. */
  cacheOff: number;
  /** Cache on, nothing changed: the first refresh reads (fresh), the rest are kept answers. */
  unchanged: number;
  /** Cache on, a fan's message (a signed webhook) before each ten refreshes after the first ten. */
  withMessages: number;
  messages: number;
}

/** The warm checks and figures of one screen on the gateway with the cache on. */
export async function measureWarmScreen(
  sandboxUrl: string,
  target: Target,
  scenario: Scenario & { warm: WarmScreen },
  settings: BenchSettings,
  options: {
    /** The warm gateway's process id, for its CPU time. */
    pid: number;
    warmupRounds: number;
    floor: { rps: number; cpuMsPerRequest: number | null };
  },
): Promise<WarmResult> {
  const refreshes = await refreshesInARow(sandboxUrl, target.origin, scenario, REFRESHES);
  await announceFanMessage(sandboxUrl, target.origin, scenario.warm.message);
  const afterMessage = await measuredRefresh(sandboxUrl, target.origin, scenario);
  const afterEvent = await afterEventLatency(
    sandboxUrl,
    target.origin,
    scenario,
    settings.afterEventSamples,
  );

  const samples = await latencySamples(target, scenario, {
    durationMs: settings.latencySeconds * 1000,
    maxRequests: settings.latencyMaxRequests,
  });
  const { connections, segments } = settings;
  const rate = await warmUp(target, scenario, { connections, rounds: options.warmupRounds });
  const loads = [];
  const cpuBefore = cpuMs(options.pid);
  for (let segment = 0; segment < segments; segment += 1) {
    const run = await loadSegment(target, scenario, {
      connections,
      amount: Math.min(200_000, Math.round((rate * settings.throughputSeconds) / segments)),
    });
    if (run.failures > 0) {
      throw new Error(`warm ${scenario.name}: ${run.failures} failed requests under load`);
    }
    loads.push(run);
  }
  const cpuAfter = cpuMs(options.pid);
  const throughput = summarizeThroughput(loads, connections);
  return {
    name: scenario.name,
    title: scenario.title,
    minimum: scenario.minimum,
    refreshes: {
      count: refreshes.length,
      first: { calls: refreshes[0]!.calls, byRoute: refreshes[0]!.byRoute },
      laterCalls: refreshes.slice(1).reduce((sum, each) => sum + each.calls, 0),
    },
    secondCacheHits: refreshes[1]?.cost.cacheHits ?? 0,
    afterMessage: {
      calls: afterMessage.calls,
      credits: afterMessage.credits,
      byRoute: afterMessage.byRoute,
      minimum: scenario.warm.afterMessage,
    },
    afterEvent,
    latency: summarizeLatency(samples),
    throughput,
    cpuMsPerRequest:
      cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / throughput.requests,
    floorRps: options.floor.rps,
    floorCpuMsPerRequest: options.floor.cpuMsPerRequest,
  };
}

async function timedRefresh(origin: string, scenario: Scenario): Promise<number> {
  const started = performance.now();
  await refresh(origin, scenario);
  return performance.now() - started;
}

/**
 * `samples` times: a refresh to settle what the last event made stale, a timed fully
 * warm refresh, a fan message (its webhook, until the gateway published it), a timed refresh.
 * Both kinds go through the same client, so their difference is the event's cost alone.
 */
async function afterEventLatency(
  sandboxUrl: string,
  origin: string,
  scenario: Scenario & { warm: WarmScreen },
  samples: number,
): Promise<WarmResult['afterEvent']> {
  const warm: number[] = [];
  const afterEvent: number[] = [];
  for (let sample = 0; sample < samples; sample += 1) {
    await refresh(origin, scenario);
    warm.push(await timedRefresh(origin, scenario));
    await announceFanMessage(sandboxUrl, origin, scenario.warm.message);
    afterEvent.push(await timedRefresh(origin, scenario));
  }
  return { warm: summarizeLatency(warm), afterEvent: summarizeLatency(afterEvent) };
}

/** Credits the sandbox counted for what `run` did. */
async function creditsOf(sandboxUrl: string, run: () => Promise<void>): Promise<number> {
  await resetSandboxStats(sandboxUrl);
  await run();
  return (await sandboxStats(sandboxUrl)).totalCredits;
}

/**
 * The credits of 100 refreshes of the screen: on the cold gateway (cache off, `connections` at
 * a time), and
 * on the warm one one after another, nothing changed, then with a fan's message every ten.
 */
export async function measureCreditsPer100(
  sandboxUrl: string,
  targets: { cold: Target; warm: Target },
  scenario: Scenario & { warm: WarmScreen },
  connections: number,
): Promise<CreditsPer100> {
  const cacheOff = await creditsOf(sandboxUrl, async () => {
    const run = await loadSegment(targets.cold, scenario, {
      connections,
      amount: CREDIT_REFRESHES,
    });
    if (run.failures > 0 || run.requests !== CREDIT_REFRESHES) {
      throw new Error(`${scenario.name}: ${run.requests} refreshes, ${run.failures} failed`);
    }
  });
  const origin = targets.warm.origin;
  const unchanged = await creditsOf(sandboxUrl, async () => {
    for (let index = 0; index < CREDIT_REFRESHES; index += 1) {
      await refresh(origin, scenario, index === 0);
    }
  });
  let messages = 0;
  const withMessages = await creditsOf(sandboxUrl, async () => {
    for (let index = 0; index < CREDIT_REFRESHES; index += 1) {
      if (index > 0 && index % REFRESHES === 0) {
        await announceFanMessage(sandboxUrl, origin, scenario.warm.message);
        messages += 1;
      }
      await refresh(origin, scenario, index === 0);
    }
  });
  return {
    title: scenario.title,
    refreshes: CREDIT_REFRESHES,
    cacheOff,
    unchanged,
    withMessages,
    messages,
  };
}
