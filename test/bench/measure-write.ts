import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';
import { FanOutSubscribers, fanOutText, preciseNowMs } from './fanout-client.ts';
import { type LatencyMeasurement, summarizeLatency } from './measure.ts';
import { callsByRoute, type Minimum } from './minimum.ts';
import { resetSandboxStats, sandboxStats } from './sandbox-control.ts';

/**
 * The write path: a creator's reply in an OnlyFans chat, sent one at a time through the gateway's
 * `sendMessage` and through the floor's `/send` (the vendor's send call alone), taking turns; and
 * the echo, the `messageAdded` event of each gateway send on an SSE subscription. The mutation's
 * text carries its start time (as the fan-out's webhooks do), so the subscriber times the echo.
 */

export interface WriteResult {
  sends: number;
  calls: number;
  byRoute: Minimum['byRoute'];
  minimum: Minimum;
  gateway: LatencyMeasurement;
  floor: LatencyMeasurement;
  /** Mutation sent → its `messageAdded` received on the subscription. */
  echo: LatencyMeasurement;
  echoes: number;
}

/** Why one vendor call is the fewest a reply can cost. */
export const WRITE_MINIMUM: Minimum = {
  calls: 1,
  credits: 1,
  byRoute: { 'onlyfans.sendMessage': 1 },
  rationale:
    "one POST to OnlyFansAPI's send endpoint; its answer is the message as sent, which the payload's message and the chat's last message are made of, and the echo event is published from it (the vendor's webhook of the same message is recognised, not re-read)",
};

const PROBE_ATTEMPTS = 50;
const ECHO_WAIT_MS = 3_000;

export const SEND_REPLY = `mutation Reply($input: SendMessageInput!) {
  sendMessage(input: $input) { outcome message { id text createdAt } }
}`;

async function timed(client: Client, path: string, body?: string): Promise<number> {
  const started = performance.now();
  const response = await client.request({
    method: body === undefined ? 'GET' : 'POST',
    path,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
  const answer = await response.body.text();
  const elapsed = performance.now() - started;
  if (response.statusCode !== 200 || !answer.includes('"SENT"')) {
    throw new Error(`write path ${path}: HTTP ${response.statusCode} ${answer.slice(0, 300)}`);
  }
  return elapsed;
}

/** The variables of one reply in `target`'s chat, with a fresh idempotency key. */
export function replyVariables(
  target: { account: SandboxAccount; chat: SandboxChat },
  text: string,
) {
  const { account, chat } = target;
  const chatId = encodeGlobalId('Chat', `${account.handle}:${chat.id}:${chat.partner.id}`);
  return { input: { chatId, idempotencyKey: randomUUID(), text } };
}

/** The floor's path for the same reply. */
export function floorReplyPath(
  target: { account: SandboxAccount; chat: SandboxChat },
  text: string,
) {
  return `/send?${new URLSearchParams({ account: target.account.handle, chat: target.chat.id, text, key: randomUUID() })}`;
}

export async function measureWritePath(
  origins: { sandbox: string; gateway: string; floor: string },
  target: { account: SandboxAccount; chat: SandboxChat },
  sends: number,
): Promise<WriteResult> {
  const accountId = encodeGlobalId('ConnectedAccount', target.account.handle);
  const gatewaySend = (sequence: number) =>
    JSON.stringify({
      query: SEND_REPLY,
      variables: replyVariables(target, fanOutText(sequence, preciseNowMs())),
    });
  const floorSend = (sequence: number) => floorReplyPath(target, `floor reply ${sequence}`);

  const echoes = new FanOutSubscribers();
  const gateway = new Client(origins.gateway, { pipelining: 1, keepAliveTimeout: 30_000 });
  const floor = new Client(origins.floor, { pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    await echoes.open(
      `${origins.gateway}/graphql`,
      1,
      'subscription Echo($ids: [ID!]) { messageAdded(accountIds: $ids) { text } }',
      [accountId],
    );
    // The stream answers before it listens: probe sends until one is heard.
    for (let attempt = 0; echoes.tally().primed === 0; attempt += 1) {
      if (attempt === PROBE_ATTEMPTS) throw new Error('write path: no echo of a probe send');
      await timed(gateway, '/graphql', gatewaySend(0));
      await sleep(100);
    }
    echoes.resetLatencies();

    await resetSandboxStats(origins.sandbox);
    const gatewaySamples = [await timed(gateway, '/graphql', gatewaySend(1))];
    const stats = await sandboxStats(origins.sandbox);
    const floorSamples: number[] = [];
    for (let sequence = 2; sequence <= sends; sequence += 1) {
      // Taking turns at going first, as the screens do.
      if (sequence % 2 === 0) floorSamples.push(await timed(floor, floorSend(sequence)));
      gatewaySamples.push(await timed(gateway, '/graphql', gatewaySend(sequence)));
      if (sequence % 2 === 1) floorSamples.push(await timed(floor, floorSend(sequence)));
    }
    const waitUntil = performance.now() + ECHO_WAIT_MS;
    while (echoes.tally().delivered < sends && performance.now() < waitUntil) await sleep(20);
    const { latenciesMs } = echoes.tally();
    return {
      sends,
      calls: stats.totalCalls,
      byRoute: callsByRoute(stats),
      minimum: WRITE_MINIMUM,
      gateway: summarizeLatency(gatewaySamples),
      floor: summarizeLatency(floorSamples),
      echo: summarizeLatency(latenciesMs),
      echoes: latenciesMs.length,
    };
  } finally {
    echoes.close();
    await Promise.all([gateway.close(), floor.close()]);
  }
}
