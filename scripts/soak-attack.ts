/**
 * The soak's attack mode (see soak.ts): the ordinary traffic (soak-traffic.ts) runs throughout;
 * after a baseline, the attacks of soak-attacks.ts are sent `--attack-rounds` times, one after the
 * other, each round while one account's vendor calls hang. A probe loop, another client, times
 * `/health` and a normal inbox query of the accounts that do not hang; /metrics is read every
 * second for the event-loop delay (prom-client's `nodejs_eventloop_lag_*`, reset at each read).
 */

import { type DocumentNode, print } from 'graphql';
import { UnifiedInboxDocument } from '../src/generated/graphql.ts';
import { encodeGlobalId } from '../src/ids.ts';
import type { SoakSettings } from './soak.ts';
import { ATTACKS, type AttackContext, type AttackOutcome, hangAccount } from './soak-attacks.ts';
import { forceGc, memoryOf } from './soak-processes.ts';
import { add, errorCodes, fmt, list, mb, percentile, type Tally } from './soak-report.ts';
import { ATTACKER_TOKEN, startStackFor, stopReasons, TOKEN } from './soak-stack.ts';
import type { Data, Traffic } from './soak-traffic.ts';

/** What a probe may take at the 99th percentile while the gateway is attacked (issue 12). */
const PROBE_P99_BUDGET_MS = 100;
/**
 * Before the first attack, the probes and the ordinary traffic run at least this long and until
 * this many inbox probes have answered (at most a minute).
 */
const BASELINE_MS = 5_000;
const BASELINE_PROBES = 10;
/** Vendor calls of one account hung per round: more than the vendor pool's 32 connections. */
const HUNG_CALLS = 40;
/** Pause between two probes. */
const PROBE_GAP_MS = 50;

type Phase = 'baseline' | 'attack';

