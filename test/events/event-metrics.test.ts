import { describe, expect, it } from 'vitest';
import { createLiveEvents } from '../../src/events/create-live-events.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { accountUpdated, messageAdded } from '../support/gateway-events.ts';
import { sampleIn } from '../support/metric-sample.ts';

describe('live event metrics', () => {
  it('count events by kind, drops by reason, and read the subscriber gauge at each scrape', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const events = createLiveEvents(null, { observer: metrics.eventBusObserver() });
    metrics.trackSubscribers(() => events.bus.subscriberCount());
    const subscription = events.subscribe(
      { kinds: new Set(['messageAdded']), accounts: new Set(['acct_a']) },
      { maxQueued: 10 },
    );
    await events.announce([messageAdded('acct_a', '7', '1'), accountUpdated('acct_a')]);
    await events.announce([messageAdded('acct_a', '7', '1')]);
    metrics.eventBusObserver().onDropped('redis_unavailable');
    metrics.eventBusObserver().onReceived(accountUpdated('acct_b'));

    let text = await metrics.registry.metrics();
    expect(sampleIn(text, 'chatgraph_events_published_total{kind="messageAdded"}')).toBe(1);
    expect(sampleIn(text, 'chatgraph_events_published_total{kind="connectedAccountUpdated"}')).toBe(
      1,
    );
    expect(sampleIn(text, 'chatgraph_events_received_total{kind="connectedAccountUpdated"}')).toBe(
      1,
    );
    expect(sampleIn(text, 'chatgraph_events_dropped_total{reason="redis_unavailable"}')).toBe(1);
    expect(sampleIn(text, 'chatgraph_event_subscribers')).toBe(1);

    await subscription.return?.();
    text = await metrics.registry.metrics();
    expect(sampleIn(text, 'chatgraph_event_subscribers')).toBe(0);
    await events.close();
  });
});
