/**
 * `npm run bench [-- --quick] [--only name,…] [--cpu-prof] [--latency ms]`
 *
 * Starts the vendor sandbox (fixed added latency per vendor call), the gateway twice (cache off
 * for the cold screens, cache on and webhooks verified for the warm ones) and the floor as
 * separate processes on 127.0.0.1, then for every scenario and both targets measures: vendor calls
 * and credits of one request, latency one request at a time, throughput and latency at 32
 * concurrent connections, and peak RSS. Then the warm screens (measure-warm.ts): refreshes with
 * nothing changed and after a webhook, warm latency and throughput, credits per 100 refreshes,
 * the refresh right after one event against a warm one. Then the write path (measure-write.ts:
 * replies and their echo) and the subscription fan-out (measure-fanout.ts). Holds every figure to
 * issue 18's targets (targets.ts), prints a table with gateway/floor beside each figure and writes
 * test/bench/results/latest.{md,json,svg} (quick mode: test/output/bench/quick.*, not committed;
 * it exits 1 when a screen or a reply costs other than its minimum number of vendor calls).
 * `--cpu-prof` profiles the gateways (cold and warm) and the floor and prints where their time went
 * (profiles in test/output/bench-profiles/).
 */
import { rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalId, localId } from '../../src/ids.ts';
import { generateDataset } from '../../src/sandbox/index.ts';
import type { SandboxWebhookSecrets } from '../../src/sandbox/types.ts';
import { buildDist } from '../support/start-command.ts';
import { fingerprint, fingerprintDifference } from './fingerprint.ts';
import { gatewayTarget, type Target } from './measure.ts';
import { type FanOutResult, type FanOutTarget, measureFanOut } from './measure-fanout.ts';
import { measureScenario, warmUpContenders } from './measure-scenario.ts';
import {
  type CreditsPer100,
  measureCreditsPer100,
  measureWarmScreen,
  type WarmResult,
} from './measure-warm.ts';
import { measureWritePath, type WriteResult } from './measure-write.ts';
import { newestChat } from './minimum.ts';
import { type BenchOptions, type BenchSettings, parseBenchOptions, SEED } from './options.ts';
import { printProfiles, sourceVersion, writeReport } from './outputs.ts';
import { peakRssMb, rssMb, type Service } from './processes.ts';
import { type BenchReport, checks, consoleTable, type ScenarioResult } from './report.ts';
import { buildScenarios, inboxUnavailable, type Scenario } from './scenarios.ts';
import { startBenchServices } from './start-services.ts';
import { callsCheck } from './targets.ts';

/**
 * The warm screens (the scenarios that have one, against the floor's throughput on the same
 * screen), then the credits of 100 refreshes of the unified inbox.
 */
async function measureWarmScreens(
  sandboxUrl: string,
  scenarios: readonly Scenario[],
  results: readonly ScenarioResult[],
  options: {
    cold: Target;
    warm: Target;
    /** The warm gateway's process id. */
    warmPid: number;
    settings: BenchSettings;
    warmupRounds: number;
  },
): Promise<{ warm: WarmResult[]; credits: CreditsPer100 | null }> {
  const warm: WarmResult[] = [];
  for (const scenario of scenarios) {
    if (!scenario.warm) continue;
    console.log(`${scenario.title}, warm …`);
    const { floor } = results.find((result) => result.name === scenario.name)!;
    warm.push(
      await measureWarmScreen(
        sandboxUrl,
        options.warm,
        { ...scenario, warm: scenario.warm },
        options.settings,
        {
          pid: options.warmPid,
          warmupRounds: options.warmupRounds,
          floor: { rps: floor.throughput.rps, cpuMsPerRequest: floor.cpuMsPerRequest },
        },
      ),
    );
  }
  const inbox = scenarios.find((scenario) => scenario.name === 'inbox');
  if (!inbox?.warm) return { warm, credits: null };
  console.log(`${inbox.title}: credits per 100 refreshes …`);
  const credits = await measureCreditsPer100(
    sandboxUrl,
    options,
    { ...inbox, warm: inbox.warm },
    options.settings.connections,
  );
  return { warm, credits };
}

/** The subscription fan-out on the warm gateway (its webhooks are verified), last of all. */
/** `--only fanout` runs the subscription fan-out alone, `--only write` the write path. */
const FAN_OUT = 'fanout';
const WRITE = 'write';

