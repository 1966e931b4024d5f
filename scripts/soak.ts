/**
 * `npm run soak`: the gateway under a bounded, sustained load with vendor faults injected, in
 * separate processes on 127.0.0.1 (the vendor sandbox, `src/main.ts --config <generated file>`,
 * and this load driver). Reports crashes (the gateway process exiting), malformed responses (not
 * JSON, or neither data nor errors), latency percentiles, the gateway's resident memory at start
 * and end, error-code tallies, and secrets found in responses or the gateway's output.
 *
 * Flags: --queries N (20000), --concurrency C (64), --fault-rate R (0.05), --seed S (1),
 * --max-seconds T (600: the hard cap), --vendor-limits real|lifted (real; see soak-sandbox.ts),
 * --gateway-heap-mb M (0: Node's default; else the gateway's old-space cap, so a leak crashes),
 * --vendor-timeout-ms (10000) and --request-timeout-ms (30000): the config's timeouts,
 * --fault-kinds status,hang,malformed,truncate (all): which faults to inject.
 * Exit code 0 when nothing crashed, every response was well formed, and nothing leaked.
 * Not part of `npm test`.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type DocumentNode, print } from 'graphql';
import { sha256Hex } from '../src/auth/tokens.ts';
import {
  AccountChatsDocument,
  ChatByIdDocument,
  ChatThreadDocument,
  InboxPageDocument,
  UnifiedInboxDocument,
} from '../src/generated/graphql.ts';
import { encodeGlobalId } from '../src/ids.ts';
import { generateDataset, type SandboxAccount } from '../src/sandbox/index.ts';
import { SANDBOX_KEYS, type SandboxFault, type SandboxRoute } from '../src/sandbox/types.ts';
import { buildDist, START_ARGS } from '../test/support/start-command.ts';
import {
  type ChildService,
  killAllChildren,
  memoryOf,
  REPO_ROOT,
  startChild,
} from './soak-processes.ts';

const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    'fault-rate': { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '1' },
    'max-seconds': { type: 'string', default: '600' },
    'vendor-limits': { type: 'string', default: 'real' },
    'gateway-heap-mb': { type: 'string', default: '0' },
    'vendor-timeout-ms': { type: 'string', default: '10000' },
    'request-timeout-ms': { type: 'string', default: '30000' },
    'fault-kinds': { type: 'string', default: 'status,hang,malformed,truncate' },
  },
});

function numberFlag(name: string, min: number, max: number, integer = true): number {
  const raw = values[name as keyof typeof values] as string;
  const value = Number(raw);
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    console.error(
      `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${raw}`,
    );
    process.exit(2);
  }
  return value;
}

const settings = {
  queries: numberFlag('queries', 1, 1_000_000),
  concurrency: numberFlag('concurrency', 1, 1024),
  faultRate: numberFlag('fault-rate', 0, 1, false),
  seed: numberFlag('seed', 0, 2 ** 31 - 1),
  maxSeconds: numberFlag('max-seconds', 10, 3600),
  vendorLimits: values['vendor-limits'] as 'real' | 'lifted',
  /** The gateway's V8 old-space cap (0: Node's default): a leak then ends in a crash. */
  gatewayHeapMb: numberFlag('gateway-heap-mb', 0, 65_536),
  /** Per vendor call (config `timeoutMs`) and per request (`server.requestTimeoutMs`): README defaults. */
  vendorTimeoutMs: numberFlag('vendor-timeout-ms', 100, 120_000),
  requestTimeoutMs: numberFlag('request-timeout-ms', 100, 600_000),
  /** Which kinds of fault to inject. */
  faultKinds: (values['fault-kinds'] as string).split(',').map((kind) => kind.trim()),
};
const FAULT_KINDS = ['status', 'hang', 'malformed', 'truncate'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];
if (
  settings.faultKinds.length === 0 ||
  !settings.faultKinds.every((kind) => FAULT_KINDS.includes(kind as FaultKind))
) {
  console.error(`--fault-kinds must be a comma-separated list of ${FAULT_KINDS.join(', ')}`);
  process.exit(2);
}
if (settings.vendorLimits !== 'real' && settings.vendorLimits !== 'lifted') {
  console.error('--vendor-limits must be real or lifted');
  process.exit(2);
}

