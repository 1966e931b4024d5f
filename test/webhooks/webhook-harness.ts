import { vi } from 'vitest';
import type { GatewayTokenConfig } from '../../src/auth/tokens.ts';
import { dropStaleBeforePublish, dropStaleOnEvents } from '../../src/cache/drop-stale-answers.ts';
import type { ResponseCacheOptions } from '../../src/cache/response-cache.ts';
import type { DedupeStore } from '../../src/events/dedupe-store.ts';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import { LiveEvents } from '../../src/events/live-events.ts';
import { MemoryEventBus } from '../../src/events/memory-event-bus.ts';
import { recordAccountStatus } from '../../src/events/record-account-status.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { PublishQueue } from '../../src/webhooks/publish-queue.ts';
import { memoryDestination } from '../ops/support/ops-harness.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { type Delivery, OFAUTH_SECRET, ONLYFANSAPI_SECRET } from './signed-deliveries.ts';

export interface WebhookHarness extends GatewayHarness {
  events: LiveEvents;
  publishes: PublishQueue;
  /** Every event a subscriber to all accounts heard, in order. */
  heard: GatewayEvent[];
  /** The gateway's log lines. */
  logLines: Array<Record<string, unknown>>;
  /** Posts a delivery to the gateway as the vendor would; answers status and JSON body. */
  deliver(
    delivery: Delivery,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  /** Waits for every acknowledged delivery to be published. */
  settled(): Promise<void>;
  /** Waits until `count` events of a kind were heard, and answers them. */
  waitForHeard<Kind extends GatewayEvent['kind']>(
    kind: Kind,
    count?: number,
  ): Promise<Array<Extract<GatewayEvent, { kind: Kind }>>>;
  /** `chatgraph_webhook_deliveries_total` by `vendor/outcome`. */
  deliveries(): Promise<Record<string, number>>;
}

/**
 * A sandbox-backed gateway whose vendors sign their webhooks (unless `secrets` says otherwise),
 * with its own live events, a subscriber to every account, and its log lines and metrics at hand.
 */
export async function startWebhookHarness(
  options: {
    secrets?: { onlyfansapi?: string; ofauth?: string };
    tokens?: GatewayTokenConfig[];
    publishes?: PublishQueue;
    maxBodyBytes?: number;
    /** Where message and event ids are remembered (a Redis one is shared by replicas). */
    dedupe?: DedupeStore;
    /**
     * Vendor answers kept across requests, as `npm start` keeps them: each event drops what it
     * made stale before it is published.
     */
    cache?: true | Partial<ResponseCacheOptions>;
  } = {},
): Promise<WebhookHarness> {
  const {
    secrets = { onlyfansapi: ONLYFANSAPI_SECRET, ofauth: OFAUTH_SECRET },
    tokens = [],
    publishes = new PublishQueue(),
    maxBodyBytes,
    dedupe,
  } = options;
  const destination = memoryDestination();
  const logger = createLogger({ level: 'debug', destination });
  const metrics = createMetrics({ defaultMetrics: false });
  // The cache is made with the gateway, after the events: bound when it exists.
  let dropStale: ((event: GatewayEvent) => Promise<void>) | undefined;
  const events = new LiveEvents(new MemoryEventBus(), dedupe, async (event) => dropStale?.(event));
  const harness = await startGatewayHarness({
    cache: options.cache,
    webhookSecrets: secrets,
    chatgraph: {
      tokens,
      events,
      webhooks: { publishes, metrics, logger, maxBodyBytes },
    },
  });
  const stopRecording = recordAccountStatus(events, harness.connectedAccounts);
  const stopDroppingStale = harness.cache
    ? dropStaleOnEvents(events, harness.cache, harness.connectedAccounts)
    : () => {};
  if (harness.cache) dropStale = dropStaleBeforePublish(harness.cache);
  const heard: GatewayEvent[] = [];
  const everyAccount = new Set(harness.connectedAccounts.byExternalId.keys());
  const subscription = events.subscribe(
    {
      kinds: new Set(['messageAdded', 'chatUpdated', 'connectedAccountUpdated'] as const),
      accounts: everyAccount,
    },
    { maxQueued: 1000 },
  );
  void (async () => {
    for await (const event of subscription) heard.push(event);
  })();
  return {
    ...harness,
    events,
    publishes,
    heard,
    logLines: destination.lines,
    async deliver(delivery, headers = {}) {
      const response = await harness.yoga.fetch(`http://chatgraph${delivery.path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(delivery.body)),
          ...delivery.headers,
          ...headers,
        },
        body: delivery.body,
      });
      return {
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
        headers: response.headers,
      };
    },
    settled: () => publishes.idle(),
    async waitForHeard(kind, count = 1) {
      const ofKind = () => heard.filter((event) => event.kind === kind);
      await vi.waitFor(
        () => {
          if (ofKind().length < count) throw new Error(`heard ${ofKind().length} ${kind}`);
        },
        { timeout: 10_000, interval: 10 },
      );
      // biome-ignore lint/suspicious/noExplicitAny: narrowed by kind above
      return ofKind() as any;
    },
    async deliveries() {
      const metric = await metrics.webhookDeliveries.get();
      return Object.fromEntries(
        metric.values.map(({ labels, value }) => [`${labels.vendor}/${labels.outcome}`, value]),
      );
    },
    async close() {
      stopRecording();
      stopDroppingStale();
      await publishes.idle();
      await events.close();
      await harness.close();
    },
  };
}
