/**
 * The soak's default mode (see soak.ts): the ordinary traffic at a given concurrency, with vendor
 * faults injected at a given rate. Reports crashes, malformed responses, latency percentiles, the
 * gateway's resident memory, error-code tallies, and secrets found in responses or in its output.
 */

import type { SoakSettings } from './soak.ts';
import { memoryOf } from './soak-processes.ts';
import { add, fmt, list, mb, percentile } from './soak-report.ts';
import { SECRETS, startStackFor, TOKEN } from './soak-stack.ts';
import type { Data, Request, Traffic } from './soak-traffic.ts';

const tally = {
  sent: 0,
  byStatus: new Map<number, number>(),
  byKind: new Map<string, number>(),
  codes: new Map<string, number>(),
  /** Error messages with ids and figures blanked out: what the codes were about. */
  messages: new Map<string, number>(),
  faults: new Map<string, number>(),
  transport: new Map<string, number>(),
  clean: 0,
  withErrors: 0,
  partial: 0,
  malformed: 0,
  malformedSamples: [] as string[],
  stackTraces: 0,
  secretsInResponses: 0,
  faultScriptFailures: 0,
};
const latencies: number[] = [];

/** Reads one answer: status, JSON shape, codes, cursors, secrets. */
function inspectAnswer(request: Request, status: number, text: string): void {
  add(tally.byStatus, status);
  add(tally.byKind, request.kind);
  if (SECRETS.some((secret) => text.includes(secret))) tally.secretsInResponses += 1;
  if (/\n\s+at |\\n\s+at /.test(text)) tally.stackTraces += 1;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object' || (!('data' in body) && !('errors' in body))) {
    tally.malformed += 1;
    if (tally.malformedSamples.length < 5)
      tally.malformedSamples.push(`${status} ${text.slice(0, 200)}`);
    return;
  }
  const { data, errors } = body as {
    data?: Data | null;
    errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
  };
  if (errors && errors.length > 0) {
    tally.withErrors += 1;
    if (data) tally.partial += 1;
    for (const error of errors) {
      const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE';
      add(tally.codes, code);
      const message = String(error.message ?? '')
        .replace(/(acct|fansly_acct|conn)_[A-Za-z0-9]+/g, '<account>')
        .replace(/\d+/g, 'N');
      add(tally.messages, `${code}: ${message}`);
    }
  } else {
    tally.clean += 1;
  }
  if (data) request.harvest?.(data);
}