/** The client token the soak presents; the config stores only its hash. */
const TOKEN = `soak_${Math.random().toString(36).slice(2)}_${Date.now().toString(36)}`;
/** What must never show up in a response or in the gateway's output. */
const SECRETS = [SANDBOX_KEYS.onlyfansapi, SANDBOX_KEYS.ofauth, TOKEN, sha256Hex(TOKEN)];

/** A small seeded generator (mulberry32): the same seed sends the same queries and faults. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(settings.seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (probability: number) => random() < probability;

const dataset = generateDataset(settings.seed);

// ---------------------------------------------------------------------------------------------
// The query mix: the frontend operations (schema/operations), the README examples, node lookups.

interface Request {
  kind: string;
  query: string;
  variables: Record<string, unknown>;
  /** Keeps what the answer says for later requests (cursors to page on). */
  harvest?(data: Record<string, unknown>): void;
}

const documents = {
  inboxPage: print(InboxPageDocument as DocumentNode),
  accountChats: print(AccountChatsDocument as DocumentNode),
  unifiedInbox: print(UnifiedInboxDocument as DocumentNode),
  chatThread: print(ChatThreadDocument as DocumentNode),
  chatById: print(ChatByIdDocument as DocumentNode),
};

function readmeExamples(): Array<{ query: string; variables: Record<string, unknown> }> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({
    lang,
    text: text!,
  }));
  return blocks.flatMap((block, index) => {
    if (block.lang !== 'graphql') return [];
    const next = blocks[index + 1];
    const variables =
      next?.lang === 'json' && !next.text.includes('"data"')
        ? (JSON.parse(next.text) as Record<string, unknown>)
        : {};
    return [{ query: block.text, variables }];
  });
}

const README_EXAMPLES = readmeExamples();

const accountId = (account: SandboxAccount) => encodeGlobalId('ConnectedAccount', account.handle);

function randomChat(): {
  account: SandboxAccount;
  id: string;
  chat: SandboxAccount['chats'][number];
} {
  const account = pick(dataset.accounts);
  const chat = pick(account.chats);
  return {
    account,
    chat,
    id: encodeGlobalId('Chat', `${account.handle}:${chat.id}:${chat.partner.id}`),
  };
}

/** Cursors seen in answers, to page on: per list, the most recent few. */
const cursors = new Map<string, string[]>();

function keep(list: string, cursor: unknown): void {
  if (typeof cursor !== 'string') return;
  const known = cursors.get(list) ?? [];
  known.push(cursor);
  if (known.length > 20) known.shift();
  cursors.set(list, known);
}

function cursorFor(list: string): string | undefined {
  const known = cursors.get(list);
  return known && known.length > 0 ? pick(known) : undefined;
}

type Data = Record<string, unknown>;

