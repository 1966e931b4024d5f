import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { type ChatgraphProcess, startChatgraph } from '../ops/support/chatgraph-process.ts';
import { graphqlRequest } from '../support/graphql-request.ts';
import { scrapeSample } from '../support/metric-sample.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const redisUrl = inject('redisUrl');

/** One chat of a connection: one `ofauth.chats` call, nothing else. */
const ONE_CHAT =
  'query ($id: ID!) { connectedAccount(id: $id) { chats(first: 1) { edges { node { id } } } } }';
const IDS = '{ connectedAccounts { id externalId } }';
const UNAVAILABLE = 'shared rate budgets unavailable: each replica keeps 1/2';

interface Answer {
  data?: unknown;
  errors?: Array<{ extensions?: { code?: string; retryAfter?: number } }>;
}

async function ask(replica: ChatgraphProcess, id: string): Promise<Answer> {
  const response = await fetch(replica.url, graphqlRequest(ONE_CHAT, { id }));
  return (await response.json()) as Answer;
}

/** Asks `count` times, one after another: how many were answered, and the error codes. */
async function askTimes(replica: ChatgraphProcess, count: number, id: string) {
  let answered = 0;
  const refusals: Array<{ code?: string; retryAfter?: number }> = [];
  for (let time = 0; time < count; time += 1) {
    const answer = await ask(replica, id);
    if (answer.errors === undefined) answered += 1;
    else refusals.push(...answer.errors.map((error) => error.extensions ?? {}));
  }
  return { answered, refusals };
}