interface PhaseRecord {
  health: number[];
  inbox: number[];
  /** Probes that did not answer 200 with clean data. */
  probeFailures: Tally;
  /** Highest `nodejs_eventloop_lag_max_seconds` and `_p99_seconds` read, in ms. */
  lagMaxMs: number;
  lagP99Ms: number;
  scrapes: Tally;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gauge's value in Prometheus text, or null. */
function gauge(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

export async function runAttack(settings: SoakSettings, traffic: Traffic): Promise<number> {
  const started = Date.now();
  const stack = await startStackFor(settings, traffic.dataset, { gc: true, attacker: true });
  const { sandbox, gateway, graphqlUrl } = stack;
  const accounts = traffic.dataset.accounts;
  // An OnlyFansAPI account: its vendor's pool is the one its 40 hung calls would fill.
  const hungAccount = accounts.find((account) => account.vendor === 'onlyfansapi')!;
  const probeAccountIds = accounts
    .filter((account) => account !== hungAccount)
    .map((account) => encodeGlobalId('ConnectedAccount', account.handle));
  const context: AttackContext = {
    gatewayUrl: gateway.url,
    sandboxUrl: sandbox.url,
    token: ATTACKER_TOKEN,
    dataset: traffic.dataset,
    hungAccount,
  };
  console.log(
    `soak (attack): gateway ${graphqlUrl} (pid ${gateway.pid}, vendor limits ${settings.vendorLimits}); ${settings.attackRounds} rounds of ${ATTACKS.length + 1} attacks, ordinary traffic at concurrency ${settings.concurrency}, fault rate ${settings.faultRate}, seed ${settings.seed}, cap ${settings.maxSeconds} s`,
  );

  const record = (): PhaseRecord => ({
    health: [],
    inbox: [],
    probeFailures: new Map(),
    lagMaxMs: 0,
    lagP99Ms: 0,
    scrapes: new Map(),
  });
  const phases: Record<Phase, PhaseRecord> = { baseline: record(), attack: record() };
  let phase: Phase | 'pause' = 'baseline';
  let running = true;
  const stopReason = stopReasons(gateway, started, settings.maxSeconds);
  const goOn = () => running && stopReason() === null;
  const authorized = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json',
    authorization: `Bearer ${TOKEN}`,
  };

  // The ordinary traffic.
  const ordinary = { sent: 0, byStatus: new Map() as Tally, codes: new Map() as Tally };
  const worker = async () => {
    while (goOn() && ordinary.sent < settings.queries) {
      ordinary.sent += 1;
      if (settings.faultRate > 0 && traffic.chance(settings.faultRate)) {
        const { fault } = traffic.randomFault();
        await fetch(`${sandbox.url}/_sandbox/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fault),
        }).then(
          (response) => response.arrayBuffer(),
          () => undefined,
        );
      }
      const request = traffic.nextRequest();
      try {
        const response = await fetch(graphqlUrl, {
          method: 'POST',
          headers: authorized,
          body: JSON.stringify({ query: request.query, variables: request.variables }),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        add(ordinary.byStatus, response.status);
        for (const code of errorCodes(text) ?? ['not JSON']) add(ordinary.codes, code);
        const body = JSON.parse(text) as { data?: Data | null };
        if (body.data) request.harvest?.(body.data);
      } catch (error) {
        add(ordinary.byStatus, (error as Error).name);
      }
    }
  };

  // The probes: another client, one request at a time.
  const inboxProbe = JSON.stringify({
    query: print(UnifiedInboxDocument as DocumentNode),
    variables: { first: 10, accountIds: probeAccountIds },
  });
  const probe = async (which: 'health' | 'inbox') => {
    const begin = performance.now();
    let failure: string | null = null;
    try {
      const response =
        which === 'health'
          ? await fetch(`${gateway.url}/health`, { signal: AbortSignal.timeout(60_000) })
          : await fetch(graphqlUrl, {
              method: 'POST',
              headers: authorized,
              body: inboxProbe,
              signal: AbortSignal.timeout(60_000),
            });
      const text = await response.text();
      if (response.status !== 200) failure = `${which} HTTP ${response.status}`;
      else if (which === 'inbox' && (errorCodes(text)?.length ?? 1) > 0) {
        failure = `inbox ${(errorCodes(text) ?? ['not JSON']).join('+')}`;
      }
    } catch (error) {
      failure = `${which} ${(error as Error).name}`;
    }
    const elapsed = performance.now() - begin;
    if (phase === 'pause') return;
    phases[phase][which].push(elapsed);
    if (failure) add(phases[phase].probeFailures, failure);
  };
  const probes = async () => {
    while (goOn()) {
      await probe('health');
      await probe('inbox');
      await pause(PROBE_GAP_MS);
    }
  };

  // The event-loop delay, read every second; each read resets prom-client's histogram.
  const readLag = async () => {
    while (goOn()) {
      const which = phase;
      try {
        const response = await fetch(`${gateway.url}/metrics`, {
          headers: { authorization: `Bearer ${TOKEN}` },
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        if (which !== 'pause') {
          const max = gauge(text, 'nodejs_eventloop_lag_max_seconds');
          const p99 = gauge(text, 'nodejs_eventloop_lag_p99_seconds');
          add(phases[which].scrapes, max === null ? `HTTP ${response.status}, no lag` : 'read');
          phases[which].lagMaxMs = Math.max(phases[which].lagMaxMs, (max ?? 0) * 1000);
          phases[which].lagP99Ms = Math.max(phases[which].lagP99Ms, (p99 ?? 0) * 1000);
        }
      } catch (error) {
        if (which !== 'pause') add(phases[which].scrapes, (error as Error).name);
      }
      await pause(1_000);
    }
  };

  const background = Promise.all([
    ...Array.from({ length: settings.concurrency }, worker),
    probes(),
    readLag(),
  ]);
  await pause(BASELINE_MS);
  const baselineCap = Date.now() + 60_000;
  while (phases.baseline.inbox.length < BASELINE_PROBES && Date.now() < baselineCap && goOn()) {
    await pause(100);
  }
  phase = 'pause';
  const start = await forceGc(gateway);
  let peakRss = start?.rssMb ?? 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOf(gateway.pid)?.rssMb ?? 0);
  }, 250);
  phase = 'attack';

  const outcomes = new Map<string, AttackOutcome[]>();
  const keep = (name: string, answers: AttackOutcome[]) =>
    outcomes.set(name, [...(outcomes.get(name) ?? []), ...answers]);
  const attackStarted = Date.now();
  for (let round = 1; round <= settings.attackRounds && goOn(); round++) {
    const hung = await hangAccount(context, HUNG_CALLS);
    await pause(300);
    for (const attack of ATTACKS) {
      if (!goOn()) break;
      keep(attack.name, await attack.run(context));
    }
    keep(`one account's calls hung (${HUNG_CALLS} reads)`, await hung);
    console.error(
      `  … round ${round}/${settings.attackRounds} done, ${((Date.now() - started) / 1000).toFixed(0)} s, gateway RSS ${memoryOf(gateway.pid)?.rssMb.toFixed(0) ?? '?'} MiB`,
    );
  }
  const attackSeconds = (Date.now() - attackStarted) / 1000;
  const stoppedBy = stopReason();
  running = false;
  await background;
  clearInterval(sampler);
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' }).catch(() => undefined);
  await pause(5_000);
  const end = gateway.unexpectedExit ? null : await forceGc(gateway);
  const crashed = gateway.unexpectedExit;
  await stack.stop();

  const summary = (values: number[]) => {
    const sorted = [...values].sort((left, right) => left - right);
    return {
      p99: percentile(sorted, 0.99),
      text: `p50 ${fmt(percentile(sorted, 0.5))}, p99 ${fmt(percentile(sorted, 0.99))}, max ${fmt(sorted.at(-1) ?? Number.NaN)} (${sorted.length})`,
    };
  };
  const phaseLines = (name: Phase) => {
    const data = phases[name];
    return [
      `  probes ${name === 'baseline' ? 'before the attacks' : 'during the attacks'}: /health ${summary(data.health).text}; inbox ${summary(data.inbox).text}; failures: ${list(data.probeFailures)}`,
      `  event-loop delay ${name === 'baseline' ? 'before' : 'during'}: max ${fmt(data.lagMaxMs)}, worst p99 ${fmt(data.lagP99Ms)} (/metrics reads: ${list(data.scrapes)})`,
    ];
  };
  let uncoded = 0;
  let leaks = 0;
  const attackLines = [...outcomes].map(([name, answers]) => {
    const tally: Tally = new Map();
    for (const answer of answers) {
      const codes = answer.codes === null ? 'not JSON' : answer.codes.join('+') || 'no error';
      add(tally, `${answer.status} ${codes}`);
      if (answer.leaked) leaks += 1;
      if (answer.codes === null || answer.status === 0) uncoded += 1;
      else
        uncoded += answer.codes.filter(
          (code) => code === 'INTERNAL_SERVER_ERROR' || code === 'NO_CODE',
        ).length;
    }
    const bytes = Math.max(...answers.map((answer) => answer.bytes));
    const calls = answers.reduce((sum, answer) => sum + answer.upstreamCalls, 0);
    return `    ${name}: ${list(tally)}; largest answer ${(bytes / 1024).toFixed(0)} KiB; vendor calls ${calls}`;
  });
  const health = summary(phases.attack.health).p99;
  const inbox = summary(phases.attack.inbox).p99;
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  console.log(
    [
      `soak (attack): ${settings.attackRounds} rounds in ${attackSeconds.toFixed(1)} s${stoppedBy ? `; STOPPED EARLY: ${stoppedBy}` : ''}; crashes: ${crashed ? 1 : 0}`,
      `  ordinary traffic: ${ordinary.sent} requests; HTTP ${list(ordinary.byStatus)}; error codes: ${list(ordinary.codes)}`,
      ...phaseLines('baseline'),
      ...phaseLines('attack'),
      `  gateway RSS: start (after the baseline, full GC) ${mb(start?.rssMb)}; peak during the attacks ${mb(peakRss)}; end (5 s idle, full GC) ${mb(end?.rssMb)}`,
      '  attacks (HTTP status and error codes: count):',
      ...attackLines,
      `  verdict: /health p99 ≤ ${PROBE_P99_BUDGET_MS} ms under attack: ${verdict(health <= PROBE_P99_BUDGET_MS)}; inbox p99 ≤ ${PROBE_P99_BUDGET_MS} ms: ${verdict(inbox <= PROBE_P99_BUDGET_MS)}; attacks answered with a documented-looking code (no INTERNAL_SERVER_ERROR, uncoded or non-JSON answer): ${verdict(uncoded === 0)} (${uncoded}); no data without a valid token: ${verdict(leaks === 0)} (${leaks})`,
      `  secrets in the gateway's output: ${stack.output.secrets}`,
    ].join('\n'),
  );
  const healthy =
    !crashed &&
    stoppedBy === null &&
    health <= PROBE_P99_BUDGET_MS &&
    inbox <= PROBE_P99_BUDGET_MS &&
    uncoded === 0 &&
    leaks === 0 &&
    stack.output.secrets === 0;
  return healthy ? 0 : 1;
}
