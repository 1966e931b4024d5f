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
import { rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../src/sandbox/index.ts';
import { buildDist } from '../support/start-command.ts';
import { fingerprint, fingerprintDifference } from './fingerprint.ts';
import { measureScenario, warmUpContenders } from './measure-scenario.ts';
import { type BenchOptions, parseBenchOptions, SEED } from './options.ts';
import { printProfiles, sourceVersion, writeReport } from './outputs.ts';
import { peakRssMb, rssMb, type Service } from './processes.ts';
import { type BenchReport, consoleTable, type ScenarioResult } from './report.ts';
import { buildScenarios, inboxUnavailable } from './scenarios.ts';
import { startBenchServices } from './start-services.ts';

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
  if (scenarios.length === 0) {
    console.error(
      `no scenario named ${options.only}; there are ${built.scenarios.map((s) => s.name).join(', ')}`,
    );
    return 2;
  }

  const services: Service[] = [];
  const configPath = join(tmpdir(), `chatgraph-bench-${process.pid}.json`);
  const stopAll = () => Promise.all(services.map((service) => service.stop()));
  const backstop = setTimeout(() => {
    console.error(`the benchmark ran past ${options.runLimitMs / 1000} s: stopping`);
    void stopAll().then(() => process.exit(1));
  }, options.runLimitMs);
  backstop.unref();

  try {
    buildDist();
    const { sandbox, gateway, floor, gatewayCommand } = await startBenchServices(
      options,
      dataset,
      configPath,
      services,
    );
    const processPeakRssMb = { gateway: peakRssMb(gateway.pid), floor: peakRssMb(floor.pid) };
    const idleRssMb = { gateway: rssMb(gateway.pid), floor: rssMb(floor.pid) };
    console.log(
      `sandbox ${sandbox.url} (+${settings.vendorLatencyMs} ms per call), gateway ${gateway.url}, floor ${floor.url}; ${quick ? 'quick' : 'full'} mode`,
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

    if (options.cpuProfile) printProfiles();
    else if (!only) writeReport(report);
    // Missed targets are reported, not failed: `test/bench/calls.test.ts` is the gate on calls.
    return 0;
  } finally {
    await stopAll();
    rmSync(configPath, { force: true });
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