/** The value at `keys` inside an answer's data, or undefined when any step is missing. */
function at(data: Data, ...keys: string[]): unknown {
  let value: unknown = data;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const REQUESTS: Array<{ weight: number; make(): Request }> = [
  {
    weight: 15,
    make: () => ({
      kind: 'InboxPage',
      query: documents.inboxPage,
      variables: { first: pick([5, 10, 20]) },
    }),
  },
  {
    weight: 20,
    make() {
      const account = pick(dataset.accounts);
      const filters = chance(0.25)
        ? { unreadOnly: chance(0.5), search: chance(0.5) ? pick(['a', 'e', 'ka', 'zz']) : null }
        : {};
      const list = `chats|${account.handle}|${JSON.stringify(filters)}`;
      const after = chance(0.5) ? cursorFor(list) : undefined;
      return {
        kind: after ? 'AccountChats (page 2+)' : 'AccountChats',
        query: documents.accountChats,
        variables: { accountId: accountId(account), first: pick([10, 20, 25]), after, ...filters },
        harvest: (data: Data) =>
          keep(list, at(data, 'connectedAccount', 'chats', 'pageInfo', 'endCursor')),
      };
    },
  },
  {
    weight: 20,
    make() {
      const filters = chance(0.25)
        ? { unreadOnly: chance(0.5), search: chance(0.5) ? pick(['a', 'e', 'ka']) : null }
        : {};
      const accountIds = chance(0.2)
        ? [accountId(pick(dataset.accounts)), accountId(pick(dataset.accounts))]
        : undefined;
      const list = `inbox|${JSON.stringify(accountIds ?? null)}|${JSON.stringify(filters)}`;
      const after = chance(0.5) ? cursorFor(list) : undefined;
      return {
        kind: after ? 'UnifiedInbox (page 2+)' : 'UnifiedInbox',
        query: documents.unifiedInbox,
        variables: { first: pick([10, 20]), after, accountIds, ...filters },
        harvest: (data: Data) => keep(list, at(data, 'inbox', 'pageInfo', 'endCursor')),
      };
    },
  },
  {
    weight: 20,
    make() {
      const { id } = randomChat();
      const after = chance(0.3) ? cursorFor(`thread|${id}`) : undefined;
      return {
        kind: after ? 'ChatThread (page 2+)' : 'ChatThread',
        query: documents.chatThread,
        variables: { chatId: id, first: pick([10, 25, 50]), after },
        harvest: (data: Data) =>
          keep(`thread|${id}`, at(data, 'chat', 'messages', 'pageInfo', 'endCursor')),
      };
    },
  },
  {
    weight: 10,
    make: () => ({
      kind: 'ChatById',
      query: documents.chatById,
      variables: { chatId: randomChat().id },
    }),
  },
  {
    weight: 5,
    make() {
      const example = pick(README_EXAMPLES);
      return { kind: 'README example', query: example.query, variables: example.variables };
    },
  },
  {
    weight: 10,
    make() {
      const picks = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const { account, chat } = randomChat();
        const message = chat.messages.length > 0 ? pick(chat.messages) : null;
        const local = `${account.handle}:${chat.id}:${chat.partner.id}`;
        return pick([
          encodeGlobalId('Chat', local),
          encodeGlobalId('Account', `${account.handle}:${chat.partner.id}`),
          message ? encodeGlobalId('Message', `${local}:${message.id}`) : accountId(account),
        ]);
      });
      return {
        kind: 'nodes',
        query: `query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename
          ... on Chat { unreadCount partner { username } lastMessage { text } }
          ... on Message { text createdAt sender { username } media { type url } }
          ... on Account { username displayName } } }`,
        variables: { ids: picks },
      };
    },
  },
];

const TOTAL_WEIGHT = REQUESTS.reduce((sum, entry) => sum + entry.weight, 0);

function nextRequest(): Request {
  let roll = random() * TOTAL_WEIGHT;
  for (const entry of REQUESTS) {
    roll -= entry.weight;
    if (roll < 0) return entry.make();
  }
  return REQUESTS[0]!.make();
}

// ---------------------------------------------------------------------------------------------
// Faults, scripted through the sandbox's control routes on random accounts and routes.

const FAULT_ROUTES: Array<{ route: SandboxRoute; accounts: SandboxAccount[] }> = (() => {
  const of = (vendor: 'onlyfansapi' | 'ofauth', platform: 'onlyfans' | 'fansly') =>
    dataset.accountsOf(vendor, platform);
  return [
    ...(['onlyfans.chats', 'onlyfans.messages', 'onlyfans.users'] as const).map((route) => ({
      route,
      accounts: of('onlyfansapi', 'onlyfans'),
    })),
    ...(['fansly.chats', 'fansly.messages', 'fansly.accountMedia'] as const).map((route) => ({
      route,
      accounts: of('onlyfansapi', 'fansly'),
    })),
    ...(['ofauth.chats', 'ofauth.messages', 'ofauth.users'] as const).map((route) => ({
      route,
      accounts: of('ofauth', 'onlyfans'),
    })),
  ];
})();

/** How often each kind of fault is picked, among those `--fault-kinds` allows. */
const FAULT_WEIGHTS: Record<FaultKind, number> = {
  status: 45,
  hang: 15,
  malformed: 20,
  truncate: 20,
};

