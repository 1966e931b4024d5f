import DataLoader from 'dataloader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeLoaderBatches } from '../../src/observability/loader-batches.ts';
import { ChatgraphMetrics, createMetrics } from '../../src/observability/metrics.ts';
import { usePrometheus } from '../../src/plugins/use-prometheus.ts';
import { EXAMPLE_QUERY } from '../../src/server/graphiql.ts';
import { type OpsHarness, startOpsHarness } from './support/ops-harness.ts';

/** The value of one sample in Prometheus' text format; undefined when absent. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [
        pair[1],
        pair[2],
      ]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('metrics', () => {
  let harness: OpsHarness;
  let metrics: ChatgraphMetrics;

  const scrape = async () => {
    const response = await harness.get('/metrics');
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    metrics = createMetrics();
    harness = await startOpsHarness({
      events: metrics.vendorHttpEvents(),
      plugins: [usePrometheus({ metrics })],
    });
    metrics.trackAccounts(harness.connectedAccounts.accounts);
  });
  afterAll(() => harness.close());

  describe('/metrics', () => {
    it('answers in the Prometheus text format, process metrics included', async () => {
      const response = await harness.get('/metrics');
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(text).toContain('# TYPE chatgraph_graphql_requests_total counter');
      expect(text).toContain('# TYPE chatgraph_vendor_call_duration_seconds histogram');
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    });

    it('refuses methods other than GET and HEAD', async () => {
      const response = await harness.yoga.fetch('http://chatgraph/metrics', { method: 'POST' });
      expect(response.status).toBe(405);
    });
  });

  describe('after the example query', () => {
    let text: string;

    beforeAll(async () => {
      const response = await harness.post(EXAMPLE_QUERY);
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      text = await scrape();
    });

    it('counts the operation by name, type and outcome, with its latency', () => {
      const labels = { operation: 'Inbox', type: 'query', outcome: 'success' };
      expect(sample(text, 'chatgraph_graphql_requests_total', labels)).toBe(1);
      expect(
        sample(text, 'chatgraph_graphql_request_duration_seconds_count', {
          operation: 'Inbox',
          outcome: 'success',
        }),
      ).toBe(1);
      expect(
        sample(text, 'chatgraph_graphql_request_duration_seconds_sum', { operation: 'Inbox' }),
      ).toBeGreaterThan(0);
    });

    it('counts vendor calls by vendor, route and status, with latency and credits', () => {
      for (const [vendor, route] of [
        ['ONLYFANSAPI', 'onlyfans.chats'],
        ['ONLYFANSAPI', 'fansly.chats'],
        ['OFAUTH', 'ofauth.chats'],
      ] as const) {
        expect(sample(text, 'chatgraph_vendor_calls_total', { vendor, route, status: '200' })).toBe(
          2,
        );
        expect(sample(text, 'chatgraph_vendor_call_duration_seconds_count', { route })).toBe(2);
      }
      // Start-up calls are counted too: each vendor's account list.
      expect(
        sample(text, 'chatgraph_vendor_calls_total', {
          route: 'ofauth.connections',
          status: '200',
        }),
      ).toBe(1);
      expect(sample(text, 'chatgraph_vendor_credits_total', { route: 'onlyfans.chats' })).toBe(2);
      expect(sample(text, 'chatgraph_vendor_credits_total', { route: 'ofauth.chats' })).toBe(
        undefined,
      );
      const stats = harness.sandbox.stats();
      expect(stats.totalCredits).toBeGreaterThan(0);
    });

    it('measures DataLoader batch sizes', () => {
      // The OFAuth chat lists carry fan ids only: their partners are loaded in one batch.
      expect(sample(text, 'chatgraph_loader_batch_size_count', { loader: 'accounts' })).toBe(1);
      expect(sample(text, 'chatgraph_loader_batch_size_sum', { loader: 'accounts' })).toBe(10);
      expect(sample(text, 'chatgraph_loader_batch_size_count', { loader: 'chatPages' })).toBe(1);
      expect(sample(text, 'chatgraph_loader_batch_size_sum', { loader: 'chatPages' })).toBe(6);
    });
  });

  describe('vendor trouble', () => {
    it('counts retries and the failed attempts', async () => {
      harness.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 503, times: 1 });
      await harness.post('query Retry { inbox(first: 1) { pageInfo { hasNextPage } } }');
      const text = await scrape();
      expect(
        sample(text, 'chatgraph_vendor_retries_total', {
          route: 'onlyfans.chats',
          error_code: 'UPSTREAM_UNAVAILABLE',
        }),
      ).toBe(1);
      expect(
        sample(text, 'chatgraph_vendor_calls_total', {
          route: 'onlyfans.chats',
          status: '503',
          error_code: 'UPSTREAM_UNAVAILABLE',
        }),
      ).toBe(1);
    });

    it('shows each account circuit state, and counts the moves', async () => {
      const account = harness.connectedAccounts.accounts.find(
        (entry) => entry.connectedAccount.vendor === 'OFAUTH',
      )!;
      const externalId = account.connectedAccount.externalId;
      let text = await scrape();
      const state = (value: string) =>
        sample(text, 'chatgraph_vendor_circuit_state', { account: externalId, state: value });
      expect([state('closed'), state('open'), state('half-open')]).toEqual([1, 0, 0]);

      harness.sandbox.addFault({
        route: 'ofauth.chats',
        externalId: externalId,
        kind: 'status',
        status: 500,
        times: 5,
      });
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await harness.post('query Trip { inbox(first: 1) { pageInfo { hasNextPage } } }');
      }
      text = await scrape();
      expect([state('closed'), state('open'), state('half-open')]).toEqual([0, 1, 0]);
      expect(
        sample(text, 'chatgraph_vendor_circuit_transitions_total', {
          vendor: 'OFAUTH',
          to: 'open',
        }),
      ).toBe(1);
      expect(
        sample(text, 'chatgraph_graphql_requests_total', { operation: 'Trip', outcome: 'partial' }),
      ).toBe(5);
    });
  });

  describe('requests refused before any operation', () => {
    it('count as rejected', async () => {
      // A GET without a CSRF-prevention header is refused before it is parsed.
      const response = await harness.get('/graphql?query=%7B__typename%7D', {
        accept: 'application/json',
      });
      expect(response.status).toBe(403);
      const text = await scrape();
      expect(
        sample(text, 'chatgraph_graphql_requests_total', {
          operation: '(none)',
          outcome: 'rejected',
        }),
      ).toBe(1);
    });
  });
});

describe('ChatgraphMetrics', () => {
  it('bounds the operation names it keeps as label values', async () => {
    const metrics = new ChatgraphMetrics({ defaultMetrics: false, maxOperationNames: 2 });
    for (const name of ['A', 'B', 'C', 'A', null]) {
      metrics.observeOperation({ name, type: 'query' }, 'success', 0.01);
    }
    const text = await metrics.registry.metrics();
    const count = (operation: string) =>
      sample(text, 'chatgraph_graphql_requests_total', { operation });
    expect([count('A'), count('B'), count('C'), count('(other)'), count('(anonymous)')]).toEqual([
      2,
      1,
      undefined,
      1,
      1,
    ]);
  });
});

describe('observeLoaderBatches', () => {
  it('reports every batch a DataLoader dispatches, once however often it is wrapped', async () => {
    const loader = new DataLoader<number, number>(async (keys) => keys.map((key) => key * 2));
    const sizes: number[] = [];
    const record = (_name: string, size: number) => sizes.push(size);
    observeLoaderBatches({ doubles: loader as never }, record);
    observeLoaderBatches({ doubles: loader as never }, record);
    expect(await Promise.all([loader.load(1), loader.load(2), loader.load(3)])).toEqual([2, 4, 6]);
    expect(await loader.load(4)).toBe(8);
    expect(sizes).toEqual([3, 1]);
  });
});
