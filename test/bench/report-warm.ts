import type { CreditsPer100, WarmResult } from './measure-warm.ts';
import type { RouteCalls } from './minimum.ts';
import {
  type Check,
  callsCheck,
  checkCell,
  checksLine,
  ratioCheck,
  sameCalls,
  TARGETS,
  withinMs,
} from './targets.ts';

/** The warm screens' part of the console summary and of the Markdown page, and their targets. */

function routes(byRoute: RouteCalls): string {
  const listed = Object.entries(byRoute).map(([route, count]) => `${count} ${route}`);
  return listed.length === 0 ? 'none' : listed.join(', ');
}

function ms(value: number): string {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function cpu(result: WarmResult): string {
  const { cpuMsPerRequest: warm, floorCpuMsPerRequest: floor } = result;
  if (warm === null) return '–';
  return floor === null ? warm.toFixed(1) : `${warm.toFixed(1)} (floor ${floor.toFixed(1)})`;
}

/** `67, then 0 in 9`: the first refresh's calls, then those of the others together. */
function callsPerRefresh({ refreshes }: WarmResult): string {
  return `${refreshes.first.calls}, then ${refreshes.laterCalls} in ${refreshes.count - 1}`;
}

export function warmChecks(result: WarmResult): Check[] {
  const { afterMessage, refreshes, afterEvent } = result;
  const first = callsCheck(refreshes.first, result.minimum);
  return [
    {
      what: 'zero vendor calls once warm',
      met: first.met && refreshes.laterCalls === 0,
      figure: callsPerRefresh(result),
      margin: first.met ? '' : `first refresh ${first.figure}`,
    },
    {
      what: "after a webhook, the changed account's calls only",
      met: sameCalls(afterMessage.byRoute, afterMessage.minimum.byRoute),
      figure: routes(afterMessage.byRoute),
      margin: `minimum ${routes(afterMessage.minimum.byRoute)}`,
    },
    ratioCheck(
      `rps c32 ≥ ${TARGETS.warmThroughputRatio}× floor`,
      result.throughput.rps,
      result.floorRps,
      { atLeast: TARGETS.warmThroughputRatio },
    ),
    withinMs(
      `refresh after one event ≤ warm + ${TARGETS.afterEventMarginMs} ms (p50)`,
      afterEvent.afterEvent.p50,
      afterEvent.warm.p50,
      TARGETS.afterEventMarginMs,
    ),
  ];
}

function label(title: string): string {
  return title.split(':')[0] ?? title;
}

function creditsLine(credits: CreditsPer100): string {
  return `${credits.refreshes} refreshes of ${label(credits.title)}: ${credits.cacheOff} credits with the cache off; with it on ${credits.unchanged} (nothing changed), ${credits.withMessages} (a fan's message, a signed webhook, before every 10 refreshes after the first 10: ${credits.messages} messages)`;
}

export function warmConsoleLines(
  warm: readonly WarmResult[],
  credits: CreditsPer100 | null,
): string[] {
  if (warm.length === 0 && credits === null) return [];
  const lines = [
    '',
    'Warm screens (the gateway with its cache on; floor: the same screen, this run):',
  ];
  for (const result of warm) {
    lines.push(
      `  ${label(result.title)}: p50 c1 ${ms(result.latency.p50)} ms, p99 c1 ${ms(result.latency.p99)} ms; ${result.throughput.rps.toFixed(0)} rps c32 (floor ${result.floorRps.toFixed(0)}, ×${(result.throughput.rps / result.floorRps).toFixed(2)}), p99 c32 ${ms(result.throughput.p99)} ms; CPU ms/req ${cpu(result)}`,
      `    ${checksLine(warmChecks(result))}`,
    );
  }
  if (credits) lines.push(`  Credits: ${creditsLine(credits)}`);
  return lines;
}

export function warmMarkdown(warm: readonly WarmResult[], credits: CreditsPer100 | null): string[] {
  if (warm.length === 0 && credits === null) return [];
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    '## Warm screens',
    '',
    "A second gateway process, as `npm start` runs it with its default cache (the cold screens above run on one with `cache.enabled: false`, so they measure the same path as before the cache), its webhooks verified with the sandbox's secrets. " +
      `Each screen is refreshed ${warm[0]?.refreshes.count ?? 10} times in a row with nothing changed, the first with \`Cache-Control: no-cache\` (as if nothing were kept); ` +
      "then a fan writes in the OnlyFans account's newest chat (`POST /_sandbox/simulate/message`: the sandbox adds the message and delivers its signed webhook to the gateway), and once the gateway has published the message the screen is refreshed once more. " +
      'Latency and throughput are measured as for the cold screens, on refreshes that find their answers kept (a chat page is kept 30 s by default, so a long run re-reads some); the floor keeps nothing, so its figure is the cold one of the same screen.',
    '',
    '| screen | vendor calls per refresh | after a webhook (minimum) | p50 c1 ms | p99 c1 ms | rps c32 | floor rps c32 | ×floor | p99 c32 ms | CPU ms/req |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...warm.map(
      (result) =>
        `| ${label(result.title)} | ${callsPerRefresh(result)} | ${cell(`${routes(result.afterMessage.byRoute)} (${routes(result.afterMessage.minimum.byRoute)})`)} | ${ms(result.latency.p50)} | ${ms(result.latency.p99)} | ${result.throughput.rps.toFixed(0)} | ${result.floorRps.toFixed(0)} | ×${(result.throughput.rps / result.floorRps).toFixed(2)} | ${ms(result.throughput.p99)} | ${cpu(result)} |`,
    ),
    '',
    '### Targets of issue 18 (warm screens)',
    '',
    `Refresh after one event: p50 of ${warm[0]?.afterEvent.afterEvent.requests ?? 0} refreshes each right after a fan message, against p50 of as many fully warm refreshes, one at a time through the same client.`,
    '',
    `| screen | ${(warm[0] ? warmChecks(warm[0]) : []).map((check) => cell(check.what)).join(' | ')} |`,
    `| --- | ${(warm[0] ? warmChecks(warm[0]) : []).map(() => '---').join(' | ')} |`,
    ...warm.map(
      (result) =>
        `| ${label(result.title)} | ${warmChecks(result)
          .map((check) => cell(checkCell(check, 'markdown')))
          .join(' | ')} |`,
    ),
    '',
    ...warm.map(
      (result) =>
        `- ${label(result.title)} after a webhook: ${result.afterMessage.minimum.rationale}.`,
    ),
  ];
  if (credits) {
    lines.push(
      '',
      `### Credits per ${credits.refreshes} refreshes of ${label(credits.title)}`,
      '',
      '| cache | credits |',
      '| --- | --- |',
      `| off (every refresh reads the vendors) | ${credits.cacheOff} |`,
      `| on, nothing changed (the first refresh fresh, the rest one after another) | ${credits.unchanged} |`,
      `| on, a fan's message (signed webhook) before every 10 refreshes after the first 10 (${credits.messages} messages) | ${credits.withMessages} |`,
      '',
      'OnlyFansAPI charges a credit per call (the sandbox reports it in `_meta._credits`); OFAuth charges none. The refreshes run back to back: in real time, a kept chat page also expires after `cache.ttlSeconds.chatPages` (30 s by default) and is read again by the next refresh.',
    );
  }
  lines.push('');
  return lines;
}