function randomFault(): { fault: SandboxFault; label: string } {
  const { route, accounts } = pick(FAULT_ROUTES);
  const connectedAccountId = pick(accounts).handle;
  const times = 1 + Math.floor(random() * 3);
  const kinds = settings.faultKinds as FaultKind[];
  let roll = random() * kinds.reduce((sum, kind) => sum + FAULT_WEIGHTS[kind], 0);
  let kind = kinds[0]!;
  for (const candidate of kinds) {
    kind = candidate;
    roll -= FAULT_WEIGHTS[candidate];
    if (roll < 0) break;
  }
  if (kind === 'status') {
    const status = pick([429, 429, 500, 502, 503, 503, 504, 401, 403, 404]);
    const retryAfter = status === 429 ? pick([0, 1, 30]) : undefined;
    return {
      fault: { route, connectedAccountId, kind, status, retryAfter, times },
      label: status === 429 ? `429 (Retry-After ${retryAfter})` : String(status),
    };
  }
  return { fault: { route, connectedAccountId, kind, times }, label: kind };
}

// ---------------------------------------------------------------------------------------------
// The run.

const tally = {
  sent: 0,
  byStatus: new Map<number, number>(),
  byKind: new Map<string, number>(),
  codes: new Map<string, number>(),
  /** Error messages with ids and figures blanked out: what the codes were about. */
  messages: new Map<string, number>(),
  faults: new Map<string, number>(),
  transport: new Map<string, number>(),
  clean: 0,
  withErrors: 0,
  partial: 0,
  malformed: 0,
  malformedSamples: [] as string[],
  stackTraces: 0,
  secretsInResponses: 0,
  faultScriptFailures: 0,
};
const latencies: number[] = [];

const add = (map: Map<string | number, number>, key: string | number, count = 1) =>
  map.set(key, (map.get(key) ?? 0) + count);

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Reads one answer: status, JSON shape, codes, cursors, secrets. */
function inspectAnswer(request: Request, status: number, text: string): void {
  add(tally.byStatus, status);
  add(tally.byKind, request.kind);
  if (SECRETS.some((secret) => text.includes(secret))) tally.secretsInResponses += 1;
  if (/\n\s+at |\\n\s+at /.test(text)) tally.stackTraces += 1;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object' || (!('data' in body) && !('errors' in body))) {
    tally.malformed += 1;
    if (tally.malformedSamples.length < 5)
      tally.malformedSamples.push(`${status} ${text.slice(0, 200)}`);
    return;
  }
  const { data, errors } = body as {
    data?: Data | null;
    errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
  };
  if (errors && errors.length > 0) {
    tally.withErrors += 1;
    if (data) tally.partial += 1;
    for (const error of errors) {
      const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE';
      add(tally.codes, code);
      const message = String(error.message ?? '')
        .replace(/(acct|fansly_acct|conn)_[A-Za-z0-9]+/g, '<account>')
        .replace(/\d+/g, 'N');
      add(tally.messages, `${code}: ${message}`);
    }
  } else {
    tally.clean += 1;
  }
  if (data) request.harvest?.(data);
}

