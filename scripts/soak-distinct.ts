/**
 * The soak's distinct-documents mode (see soak.ts): every request a small valid query whose text
 * and syntax tree no earlier request had — operation name, aliases, field choice and order, root
 * field and fragments vary, not only whitespace (graphql-yoga caches parsed documents by their
 * raw text, graphql-jit compiled plans by document) — so whatever the gateway keeps per document
 * shows as memory that only grows. Most documents need no vendor call; one in twenty reads one
 * chat page, so connection plans are compiled too.
 */

import { encodeGlobalId } from '../src/ids.ts';
import type { SoakSettings } from './soak.ts';
import { forceGc, type MemoryAfterGc, memoryOf } from './soak-processes.ts';
import { add, errorCodes, fmt, list, mb, percentile, type Tally } from './soak-report.ts';
import { SECRETS, type SoakStack, startStackFor, stopReasons, TOKEN } from './soak-stack.ts';
import { seededRandom, type Traffic } from './soak-traffic.ts';

/** How far the end may be above the start, after a full GC each time (issue 12, finding 3). */
const RSS_BUDGET_MB = 50;
/** Documents of the warm-up, each sent WARM_UP_REPEATS times, before the start is measured. */
const WARM_UP_DOCUMENTS = 20;
const WARM_UP_REPEATS = 10;

const ACCOUNT_FIELDS = ['id', 'platform', 'vendor', 'externalId', '__typename'];

interface Document {
  query: string;
  variables: Record<string, unknown>;
}

