import type { FanOutResult } from './measure-fanout.ts';
import { belowCheck, type Check, checksLine, checksTable, TARGETS } from './targets.ts';

/** The subscription fan-out's part of the console summary and of the Markdown page. */

export function fanOutChecks(result: FanOutResult): Check[] {
  const missing = result.expected - result.delivered;
  return [
    {
      what: 'every event to every subscriber it belongs to',
      met: missing === 0 && result.streamsEnded === 0,
      figure: `${result.delivered} / ${result.expected}`,
      margin: missing === 0 ? '' : `${missing} missing`,
    },
    belowCheck(
      `delivery p99 ≤ ${TARGETS.deliveryP99Ms} ms`,
      result.latency.p99,
      TARGETS.deliveryP99Ms,
      'ms',
    ),
    belowCheck(
      `gateway peak RSS < ${TARGETS.fanOutPeakRssMb} MB`,
      result.gatewayPeakRssMb,
      TARGETS.fanOutPeakRssMb,
      'MB',
    ),
  ];
}

function ms(value: number): string {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

/** Who listens to what, in words. */
function following(result: FanOutResult): string {
  return result.follow === 'one'
    ? 'each following one of the target accounts (in turn), so an event belongs to the subscribers of its account'
    : 'each following every account, so every event belongs to every subscriber';
}

function summary(result: FanOutResult): string {
  return `${result.subscribers} SSE subscribers to \`messageAdded\`, ${following(result)}; ${result.events} signed webhooks (${result.sentPerSecond.toFixed(0)}/s sent, ${result.webhookFailures} not accepted within the count); delivered ${result.delivered} of ${result.expected}, ${result.streamsEnded} streams ended early; webhook sent → event received p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms, max ${ms(result.maxMs)} ms; load generator ${(result.loadGenerator.coreShare * 100).toFixed(0)}% of a core`;
}

export function fanOutConsoleLines(results: readonly FanOutResult[]): string[] {
  return results.flatMap((result) => [
    '',
    `Subscription fan-out: ${summary(result).replaceAll('`', '')}`,
    `  ${checksLine(fanOutChecks(result))}`,
  ]);
}

export function fanOutMarkdown(results: readonly FanOutResult[]): string[] {
  const [first] = results;
  if (first === undefined) return [];
  return [
    '## Subscription fan-out',
    '',
    `On the warm gateway (\`limits.maxSubscriptions\` raised for it). Each webhook is a fan's new message in the newest chat of one OnlyFansAPI account (OnlyFans and Fansly, taken in turn), posted to \`/webhooks/onlyfansapi\` with OnlyFansAPI's signature at a steady ${first.eventsPerSecond} a second for ${first.seconds} s; a delivery that has not arrived 5 s after the last send counts as missing. ` +
      "The message text carries the sender's clock; a subscriber (a lean `node:http` SSE reader, all of them in a child process of their own so they do not share the sender's event loop) takes the difference on receipt. " +
      'Probe events first make sure every stream listens; they are not counted. Peak RSS is the gateway’s high-water mark from before the streams opened.',
    '',
    ...results.flatMap((result) => [
      `${summary(result)}.`,
      '',
      ...checksTable(fanOutChecks(result)),
      '',
    ]),
  ];
}
