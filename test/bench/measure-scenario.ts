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
import type { BenchSettings } from './options.ts';
import { cpuMs, peakRssMb, resetPeakRss, type Service } from './processes.ts';
import type { TargetResult } from './report.ts';
import type { Scenario } from './scenarios.ts';

export interface Contender {
  target: Target;
  service: Service;
  /** Requests per second at c32 in the warm-up: sizes the measured runs. */
  warmRps: number;
}

/**
 * Runs every route of every process (sandbox included) hot before anything is measured, and
 * pairs floor and gateway for each scenario with the rate they reached.
 */
export async function warmUpContenders(
  scenarios: readonly Scenario[],
  services: { floor: Service; gateway: Service },
  settings: BenchSettings,
  rounds: number,
): Promise<Map<string, Contender[]>> {
  const contenders = new Map<string, Contender[]>();
  for (const scenario of scenarios) {
    const pair: Contender[] = [];
    for (const [target, service] of [
      [floorTarget(services.floor.url), services.floor],
      [gatewayTarget(services.gateway.url), services.gateway],
    ] as const) {
      const warmRps = await warmUp(target, scenario, {
        connections: settings.connections,
        rounds,
      });
      pair.push({ target, service, warmRps });
    }
    contenders.set(scenario.name, pair);
  }
  return contenders;
}

/**
 * Both targets through one scenario. The timed phases are split into `segments` that alternate
 * which target goes first (floor, gateway | gateway, floor | …), so a spell of load from elsewhere
 * on the machine, or a drift of the sandbox, falls on both alike.
 */
export async function measureScenario(
  sandboxUrl: string,
  scenario: Scenario,
  contenders: readonly Contender[],
  settings: BenchSettings,
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
