import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';
import { startGatewayHarness } from '../support/gateway-harness.ts';
import { listedChatId } from '../support/issued-ids.ts';
import { sampleIn } from '../support/metric-sample.ts';

const INBOX = '{ inbox(first: 20) { edges { node { id lastMessage { text } } } } }';
const THREAD = `query ($id: ID!) {
  node(id: $id) { ... on Chat { messages(first: 50) { edges { node { id text } } } } }
}`;

describe('cache metrics', () => {
  it('count reads by kind and outcome, credits saved, evictions, and the bytes kept', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const harness = await startGatewayHarness({
      cache: { observer: metrics.responseCacheObserver() },
    });
    metrics.trackCache(() => harness.cache!.size);
    try {
      const first = await harness.query(INBOX);
      await harness.query(INBOX);
      const accounts = harness.sandbox.dataset.accounts.length;
      const text = await metrics.registry.metrics();
      expect(sampleIn(text, 'chatgraph_cache_reads_total{kind="chatPages",outcome="miss"}')).toBe(
        accounts,
      );
      expect(sampleIn(text, 'chatgraph_cache_reads_total{kind="chatPages",outcome="hit"}')).toBe(
        accounts,
      );
      expect(sampleIn(text, 'chatgraph_cache_credits_saved_total{kind="chatPages"}')).toBe(
        first.extensions!.cost!.credits,
      );
      // The accounts lists read at start-up are kept too.
      const lists = sampleIn(
        text,
        'chatgraph_cache_reads_total{kind="connectedAccounts",outcome="miss"}',
      );
      expect(lists).toBeGreaterThan(0);
      expect(sampleIn(text, 'chatgraph_cache_entries')).toBe(accounts + lists!);
      expect(sampleIn(text, 'chatgraph_cache_bytes')).toBe(harness.cache!.size.bytes);
      expect(harness.cache!.size.bytes).toBeGreaterThan(0);
    } finally {
      await harness.close();
    }
  });

  it('keep the bytes under the bound, evicting by size', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const maxBytes = 256 * 1024;
    const harness = await startGatewayHarness({
      cache: { maxBytes, observer: metrics.responseCacheObserver() },
    });
    try {
      let read = 0;
      for (const account of harness.sandbox.dataset.accounts) {
        for (const chat of account.chats.slice(0, 6)) {
          const answer = await harness.query(THREAD, { id: listedChatId(account, chat) });
          expect(answer.errors).toBeUndefined();
          read += 1;
          expect(harness.cache!.size.bytes).toBeLessThanOrEqual(maxBytes);
        }
      }
      const text = await metrics.registry.metrics();
      const evicted = sampleIn(
        text,
        'chatgraph_cache_evictions_total{kind="messagePages",reason="size"}',
      );
      expect(evicted).toBeGreaterThan(0);
      // A chat by id is proved by a page of its messages: a read or two per thread.
      const pages = sampleIn(
        text,
        'chatgraph_cache_reads_total{kind="messagePages",outcome="miss"}',
      );
      expect(pages).toBeGreaterThanOrEqual(read);
      expect(harness.cache!.size.entries).toBeLessThan(pages!);
    } finally {
      await harness.close();
    }
  });
});
