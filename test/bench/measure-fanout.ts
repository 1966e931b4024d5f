import { type ChildProcess, fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';
import { renderOnlyFansApiMessageWebhook } from '../../src/sandbox/render-onlyfansapi-webhook.ts';
import { newEventId, onlyFansApiSignature } from '../../src/sandbox/webhook-signing.ts';
import { fanOutText, preciseNowMs } from './fanout-client.ts';
import type { FanOutCommand, FanOutReply } from './fanout-process.ts';
import type { LatencyMeasurement } from './measure.ts';
import { peakRssMb, REPO_ROOT, resetPeakRss } from './processes.ts';

/**
 * The subscription fan-out: many SSE subscribers to `messageAdded` on the warm gateway, and signed
 * OnlyFansAPI webhooks at a steady rate, each a fan's new message in the newest chat of one of the
 * target accounts, taking the accounts in turn. Subscribers either follow one account each (in
 * turn: as an agency's chatters each watch theirs), so an event belongs to the subscribers of its
 * account, or every account, so every event belongs to every subscriber. Measures what was
 * delivered against what was expected, the delay from the webhook's send to each subscriber's
 * receipt, and the gateway's peak RSS. The subscribers run in a child process
 * (fanout-process.ts) whose CPU time is reported beside.
 */

export interface FanOutSettings {
  subscribers: number;
  eventsPerSecond: number;
  seconds: number;
  /** Whether each subscriber follows one of the target accounts, or every account. */
  follow: 'one' | 'every';
}

/** An account the webhooks go to: its newest chat, and its id in the graph. */
export interface FanOutTarget {
  account: SandboxAccount;
  chat: SandboxChat;
  accountId: string;
}

export interface FanOutResult extends FanOutSettings {
  events: number;
  expected: number;
  delivered: number;
  /** Streams the gateway ended before the end (e.g. SUBSCRIBER_TOO_SLOW). */
  streamsEnded: number;
  latency: LatencyMeasurement;
  maxMs: number;
  /** The rate the webhooks actually went out at (the sender may fall behind the schedule). */
  sentPerSecond: number;
  /** Webhooks the gateway had not accepted (2xx) by the end of the count. */
  webhookFailures: number;
  gatewayPeakRssMb: number | null;
  /** The subscribers' process: CPU ms over the measured part, and that as a share of a core. */
  loadGenerator: { cpuMs: number; coreShare: number };
}

const SUBSCRIPTION =
  'subscription FanOut($ids: [ID!]) { messageAdded(accountIds: $ids) { platformId text } }';
/**
 * How long after the last send the deliveries are counted (a bound, not a timing): far beyond the
 * 100 ms target, short enough that an overloaded gateway does not hold the run for minutes.
 */
export const DRAIN_MS = 5_000;
const PROBE_ATTEMPTS = 50;

type Tally = Extract<FanOutReply, { kind: 'tally' }>['tally'];

/** The subscribers' process, and a request/answer over its IPC channel. */
function startSubscriberProcess(): {
  child: ChildProcess;
  ask: (command: FanOutCommand) => Promise<FanOutReply>;
} {
  const child = fork(`${REPO_ROOT}/test/bench/fanout-process.ts`, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (command: FanOutCommand) =>
    new Promise<FanOutReply>((resolve, reject) => {
      child.once('message', (reply: FanOutReply) =>
        reply.kind === 'failed'
          ? reject(new Error(`fan-out subscribers: ${reply.error}`))
          : resolve(reply),
      );
      child.send(command);
    });
  return { child, ask };
}

async function tallyOf(
  ask: (command: FanOutCommand) => Promise<FanOutReply>,
  resetLatencies = false,
): Promise<Tally> {
  const reply = await ask({ kind: 'tally', resetLatencies });
  if (reply.kind !== 'tally') throw new Error(`fan-out subscribers answered ${reply.kind}`);
  return reply.tally;
}

/**
 * Posts signed OnlyFansAPI message webhooks, each a new fan message; sequence `n` goes to
 * `targets[n % targets.length]` unless told which target.
 */
function webhookSender(gatewayOrigin: string, secret: string, targets: readonly FanOutTarget[]) {
  const pool = new Pool(gatewayOrigin, { connections: 8 });
  // Ids above the dataset's, distinct between runs (a gateway may remember message ids).
  const firstId = Date.now() * 1000;
  let accepted = 0;
  const send = async (
    sequence: number,
    target = targets[sequence % targets.length]!,
  ): Promise<void> => {
    const sentAt = preciseNowMs();
    const message = {
      id: String(firstId + sequence),
      createdAt: Math.floor(sentAt / 1000),
      fromCreator: false,
      textId: 0,
      text: { html: fanOutText(sequence, sentAt), plain: fanOutText(sequence, sentAt) },
      price: 0,
      tipAmount: 0,
      isRead: false,
      media: [],
      bundles: [],
    };
    const body = JSON.stringify(
      renderOnlyFansApiMessageWebhook(target.account, target.chat, message),
    );
    try {
      const response = await pool.request({
        method: 'POST',
        path: '/webhooks/onlyfansapi',
        headers: {
          'content-type': 'application/json',
          'x-ofapi-idempotency-key': newEventId('onlyfansapi'),
          signature: onlyFansApiSignature(secret, body),
        },
        body,
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) accepted += 1;
    } catch {
      // Abandoned when the pool is destroyed at the end: counted as not accepted.
    }
  };
  // Destroyed, not closed: webhooks an overloaded gateway has not answered are abandoned.
  return { send, accepted: () => accepted, close: () => pool.destroy() };
}

/** The deliveries `events` measured events (sequences 1…events) make. */
function expectedDeliveries(events: number, targets: number, settings: FanOutSettings): number {
  if (settings.follow === 'every') return events * settings.subscribers;
  let expected = 0;
  for (let sequence = 1; sequence <= events; sequence += 1) {
    const target = sequence % targets;
    // Subscribers index, index + targets, … follow target `index`.
    expected += Math.ceil((settings.subscribers - target) / targets);
  }
  return expected;
}

export async function measureFanOut(
  gateway: { url: string; pid: number },
  webhook: { secret: string; targets: readonly FanOutTarget[] },
  settings: FanOutSettings,
): Promise<FanOutResult> {
  const { child, ask } = startSubscriberProcess();
  const { targets } = webhook;
  const sender = webhookSender(gateway.url, webhook.secret, targets);
  try {
    resetPeakRss(gateway.pid);
    await ask({
      kind: 'open',
      graphqlUrl: `${gateway.url}/graphql`,
      count: settings.subscribers,
      query: SUBSCRIPTION,
      accountIds: settings.follow === 'one' ? targets.map((target) => target.accountId) : null,
    });
    // A stream answers 200 before its subscription listens: probes until every one heard one.
    let primed = 0;
    for (let attempt = 0; attempt < PROBE_ATTEMPTS && primed < settings.subscribers; attempt += 1) {
      // A probe (sequence 0) to every target account, so that every subscriber may hear one.
      await Promise.all(targets.map((target) => sender.send(0, target)));
      await sleep(100);
      primed = (await tallyOf(ask)).primed;
    }
    if (primed < settings.subscribers) {
      throw new Error(`fan-out: ${primed} of ${settings.subscribers} subscribers heard a probe`);
    }
    const before = await tallyOf(ask, true);
    // The probes were accepted too: only the measured webhooks count.
    const probesAccepted = sender.accepted();

    const events = Math.round(settings.eventsPerSecond * settings.seconds);
    const intervalMs = 1000 / settings.eventsPerSecond;
    const started = performance.now();
    const sends: Promise<void>[] = [];
    for (let sequence = 1; sequence <= events; sequence += 1) {
      const due = started + (sequence - 1) * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      sends.push(sender.send(sequence));
    }
    // The rate they went out at, not answered at: the gateway may answer a webhook late.
    const sentPerSecond = events / (Math.max(performance.now() - started, intervalMs) / 1000);
    // A saturated gateway answers webhooks and delivers late: what has not arrived within
    // DRAIN_MS of the last send counts as missing, so an overloaded run still ends.
    const drainUntil = performance.now() + DRAIN_MS;
    await Promise.race([Promise.all(sends), sleep(DRAIN_MS)]);

    const expected = expectedDeliveries(events, targets.length, settings);
    let tally = await tallyOf(ask);
    while (tally.delivered < expected && performance.now() < drainUntil) {
      await sleep(50);
      tally = await tallyOf(ask);
    }
    const measuredMs = performance.now() - started;
    const loadGeneratorCpuMs = tally.cpuMs - before.cpuMs;
    return {
      ...settings,
      events,
      expected,
      delivered: tally.delivered,
      streamsEnded: tally.ended,
      latency: tally.latency,
      maxMs: tally.maxMs,
      sentPerSecond,
      webhookFailures: events - (sender.accepted() - probesAccepted),
      gatewayPeakRssMb: peakRssMb(gateway.pid),
      loadGenerator: { cpuMs: loadGeneratorCpuMs, coreShare: loadGeneratorCpuMs / measuredMs },
    };
  } finally {
    await sender.close().catch(() => undefined);
    if (child.connected) child.send({ kind: 'close' } satisfies FanOutCommand);
    child.kill();
  }
}