/** Document number `index`, named with `prefix`: the same arguments give the same text. */
export function distinctDocument(index: number, prefix: string, accountIds: string[]): Document {
  const random = seededRandom(index * 7919 + prefix.length + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const tag = `${prefix}${index.toString(36)}`;
  const shuffled = [...ACCOUNT_FIELDS].sort(() => random() - 0.5);
  const chosen = shuffled.slice(0, 1 + Math.floor(random() * shuffled.length));
  const fields = chosen
    .map((field, position) => (random() < 0.5 ? `f${position}${tag}: ${field}` : field))
    .join(' ');
  const id = pick(accountIds);
  if (index % 20 === 19) {
    const first = 1 + (index % 5);
    return {
      query: `query D${tag}($id: ID!) { c${tag}: connectedAccount(id: $id) { ${fields} chats(first: ${first}) { edges { node { id unreadCount } } } } }`,
      variables: { id },
    };
  }
  switch (index % 5) {
    case 0:
      return { query: `query D${tag} { a${tag}: connectedAccounts { ${fields} } }`, variables: {} };
    case 1:
      return {
        query: `query D${tag}($id: ID!) { c${tag}: connectedAccount(id: $id) { ${fields} } }`,
        variables: { id },
      };
    case 2:
      return {
        query: `query D${tag} { n${tag}: node(id: "${id}") { id ... on ConnectedAccount { ${fields} } } }`,
        variables: {},
      };
    case 3:
      return {
        query: `query D${tag} { connectedAccounts { ...F${tag} } } fragment F${tag} on ConnectedAccount { ${fields} }`,
        variables: {},
      };
    default:
      return {
        query: `query D${tag}($ids: [ID!]!) { m${tag}: nodes(ids: $ids) { __typename ... on ConnectedAccount { ${fields} } } }`,
        variables: { ids: [id, pick(accountIds)] },
      };
  }
}

interface Sent {
  latencies: number[];
  codes: Tally;
  byStatus: Tally;
  transport: Tally;
  malformed: number;
  withErrors: number;
  secrets: number;
}

/** Sends `documents` at `concurrency`, tallying answers, until done or `stopped()`. */
async function send(
  stack: SoakStack,
  documents: Array<() => Document>,
  concurrency: number,
  stopped: () => boolean,
  sent: Sent,
  onProgress: (count: number) => void = () => {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < documents.length && !stopped()) {
      const document = documents[next]!();
      next += 1;
      onProgress(next);
      const begin = performance.now();
      try {
        const response = await fetch(stack.graphqlUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json',
            authorization: `Bearer ${TOKEN}`,
          },
          body: JSON.stringify(document),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        sent.latencies.push(performance.now() - begin);
        add(sent.byStatus, response.status);
        if (SECRETS.some((secret) => text.includes(secret))) sent.secrets += 1;
        const codes = errorCodes(text);
        if (codes === null) sent.malformed += 1;
        else if (codes.length > 0) {
          sent.withErrors += 1;
          for (const code of codes) add(sent.codes, code);
        }
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        add(sent.transport, cause?.code ?? (error as Error).name);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runDistinct(settings: SoakSettings, traffic: Traffic): Promise<number> {
  const started = Date.now();
  const stack = await startStackFor(settings, traffic.dataset, { gc: true });
  const { gateway } = stack;
  const accountIds = traffic.dataset.accounts.map((account) =>
    encodeGlobalId('ConnectedAccount', account.handle),
  );
  const atReady = memoryOf(gateway.pid);
  console.log(
    `soak (distinct documents): gateway ${stack.graphqlUrl} (pid ${gateway.pid}); ${settings.documents} documents at concurrency ${settings.concurrency}, cap ${settings.maxSeconds} s`,
  );
  const stopReason = stopReasons(gateway, started, settings.maxSeconds);
  const stopped = () => stopReason() !== null;
  const fresh = (): Sent => ({
    latencies: [],
    codes: new Map(),
    byStatus: new Map(),
    transport: new Map(),
    malformed: 0,
    withErrors: 0,
    secrets: 0,
  });

  // Warm-up: the same few documents, repeated, so that what every process loads once (and a
  // plan kept for documents seen repeatedly) is in the start.
  const warmUp = Array.from(
    { length: WARM_UP_DOCUMENTS * WARM_UP_REPEATS },
    (_, index) => () => distinctDocument(index % WARM_UP_DOCUMENTS, 'w', accountIds),
  );
  await send(stack, warmUp, settings.concurrency, stopped, fresh());
  await pause(1_000);
  const start = await forceGc(gateway);

  const sent = fresh();
  let peakRss = memoryOf(gateway.pid)?.rssMb ?? 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOf(gateway.pid)?.rssMb ?? 0);
  }, 500);
  const documents = Array.from(
    { length: settings.documents },
    (_, index) => () => distinctDocument(index, 'x', accountIds),
  );
  const loadStarted = Date.now();
  let mark = 0;
  await send(stack, documents, settings.concurrency, stopped, sent, (count) => {
    if (count < mark + settings.documents / 10) return;
    mark = count;
    console.error(
      `  … ${count}/${settings.documents} sent, ${((Date.now() - started) / 1000).toFixed(0)} s, gateway RSS ${memoryOf(gateway.pid)?.rssMb.toFixed(0) ?? '?'} MiB`,
    );
  });
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const stoppedBy = stopReason();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, memoryOf(gateway.pid)?.rssMb ?? 0);
  const beforeSettle = memoryOf(gateway.pid);
  await pause(5_000);
  const end = gateway.unexpectedExit ? null : await forceGc(gateway);
  const crashed = gateway.unexpectedExit;
  await stack.stop();

  const count = sent.latencies.length;
  const growth = start && end ? end.rssMb - start.rssMb : Number.NaN;
  const heap = (memory: MemoryAfterGc | null) =>
    memory ? `heap used ${mb(memory.heapUsedMb)}, external ${mb(memory.externalMb)}` : '?';
  const sorted = [...sent.latencies].sort((left, right) => left - right);
  const transport = [...sent.transport.values()].reduce((sum, value) => sum + value, 0);
  const withinBudget = growth <= RSS_BUDGET_MB;
  console.log(
    [
      `soak (distinct documents): ${count} distinct documents in ${loadSeconds.toFixed(1)} s (${(count / loadSeconds).toFixed(0)}/s), concurrency ${settings.concurrency}${stoppedBy ? `; STOPPED EARLY: ${stoppedBy}` : ''}`,
      `  crashes: ${crashed ? 1 : 0}; malformed responses: ${sent.malformed}; transport failures: ${transport}${transport > 0 ? ` (${list(sent.transport)})` : ''}`,
      `  latency: p50 ${fmt(percentile(sorted, 0.5))}, p99 ${fmt(percentile(sorted, 0.99))}, max ${fmt(sorted.at(-1) ?? Number.NaN)}`,
      `  gateway RSS: at ready ${mb(atReady?.rssMb)}; start (after ${WARM_UP_DOCUMENTS}×${WARM_UP_REPEATS} warm-up requests and a full GC) ${mb(start?.rssMb)}; peak ${mb(peakRss)}; at the end of the load ${mb(beforeSettle?.rssMb)}; end (5 s idle, full GC) ${mb(end?.rssMb)}`,
      `  growth: ${Number.isNaN(growth) ? '?' : `${growth.toFixed(1)} MiB`} (${Number.isNaN(growth) || count === 0 ? '?' : `${((growth * 1024) / count).toFixed(2)} KiB`} per document); start ${heap(start)}; end ${heap(end)}`,
      `  HTTP status: ${list(sent.byStatus)}; answers with errors ${sent.withErrors}; error codes: ${list(sent.codes)}`,
      `  secrets in responses: ${sent.secrets}; in the gateway's output: ${stack.output.secrets}`,
      `  verdict: RSS end within ${RSS_BUDGET_MB} MiB of start: ${withinBudget ? 'PASS' : 'FAIL'}`,
    ].join('\n'),
  );
  const internal =
    (sent.codes.get('INTERNAL_SERVER_ERROR') ?? 0) + (sent.codes.get('NO_CODE') ?? 0);
  const healthy =
    withinBudget &&
    !crashed &&
    stoppedBy === null &&
    sent.malformed === 0 &&
    transport === 0 &&
    internal === 0 &&
    sent.secrets === 0 &&
    stack.output.secrets === 0;
  return healthy ? 0 : 1;
}
