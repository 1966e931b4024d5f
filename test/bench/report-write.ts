import type { WriteResult } from './measure-write.ts';
import { type Check, callsCheck, checksLine, checksTable, latencyChecks } from './targets.ts';

/**
 * The write path's part of the console summary and of the Markdown page. The issue sets no
 * target of its own for writes: they are held to the screens' latency targets and calls.
 */

export function writeChecks(result: WriteResult): Check[] {
  return [
    { ...callsCheck(result, result.minimum), what: 'vendor calls per reply = minimum' },
    ...latencyChecks(result.gateway, result.floor),
    {
      what: 'every reply echoed',
      met: result.echoes === result.sends,
      figure: `${result.echoes} / ${result.sends}`,
      margin: '',
    },
  ];
}

function ms(value: number): string {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function figures(result: WriteResult): string {
  return `${result.sends} replies one at a time: gateway p50 ${ms(result.gateway.p50)} ms, p99 ${ms(result.gateway.p99)} ms; floor p50 ${ms(result.floor.p50)} ms, p99 ${ms(result.floor.p99)} ms; echo (mutation sent → messageAdded received) p50 ${ms(result.echo.p50)} ms, p99 ${ms(result.echo.p99)} ms`;
}

export function writeConsoleLines(result: WriteResult | null): string[] {
  if (result === null) return [];
  return ['', `Write path: ${figures(result)}`, `  ${checksLine(writeChecks(result))}`];
}

export function writeMarkdown(result: WriteResult | null): string[] {
  if (result === null) return [];
  return [
    '## Write path: a reply and its echo',
    '',
    "On the warm gateway (its webhooks verified): `sendMessage` in the OnlyFans account's newest chat, against the floor's `/send` (OnlyFansAPI's send call alone, keyed as the gateway keys it), taking turns. " +
      `${figures(result)}. The echo is timed by an SSE subscriber to \`messageAdded\` of that account, from the text's start time.`,
    '',
    `Minimum: **${result.minimum.calls}** vendor call per reply: ${result.minimum.rationale}.`,
    '',
    ...checksTable(writeChecks(result)),
    '',
  ];
}
