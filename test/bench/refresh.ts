import { setTimeout as sleep } from 'node:timers/promises';
import { callsByRoute, type RouteCalls } from './minimum.ts';
import { resetSandboxStats, sandboxStats, simulateFanMessage } from './sandbox-control.ts';
import type { Scenario, WarmScreen } from './scenarios.ts';

/**
 * A screen refreshed on a gateway whose cache is on, and the webhook that makes part of it stale:
 * what the warm screens (`measure-warm.ts`) and the calls test (`calls.test.ts`) both check.
 */

/** `extensions.cost` as the gateway reports it. */
export interface RequestCost {
  upstreamCalls: number;
  credits: number;
  cacheHits: number;
  creditsSaved: number;
}

/** What one refresh cost: the sandbox's counters, and what the gateway reported. */
export interface RefreshCost {
  calls: number;
  credits: number;
  byRoute: RouteCalls;
  cost: RequestCost;
}

/**
 * One refresh of the screen; `fresh` sends `Cache-Control: no-cache`, so it reads every answer
 * from the vendors (and keeps them) whatever the cache held. Fails on an error in the answer.
 */
export async function refresh(
  gatewayOrigin: string,
  scenario: Scenario,
  fresh = false,
): Promise<RequestCost> {
  const response = await fetch(`${gatewayOrigin}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(fresh ? { 'cache-control': 'no-cache' } : {}),
    },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables }),
  });
  const answer = (await response.json()) as {
    errors?: unknown[];
    extensions?: { cost?: RequestCost };
  };
  if (response.status !== 200 || answer.errors || !answer.extensions?.cost) {
    throw new Error(
      `warm ${scenario.name}: HTTP ${response.status} ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`,
    );
  }
  return answer.extensions.cost;
}

/** One refresh with the sandbox's counters reset before it: the vendor calls it made. */
export async function measuredRefresh(
  sandboxUrl: string,
  gatewayOrigin: string,
  scenario: Scenario,
  fresh = false,
): Promise<RefreshCost> {
  await resetSandboxStats(sandboxUrl);
  const cost = await refresh(gatewayOrigin, scenario, fresh);
  const stats = await sandboxStats(sandboxUrl);
  return {
    calls: stats.totalCalls,
    credits: stats.totalCredits,
    byRoute: callsByRoute(stats),
    cost,
  };
}

/**
 * `count` refreshes one after another, the first `fresh` (as if nothing were kept yet), the rest
 * plain: what each cost. With nothing changed, only the first should call a vendor.
 */
export async function refreshesInARow(
  sandboxUrl: string,
  gatewayOrigin: string,
  scenario: Scenario,
  count: number,
): Promise<RefreshCost[]> {
  const costs: RefreshCost[] = [];
  for (let index = 0; index < count; index += 1) {
    costs.push(await measuredRefresh(sandboxUrl, gatewayOrigin, scenario, index === 0));
  }
  return costs;
}

/** The gateway's `chatgraph_events_published_total` by kind, from its /metrics. */
async function eventsPublished(gatewayOrigin: string): Promise<Record<string, number>> {
  const response = await fetch(`${gatewayOrigin}/metrics`);
  if (!response.ok) throw new Error(`gateway /metrics: HTTP ${response.status}`);
  const published: Record<string, number> = {};
  for (const [, kind, value] of (await response.text()).matchAll(
    /^chatgraph_events_published_total\{kind="(\w+)"\} (\d+)$/gm,
  )) {
    published[kind!] = Number(value);
  }
  return published;
}

/** Polls of /metrics while waiting for a webhook's events, at most (a bound, not a timing). */
const MAX_POLLS = 1_000;

/**
 * A fan writes in the warm screen's chat: the sandbox delivers the signed webhook to the gateway,
 * which answers it, then drops what it made stale and publishes the message and the chat change.
 * Resolves once both are published (the drops came before them), so the next refresh sees them.
 */
export async function announceFanMessage(
  sandboxUrl: string,
  gatewayOrigin: string,
  message: WarmScreen['message'],
): Promise<void> {
  const before = await eventsPublished(gatewayOrigin);
  const eventId = await simulateFanMessage(sandboxUrl, message.account, message.chat);
  if (eventId === null) throw new Error('the sandbox delivers no webhook: no target is set');
  const heard = (now: Record<string, number>) =>
    ['messageAdded', 'chatUpdated'].every((kind) => (now[kind] ?? 0) > (before[kind] ?? 0));
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    if (heard(await eventsPublished(gatewayOrigin))) return;
    await sleep(5);
  }
  throw new Error(`webhook ${eventId}: the gateway published nothing after ${MAX_POLLS} polls`);
}