async function main(): Promise<number> {
  const started = Date.now();
  const hardStop = started + settings.maxSeconds * 1000;
  const directory = mkdtempSync(join(tmpdir(), 'chatgraph-soak-'));
  const configPath = join(directory, 'chatgraph.json');
  const services: ChildService[] = [];
  const stopAll = async () => {
    await Promise.all(services.map((service) => service.stop()));
    rmSync(directory, { recursive: true, force: true });
  };
  const onSignal = (signal: string) => {
    console.error(`\n${signal}: stopping the soak and its processes`);
    killAllChildren();
    rmSync(directory, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The backstop: whatever happens, nothing outlives the cap by more than two minutes.
  setTimeout(
    () => {
      console.error(`the soak ran past ${settings.maxSeconds + 120} s: killing its processes`);
      killAllChildren();
      process.exit(3);
    },
    (settings.maxSeconds + 120) * 1000,
  ).unref();

  try {
    const sandbox = await startChild({
      name: 'sandbox',
      script:
        settings.vendorLimits === 'lifted' ? 'scripts/soak-sandbox.ts' : 'src/sandbox/main.ts',
      args: ['--port', '0', '--seed', String(settings.seed)],
      ready: /listening on (http:\/\/[\d.:]+)/,
    });
    services.push(sandbox);
    const of = (vendor: string) => dataset.accounts.filter((account) => account.vendor === vendor);
    const config = {
      server: {
        host: '127.0.0.1',
        port: 0,
        graphiql: false,
        requestTimeoutMs: settings.requestTimeoutMs,
      },
      auth: { tokens: [{ name: 'soak', sha256: sha256Hex(TOKEN), accounts: ['*'] }] },
      vendors: {
        onlyfansapi: {
          baseUrl: sandbox.url,
          apiKey: SANDBOX_KEYS.onlyfansapi,
          timeoutMs: settings.vendorTimeoutMs,
          accounts: of('onlyfansapi').map((account) => ({
            id: account.handle,
            platform: account.platform,
          })),
        },
        ofauth: {
          baseUrl: sandbox.url,
          apiKey: SANDBOX_KEYS.ofauth,
          timeoutMs: settings.vendorTimeoutMs,
          connections: of('ofauth').map((account) => ({ id: account.handle })),
        },
      },
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });

    buildDist();
    const gateway = await startChild({
      name: 'gateway',
      script: START_ARGS.at(-1)!,
      args: ['--config', configPath],
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        ...(settings.gatewayHeapMb > 0
          ? { NODE_OPTIONS: `--max-old-space-size=${settings.gatewayHeapMb}` }
          : {}),
      },
      ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
    });
    services.push(gateway);
    // The gateway's own output: every byte searched for secrets (a chunk may split one: keep a tail).
    const output = { bytes: 0, lines: 0, secrets: 0, tail: '' };
    const longest = Math.max(...SECRETS.map((secret) => secret.length));
    gateway.onOutput((text) => {
      output.bytes += text.length;
      output.lines += text.split('\n').length - 1;
      const window = output.tail + text;
      for (const secret of SECRETS) {
        let at = window.indexOf(secret);
        while (at !== -1) {
          if (at + secret.length > output.tail.length) output.secrets += 1;
          at = window.indexOf(secret, at + 1);
        }
      }
      output.tail = window.slice(-longest);
    });

    const startMemory = memoryOf(gateway.pid);
    const graphqlUrl = `${gateway.url}/graphql`;
    console.log(
      `soak: sandbox ${sandbox.url} (vendor limits ${settings.vendorLimits}), gateway ${graphqlUrl} (pid ${gateway.pid}, vendor timeout ${settings.vendorTimeoutMs} ms, request timeout ${settings.requestTimeoutMs} ms); ${settings.queries} queries at concurrency ${settings.concurrency}, fault rate ${settings.faultRate}, seed ${settings.seed}, cap ${settings.maxSeconds} s`,
    );

    const everything = new AbortController();
    let stopReason: string | null = null;
    const capTimer = setTimeout(() => {
      stopReason = `time cap of ${settings.maxSeconds} s reached`;
      everything.abort();
    }, settings.maxSeconds * 1000);
    let next = 0;
    let progressMark = 0;

    const worker = async () => {
      while (next < settings.queries && stopReason === null && Date.now() < hardStop) {
        next += 1;
        if (gateway.unexpectedExit) {
          stopReason = `the gateway exited (${JSON.stringify(gateway.unexpectedExit)})`;
          return;
        }
        if (settings.faultRate > 0 && chance(settings.faultRate)) {
          const { fault, label } = randomFault();
          try {
            const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(fault),
              signal: AbortSignal.timeout(10_000),
            });
            if (response.status === 201) add(tally.faults, label);
            else tally.faultScriptFailures += 1;
            await response.arrayBuffer();
          } catch {
            tally.faultScriptFailures += 1;
          }
        }
        const request = nextRequest();
        const begin = performance.now();
        tally.sent += 1;
        try {
          const response = await fetch(graphqlUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json',
              authorization: `Bearer ${TOKEN}`,
            },
            body: JSON.stringify({ query: request.query, variables: request.variables }),
            signal: AbortSignal.any([everything.signal, AbortSignal.timeout(60_000)]),
          });
          const text = await response.text();
          latencies.push(performance.now() - begin);
          inspectAnswer(request, response.status, text);
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause;
          add(tally.transport, cause?.code ?? (error as Error).name);
        }
        if (tally.sent >= progressMark + settings.queries / 10) {
          progressMark = tally.sent;
          const memory = memoryOf(gateway.pid);
          console.error(
            `  … ${tally.sent}/${settings.queries} sent, ${((Date.now() - started) / 1000).toFixed(0)} s, gateway RSS ${memory?.rssMb.toFixed(0) ?? '?'} MiB`,
          );
        }
      }
    };
    const loadStarted = Date.now();
    await Promise.all(Array.from({ length: settings.concurrency }, worker));
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    clearTimeout(capTimer);

    // Give a crash time to show, then measure.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const endMemory = memoryOf(gateway.pid);
    // And once the load is over and the gateway has idled a few seconds.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const settledMemory = memoryOf(gateway.pid);
    const crashed = gateway.unexpectedExit;
    let sandboxCalls: number | null = null;
    try {
      const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
        totalCalls: number;
      };
      sandboxCalls = stats.totalCalls;
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    } catch {
      sandboxCalls = null;
    }
    await stopAll();

    const sorted = [...latencies].sort((left, right) => left - right);
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    const list = (map: Map<string | number, number>) =>
      [...map]
        .sort((left, right) => right[1] - left[1])
        .map(([key, count]) => `${key} ${count}`)
        .join(', ') || 'none';
    const injected = [...tally.faults.values()].reduce((sum, count) => sum + count, 0);
    const transport = [...tally.transport.values()].reduce((sum, count) => sum + count, 0);
    const mb = (value: number | undefined) =>
      value === undefined ? '?' : `${value.toFixed(1)} MiB`;
    const lines = [
      `soak: ${tally.sent} queries in ${loadSeconds.toFixed(1)} s (${(tally.sent / loadSeconds).toFixed(0)} q/s), concurrency ${settings.concurrency}, fault rate ${settings.faultRate} (${settings.faultKinds.join('/')}), vendor limits ${settings.vendorLimits}, seed ${settings.seed}${stopReason ? `; STOPPED EARLY: ${stopReason}` : ''}`,
      `  crashes: ${crashed ? 1 : 0}${crashed ? ` (gateway exited: ${JSON.stringify(crashed)})` : ''}`,
      `  malformed responses: ${tally.malformed}; transport failures: ${transport}${transport > 0 ? ` (${list(tally.transport)})` : ''}`,
      `  latency: p50 ${fmt(percentile(sorted, 0.5))}, p90 ${fmt(percentile(sorted, 0.9))}, p99 ${fmt(percentile(sorted, 0.99))}, max ${fmt(sorted.at(-1) ?? Number.NaN)}`,
      `  gateway RSS: start ${mb(startMemory?.rssMb)}, end ${mb(endMemory?.rssMb)}, 5 s later ${mb(settledMemory?.rssMb)} (peak ${mb(settledMemory?.peakRssMb)})${settings.gatewayHeapMb > 0 ? `; old space capped at ${settings.gatewayHeapMb} MiB` : ''}`,
      `  injected faults: ${injected} (${list(tally.faults)})${tally.faultScriptFailures > 0 ? `; ${tally.faultScriptFailures} could not be scripted` : ''}; vendor calls: ${sandboxCalls ?? '?'}`,
      `  HTTP status: ${list(tally.byStatus)}; clean ${tally.clean}, with errors ${tally.withErrors} (partial data ${tally.partial})`,
      `  error codes: ${list(tally.codes)}`,
      ...[...tally.messages]
        .sort((left, right) => right[1] - left[1])
        .slice(0, 8)
        .map(([message, count]) => `    ${count} × ${message}`),
      `  stack traces in responses: ${tally.stackTraces}; secrets in responses: ${tally.secretsInResponses}; in the gateway's output: ${output.secrets} (${output.lines} lines logged)`,
      `  query mix: ${list(tally.byKind)}`,
      ...tally.malformedSamples.map((sample) => `  malformed sample: ${sample}`),
    ];
    console.log(lines.join('\n'));
    const noCode = tally.codes.get('NO_CODE') ?? 0;
    const internal = tally.codes.get('INTERNAL_SERVER_ERROR') ?? 0;
    const healthy =
      !crashed &&
      stopReason === null &&
      tally.malformed === 0 &&
      transport === 0 &&
      tally.secretsInResponses === 0 &&
      output.secrets === 0 &&
      tally.stackTraces === 0 &&
      internal === 0 &&
      noCode === 0;
    return healthy ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    killAllChildren();
    rmSync(directory, { recursive: true, force: true });
    return 1;
  }
}

process.on('exit', killAllChildren);
process.exitCode = await main();