export async function runDefault(settings: SoakSettings, traffic: Traffic): Promise<number> {
  const { chance } = traffic;
  const started = Date.now();
  const hardStop = started + settings.maxSeconds * 1000;
  const stack = await startStackFor(settings, traffic.dataset);
  const { sandbox, gateway, graphqlUrl, output } = stack;

  const startMemory = memoryOf(gateway.pid);
  console.log(
    `soak: sandbox ${sandbox.url} (vendor limits ${settings.vendorLimits}), gateway ${graphqlUrl} (pid ${gateway.pid}, vendor timeout ${settings.vendorTimeoutMs} ms, request timeout ${settings.requestTimeoutMs} ms); ${settings.queries} queries at concurrency ${settings.concurrency}, fault rate ${settings.faultRate}, seed ${settings.seed}, cap ${settings.maxSeconds} s`,
  );

  const everything = new AbortController();
  let stopReason: string | null = null;
  const capTimer = setTimeout(() => {
    stopReason = `time cap of ${settings.maxSeconds} s reached`;
    everything.abort();
  }, settings.maxSeconds * 1000);
  let next = 0;
  let progressMark = 0;

  const worker = async () => {
    while (next < settings.queries && stopReason === null && Date.now() < hardStop) {
      next += 1;
      if (gateway.unexpectedExit) {
        stopReason = `the gateway exited (${JSON.stringify(gateway.unexpectedExit)})`;
        return;
      }
      if (settings.faultRate > 0 && chance(settings.faultRate)) {
        const { fault, label } = traffic.randomFault();
        try {
          const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(fault),
            signal: AbortSignal.timeout(10_000),
          });
          if (response.status === 201) add(tally.faults, label);
          else tally.faultScriptFailures += 1;
          await response.arrayBuffer();
        } catch {
          tally.faultScriptFailures += 1;
        }
      }
      const request = traffic.nextRequest();
      const begin = performance.now();
      tally.sent += 1;
      try {
        const response = await fetch(graphqlUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json',
            authorization: `Bearer ${TOKEN}`,
          },
          body: JSON.stringify({ query: request.query, variables: request.variables }),
          signal: AbortSignal.any([everything.signal, AbortSignal.timeout(60_000)]),
        });
        const text = await response.text();
        latencies.push(performance.now() - begin);
        inspectAnswer(request, response.status, text);
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        add(tally.transport, cause?.code ?? (error as Error).name);
      }
      if (tally.sent >= progressMark + settings.queries / 10) {
        progressMark = tally.sent;
        const memory = memoryOf(gateway.pid);
        console.error(
          `  … ${tally.sent}/${settings.queries} sent, ${((Date.now() - started) / 1000).toFixed(0)} s, gateway RSS ${memory?.rssMb.toFixed(0) ?? '?'} MiB`,
        );
      }
    }
  };
  const loadStarted = Date.now();
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  clearTimeout(capTimer);

  // Give a crash time to show, then measure.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const endMemory = memoryOf(gateway.pid);
  // And once the load is over and the gateway has idled a few seconds.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const settledMemory = memoryOf(gateway.pid);
  const crashed = gateway.unexpectedExit;
  let sandboxCalls: number | null = null;
  try {
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
      totalCalls: number;
    };
    sandboxCalls = stats.totalCalls;
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
  } catch {
    sandboxCalls = null;
  }
  await stack.stop();

  const sorted = [...latencies].sort((left, right) => left - right);
  const injected = [...tally.faults.values()].reduce((sum, count) => sum + count, 0);
  const transport = [...tally.transport.values()].reduce((sum, count) => sum + count, 0);
  const lines = [
    `soak: ${tally.sent} queries in ${loadSeconds.toFixed(1)} s (${(tally.sent / loadSeconds).toFixed(0)} q/s), concurrency ${settings.concurrency}, fault rate ${settings.faultRate} (${settings.faultKinds.join('/')}), vendor limits ${settings.vendorLimits}, seed ${settings.seed}${stopReason ? `; STOPPED EARLY: ${stopReason}` : ''}`,
    `  crashes: ${crashed ? 1 : 0}${crashed ? ` (gateway exited: ${JSON.stringify(crashed)})` : ''}`,
    `  malformed responses: ${tally.malformed}; transport failures: ${transport}${transport > 0 ? ` (${list(tally.transport)})` : ''}`,
    `  latency: p50 ${fmt(percentile(sorted, 0.5))}, p90 ${fmt(percentile(sorted, 0.9))}, p99 ${fmt(percentile(sorted, 0.99))}, max ${fmt(sorted.at(-1) ?? Number.NaN)}`,
    `  gateway RSS: start ${mb(startMemory?.rssMb)}, end ${mb(endMemory?.rssMb)}, 5 s later ${mb(settledMemory?.rssMb)} (peak ${mb(settledMemory?.peakRssMb)})${settings.gatewayHeapMb > 0 ? `; old space capped at ${settings.gatewayHeapMb} MiB` : ''}`,
    `  injected faults: ${injected} (${list(tally.faults)})${tally.faultScriptFailures > 0 ? `; ${tally.faultScriptFailures} could not be scripted` : ''}; vendor calls: ${sandboxCalls ?? '?'}`,
    `  HTTP status: ${list(tally.byStatus)}; clean ${tally.clean}, with errors ${tally.withErrors} (partial data ${tally.partial})`,
    `  error codes: ${list(tally.codes)}`,
    ...[...tally.messages]
      .sort((left, right) => right[1] - left[1])
      .slice(0, 8)
      .map(([message, count]) => `    ${count} × ${message}`),
    `  stack traces in responses: ${tally.stackTraces}; secrets in responses: ${tally.secretsInResponses}; in the gateway's output: ${output.secrets} (${output.lines} lines logged)`,
    `  query mix: ${list(tally.byKind)}`,
    ...tally.malformedSamples.map((sample) => `  malformed sample: ${sample}`),
  ];
  console.log(lines.join('\n'));
  const noCode = tally.codes.get('NO_CODE') ?? 0;
  const internal = tally.codes.get('INTERNAL_SERVER_ERROR') ?? 0;
  const healthy =
    !crashed &&
    stopReason === null &&
    tally.malformed === 0 &&
    transport === 0 &&
    tally.secretsInResponses === 0 &&
    output.secrets === 0 &&
    tally.stackTraces === 0 &&
    internal === 0 &&
    noCode === 0;
  return healthy ? 0 : 1;
}
