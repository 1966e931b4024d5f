import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { Client } from 'undici';
import { callsByRoute, type RouteCalls } from './minimum.ts';
import { resetSandboxStats, sandboxStats } from './sandbox-control.ts';
import type { Scenario } from './scenarios.ts';

/**
 * The measurements of one scenario against one target: vendor calls of a single request (the
 * sandbox's counters), latency one request at a time, throughput and latency under 32 concurrent
 * connections (autocannon). The runner splits the timed ones into segments and alternates targets.
 */

export interface TargetRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Target {
  name: 'gateway' | 'floor';
  origin: string;
  request(scenario: Scenario): TargetRequest;
}

export function gatewayTarget(origin: string): Target {
  return {
    name: 'gateway',
    origin,
    request: (scenario) => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: scenario.query, variables: scenario.variables }),
    }),
  };
}

export function floorTarget(origin: string): Target {
  return {
    name: 'floor',
    origin,
    request: (scenario) => ({ method: 'GET', path: scenario.floorPath, headers: {} }),
  };
}

export interface CallsMeasurement {
  calls: number;
  credits: number;
  byRoute: RouteCalls;
  /** The answer's `data`, for comparing the targets. */
  data: unknown;
}

/** One request with the sandbox's counters reset before it. Fails on an error in the answer. */
export async function measureCalls(
  sandboxUrl: string,
  target: Target,
  scenario: Scenario,
): Promise<CallsMeasurement> {
  await resetSandboxStats(sandboxUrl);
  const request = target.request(scenario);
  const response = await fetch(`${target.origin}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (response.status !== 200 || answer.errors) {
    throw new Error(
      `${target.name} ${scenario.name}: HTTP ${response.status} ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`,
    );
  }
  const stats = await sandboxStats(sandboxUrl);
  return {
    calls: stats.totalCalls,
    credits: stats.totalCredits,
    byRoute: callsByRoute(stats),
    data: answer.data,
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export interface LatencyMeasurement {
  requests: number;
  p50: number;
  p99: number;
}

export function summarizeLatency(samples: readonly number[]): LatencyMeasurement {
  const sorted = [...samples].sort((left, right) => left - right);
  return {
    requests: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

/**
 * Requests one after another on one keep-alive connection, for `durationMs` or `maxRequests`,
 * whichever ends first: the latency of each, to the last byte of the answer, in milliseconds.
 */
export async function latencySamples(
  target: Target,
  scenario: Scenario,
  limits: { durationMs: number; maxRequests: number },
): Promise<number[]> {
  const client = new Client(target.origin, { pipelining: 1, keepAliveTimeout: 30_000 });
  const request = target.request(scenario);
  const samples: number[] = [];
  const deadline = performance.now() + limits.durationMs;
  try {
    while (samples.length < limits.maxRequests && performance.now() < deadline) {
      const started = performance.now();
      const response = await client.request(request);
      await response.body.arrayBuffer();
      samples.push(performance.now() - started);
      if (response.statusCode !== 200) {
        throw new Error(`${target.name} ${scenario.name}: HTTP ${response.statusCode}`);
      }
    }
  } finally {
    await client.close();
  }
  return samples;
}

/** One autocannon run: what it did, and every response's latency in milliseconds. */
export interface LoadSegment {
  requests: number;
  seconds: number;
  /** Non-2xx answers, answers with GraphQL `errors`, connection errors and timeouts. */
  failures: number;
  latencies: number[];
}

/**
 * `connections` keep-alive connections, each sending its next request as soon as an answer
 * arrives, until `amount` answers are in. A fixed amount rather than a duration: when a duration
 * ends, autocannon drops the requests in flight, and a gateway sees each as a client hanging up.
 */
export async function loadSegment(
  target: Target,
  scenario: Scenario,
  options: { connections: number; amount: number },
): Promise<LoadSegment> {
  const { connections } = options;
  const request = target.request(scenario);
  const latencies: number[] = [];
  const run = autocannon({
    url: `${target.origin}${request.path}`,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections,
    pipelining: 1,
    amount: Math.max(options.amount, connections),
    timeout: 30,
    // With `amount`, autocannon notices the end at its next sample: sample often so the run's
    // duration is not rounded up to a whole second.
    sampleInt: 50,
    // A GraphQL error still answers 200; the floor answers 502 when a vendor call fails.
    verifyBody: (body) =>
      !String(body).startsWith('{"errors"') && !String(body).includes(',"errors":'),
  }) as unknown as EventEmitter & Promise<autocannon.Result>;
  // The tracker's own histogram has 1 ms buckets; these are exact.
  run.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const result = await run;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    failures: result.non2xx + result.errors + result.timeouts + result.mismatches,
    latencies,
  };
}

export interface ThroughputMeasurement {
  connections: number;
  requests: number;
  seconds: number;
  /** Requests per second. */
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
}

/** Several load segments of one target as one measurement. */
export function summarizeThroughput(
  segments: readonly LoadSegment[],
  connections: number,
): ThroughputMeasurement {
  const requests = segments.reduce((sum, segment) => sum + segment.requests, 0);
  const seconds = segments.reduce((sum, segment) => sum + segment.seconds, 0);
  const { p50, p99 } = summarizeLatency(segments.flatMap((segment) => segment.latencies));
  return { connections, requests, seconds, rps: requests / seconds, p50, p99 };
}

/**
 * `rounds` requests per connection, `connections` at once, to run every code path hot; the rate
 * it reached sizes the measured runs.
 */
export async function warmUp(
  target: Target,
  scenario: Scenario,
  options: { connections: number; rounds: number },
): Promise<number> {
  const run = await loadSegment(target, scenario, {
    connections: options.connections,
    amount: options.connections * options.rounds,
  });
  if (run.failures > 0) {
    throw new Error(`${target.name} ${scenario.name}: ${run.failures} failed requests in warm-up`);
  }
  return run.requests / run.seconds;
}