/** The OnlyFans account (OnlyFansAPI) whose newest chat the webhooks and the replies go to. */
function onlyFansTarget(dataset: ReturnType<typeof generateDataset>) {
  const account = dataset.accounts.find(
    (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
  )!;
  return { account, chat: newestChat(account) };
}

/** Replies through the warm gateway (the vendor's echo webhooks reach it) and the floor. */
async function writePathOnWarmGateway(
  dataset: ReturnType<typeof generateDataset>,
  services: { sandbox: Service; warmGateway: Service; floor: Service },
  options: BenchOptions,
): Promise<WriteResult> {
  console.log(`Write path: ${options.writeSends} replies each …`);
  return measureWritePath(
    {
      sandbox: services.sandbox.url,
      gateway: services.warmGateway.url,
      floor: services.floor.url,
    },
    onlyFansTarget(dataset),
    options.writeSends,
  );
}

/** The accounts the fan-out's webhooks go to: every OnlyFansAPI account (OnlyFans and Fansly). */
function fanOutTargets(dataset: ReturnType<typeof generateDataset>): FanOutTarget[] {
  return dataset.accounts
    .filter((account) => account.vendor === 'onlyfansapi')
    .map((account) => ({
      account,
      chat: newestChat(account),
      accountId: encodeGlobalId('ConnectedAccount', localId(account.handle)),
    }));
}

async function fanOutsOnWarmGateway(
  dataset: ReturnType<typeof generateDataset>,
  warmGateway: Service,
  webhookSecrets: SandboxWebhookSecrets,
  options: BenchOptions,
): Promise<FanOutResult[]> {
  const targets = fanOutTargets(dataset);
  const results: FanOutResult[] = [];
  for (const settings of options.fanOuts) {
    const { subscribers, eventsPerSecond, seconds, follow } = settings;
    console.log(
      `Subscription fan-out: ${subscribers} SSE subscribers (${follow === 'one' ? 'one account each' : 'every account'}), ${eventsPerSecond} webhooks/s for ${seconds} s …`,
    );
    results.push(
      await measureFanOut(warmGateway, { secret: webhookSecrets.onlyfansapi, targets }, settings),
    );
  }
  return results;
}

async function main(options: BenchOptions): Promise<number> {
  const { quick, settings } = options;
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const dataset = generateDataset(SEED);
  const inboxNote = inboxUnavailable();
  const built = buildScenarios(dataset, {
    withInbox: inboxNote === null,
    inboxNote: inboxNote ?? undefined,
  });
  const only = options.only?.split(',').map((name) => name.trim());
  const scenarios = only
    ? built.scenarios.filter((scenario) => only.includes(scenario.name))
    : built.scenarios;
  const withFanOut = !only || only.includes(FAN_OUT);
  const withWrite = !only || only.includes(WRITE);
  if (scenarios.length === 0 && !withFanOut && !withWrite) {
    console.error(
      `no scenario named ${options.only}; there are ${[...built.scenarios.map((s) => s.name), FAN_OUT, WRITE].join(', ')}`,
    );
    return 2;
  }

  const services: Service[] = [];
  const paths = {
    config: join(tmpdir(), `chatgraph-bench-${process.pid}.json`),
    warmConfig: join(tmpdir(), `chatgraph-bench-warm-${process.pid}.json`),
  };
  const stopAll = () => Promise.all(services.map((service) => service.stop()));
  const backstop = setTimeout(() => {
    console.error(`the benchmark ran past ${options.runLimitMs / 1000} s: stopping`);
    void stopAll().then(() => process.exit(1));
  }, options.runLimitMs);
  backstop.unref();

  try {
    buildDist();
    const { sandbox, gateway, warmGateway, floor, gatewayCommand, webhookSecrets } =
      await startBenchServices(options, dataset, paths, services);
    const processPeakRssMb = { gateway: peakRssMb(gateway.pid), floor: peakRssMb(floor.pid) };
    const idleRssMb = { gateway: rssMb(gateway.pid), floor: rssMb(floor.pid) };
    console.log(
      `sandbox ${sandbox.url} (+${settings.vendorLatencyMs} ms per call), gateway ${gateway.url} (cache off), warm gateway ${warmGateway.url} (cache on), floor ${floor.url}; ${quick ? 'quick' : 'full'} mode`,
    );

    const contenders = await warmUpContenders(
      scenarios,
      { floor, gateway },
      settings,
      options.warmupRounds,
    );

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      console.log(`${scenario.title} …`);
      const measured = await measureScenario(
        sandbox.url,
        scenario,
        contenders.get(scenario.name)!,
        settings,
      );
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

    // Last: a warm screen's webhooks add messages to the sandbox, which the cold screens read.
    const warm = await measureWarmScreens(sandbox.url, scenarios, results, {
      cold: gatewayTarget(gateway.url),
      warm: gatewayTarget(warmGateway.url),
      warmPid: warmGateway.pid,
      settings,
      warmupRounds: options.warmupRounds,
    });
    const warmGatewayPeakRssMb = peakRssMb(warmGateway.pid);
    const write = !withWrite
      ? null
      : await writePathOnWarmGateway(dataset, { sandbox, warmGateway, floor }, options);
    const fanOuts = !withFanOut
      ? []
      : await fanOutsOnWarmGateway(dataset, warmGateway, webhookSecrets, options);

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
      ...warm,
      write,
      fanOuts,
      processPeakRssMb: { ...processPeakRssMb, warmGateway: warmGatewayPeakRssMb },
      idleRssMb,
      // Read once they stopped: what they printed while shutting down counts too.
      gatewayWarnings: { gateway: gateway.warnings(), warmGateway: warmGateway.warnings() },
    };
    console.log(`\n${consoleTable(report)}`);

    if (options.cpuProfile) printProfiles();
    else if (!only) writeReport(report);
    // Quick mode is the gate on calls (a full run only reports): a screen that costs more (or
    // fewer) vendor calls than its minimum fails the run.
    const offMinimum = results.filter((result) => !callsCheck(result.gateway, result.minimum).met);
    for (const result of offMinimum) {
      console.error(`${result.title}: vendor calls ≠ minimum (${checks(result)[0]?.figure})`);
    }
    const writeOffMinimum = write !== null && !callsCheck(write, write.minimum).met;
    if (writeOffMinimum) {
      console.error(
        `write path: vendor calls per reply ≠ minimum (${write.calls} vs ${write.minimum.calls})`,
      );
    }
    return quick && (offMinimum.length > 0 || writeOffMinimum) ? 1 : 0;
  } finally {
    await stopAll();
    rmSync(paths.config, { force: true });
    rmSync(paths.warmConfig, { force: true });
    clearTimeout(backstop);
  }
}

main(parseBenchOptions()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