function expectRefusedByTheBudget(refusals: Array<{ code?: string; retryAfter?: number }>): void {
  for (const refusal of refusals) {
    expect(refusal.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(refusal.retryAfter).toBeGreaterThanOrEqual(1);
  }
}

/** A sample of the replica's `/metrics` (`name` with its labels, as printed), 0 when absent. */
async function metric(replica: ChatgraphProcess, name: string): Promise<number> {
  return (await scrapeSample(replica.origin, name)) ?? 0;
}

describe.skipIf(redisUrl === '')(
  'two gateway processes sharing a vendor budget through Redis',
  () => {
    let sandbox: Sandbox;
    let proxy: TcpProxy;
    let folder: string;
    let first: ChatgraphProcess;
    let second: ChatgraphProcess;
    /** The connection whose budget runs out, and one that a 429 pauses: each its own bucket. */
    let connection: string;
    let pausedConnection: string;
    const ids = new Map<string, string>();

    /** Vendor calls the sandbox received for a connection, every route. */
    const vendorCalls = (handle = connection) =>
      Object.values(sandbox.stats().routes).reduce(
        (sum, route) => sum + (route.byAccount[handle] ?? 0),
        0,
      );
    const budgeted = () => ids.get(connection)!;

    beforeAll(async () => {
      sandbox = await startSandbox();
      [connection, pausedConnection] = sandbox.dataset
        .accountsOf('ofauth', 'onlyfans')
        .map((account) => account.handle) as [string, string];
      const { hostname, port } = new URL(redisUrl);
      proxy = await TcpProxy.start({ host: hostname, port: Number(port || 6379) });
      folder = await mkdtemp(join(tmpdir(), 'chatgraph-budgets-'));
      const config = join(folder, 'chatgraph.json');
      await writeFile(
        config,
        JSON.stringify({
          vendors: {
            ofauth: {
              baseUrl: sandbox.url,
              apiKey: sandbox.keys.ofauth,
              connections: [{ id: connection }, { id: pausedConnection }],
              // 5 calls at once, then one a minute: nothing refills while the test runs.
              rateLimit: { requestsPerMinute: 1, burst: 5 },
            },
          },
          // Every read reaches the budget.
          cache: { enabled: false },
          redis: {
            url: `redis://127.0.0.1:${proxy.port}`,
            keyPrefix: `chatgraph-test-${randomUUID()}:`,
            replicas: 2,
          },
        }),
      );
      [first, second] = await Promise.all([
        startChatgraph(['--config', config]),
        startChatgraph(['--config', config]),
      ]);
      const listed = (await (await fetch(first.url, graphqlRequest(IDS))).json()) as {
        data: { connectedAccounts: Array<{ id: string; externalId: string }> };
      };
      for (const account of listed.data.connectedAccounts) ids.set(account.externalId, account.id);
    });
    afterAll(async () => {
      await Promise.all([first?.stop(), second?.stop()]);
      await proxy?.close();
      await sandbox?.close();
      await rm(folder, { recursive: true, force: true });
    });
    beforeEach(() => {
      sandbox.clearFaults();
    });

    it("a 429 with Retry-After seen by one makes the other's next call fail without a vendor call", async () => {
      sandbox.resetStats();
      sandbox.addFault({
        route: 'ofauth.chats',
        externalId: pausedConnection,
        kind: 'status',
        status: 429,
        retryAfter: 30,
      });
      const refused = await ask(first, ids.get(pausedConnection)!);
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual([
        'UPSTREAM_RATE_LIMITED',
      ]);
      expect(vendorCalls(pausedConnection)).toBe(1);
      const held = await ask(second, ids.get(pausedConnection)!);
      expect(held.errors?.map((error) => error.extensions?.code)).toEqual([
        'UPSTREAM_RATE_LIMITED',
      ]);
      expect(held.errors![0]!.extensions!.retryAfter).toBeLessThanOrEqual(30);
      expect(vendorCalls(pausedConnection)).toBe(1);
    });

    // One story, in order: the budget runs out across both, then Redis goes and comes back.
    it('make 5 calls together; the rest fail at once with UPSTREAM_RATE_LIMITED', async () => {
      sandbox.resetStats();
      const results = [await askTimes(first, 3, budgeted()), await askTimes(second, 4, budgeted())];
      expect(results.map((result) => result.answered)).toEqual([3, 2]);
      expect(vendorCalls()).toBe(5);
      expectRefusedByTheBudget(results.flatMap((result) => result.refusals));
      expect(results[1]!.refusals).toHaveLength(2);
    });

    it('while Redis is down each keeps 1/2 of the budget and says so; once back, shares again', async () => {
      sandbox.resetStats();
      await proxy.close();
      // Each replica's share: 2 calls (a burst of 5, halved), whatever the shared bucket had left.
      const down = [await askTimes(first, 3, budgeted()), await askTimes(second, 3, budgeted())];
      expect(down.map((result) => result.answered)).toEqual([2, 2]);
      expectRefusedByTheBudget(down.flatMap((result) => result.refusals));
      expect(vendorCalls()).toBe(4);
      for (const replica of [first, second]) {
        const said = await replica.waitForLog((line) => String(line.msg).startsWith(UNAVAILABLE));
        expect(said).toHaveLength(1);
        expect(
          await metric(replica, 'chatgraph_rate_budget_fallbacks_total{vendor="OFAUTH"}'),
        ).toBe(3);
      }

      await proxy.open();
      await vi.waitFor(
        async () => {
          const ready = await fetch(`${first.origin}/ready`);
          expect(await ready.json()).toMatchObject({ checks: { redis: 'ok' } });
        },
        { timeout: 10_000, interval: 100 },
      );
      // The shared bucket is still empty (the 5 went before the outage): nothing more goes.
      sandbox.resetStats();
      const back = await askTimes(first, 2, budgeted());
      expect(back.answered).toBe(0);
      expectRefusedByTheBudget(back.refusals);
      expect(vendorCalls()).toBe(0);
      expect(await metric(first, 'chatgraph_rate_budget_fallbacks_total{vendor="OFAUTH"}')).toBe(3);
      const again = await first.waitForLog((line) =>
        String(line.msg).startsWith('shared rate budgets available again'),
      );
      expect(again).toHaveLength(1);
    });

    it('the Redis password and the API key appear in no log line', () => {
      for (const replica of [first, second]) {
        expect(replica.output()).not.toContain(sandbox.keys.ofauth);
      }
    });
  },
);
