import type { FanOutResult } from './measure-fanout.ts';
import { belowCheck, type Check, checksLine, checksTable, TARGETS } from './targets.ts';

/** The subscription fan-out's part of the console summary and of the Markdown page. */

export function fanOutChecks(result: FanOutResult): Check[] {
  const missing = result.expected - result.delivered;
  return [
    {
      what: 'every event to every subscriber',
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

function summary(result: FanOutResult): string {
  return `${result.subscribers} SSE subscribers to \`messageAdded\`, ${result.events} signed webhooks (${result.sentPerSecond.toFixed(0)}/s sent, ${result.webhookFailures} not accepted within the count); delivered ${result.delivered} of ${result.expected}, ${result.streamsEnded} streams ended early; webhook sent → event received p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms, max ${ms(result.maxMs)} ms; load generator ${(result.loadGenerator.coreShare * 100).toFixed(0)}% of a core`;
}

export function fanOutConsoleLines(result: FanOutResult | null): string[] {
  if (result === null) return [];
  return [
    '',
    `Subscription fan-out: ${summary(result).replaceAll('`', '')}`,
    `  ${checksLine(fanOutChecks(result))}`,
  ];
}

export function fanOutMarkdown(result: FanOutResult | null): string[] {
  if (result === null) return [];
  return [
    '## Subscription fan-out',
    '',
    `On the warm gateway (\`limits.maxSubscriptions\` raised for it): ${summary(result)}. ` +
      `Each webhook is a fan's new message in one OnlyFans chat, posted to \`/webhooks/onlyfansapi\` with OnlyFansAPI's signature at a steady ${result.eventsPerSecond} a second for ${result.seconds} s; every subscriber listens to every account, so each event belongs to each; a delivery that has not arrived 5 s after the last send counts as missing. ` +
      "The message text carries the sender's clock; a subscriber (a lean `node:http` SSE reader, all of them in a child process of their own so they do not share the sender's event loop) takes the difference on receipt. " +
      'Probe events first make sure every stream listens; they are not counted. Peak RSS is the gateway’s high-water mark from before the streams opened.',
    '',
    ...checksTable(fanOutChecks(result)),
    '',
  ];
}
