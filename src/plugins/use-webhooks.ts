import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from '../errors/coded-errors.ts';
import type { DedupeStore } from '../events/dedupe-store.ts';
import type { LiveEvents } from '../events/live-events.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import type { ChatgraphMetrics } from '../observability/metrics.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import { type DeliveryOutcome, NOT_CONFIGURED } from '../webhooks/delivery-outcome.ts';
import { PublishQueue } from '../webhooks/publish-queue.ts';
import { webhookPaths } from '../webhooks/webhook-paths.ts';
import { WebhookReceiver } from '../webhooks/webhook-receiver.ts';

export interface WebhooksOptions {
  /** Every configured account; each vendor's `webhooks` come from its vendor adapter. */
  connectedAccounts: ConnectedAccounts;
  /** Where the deliveries' events are announced. */
  events: LiveEvents;
  /**
   * Where vendors' event ids are remembered (24 h), so a redelivery publishes nothing. Replicas
   * must share one (Redis) for a redelivery landing on another replica to be dropped.
   * @default events.dedupe
   */
  dedupe?: DedupeStore;
  /**
   * Largest delivery body, in bytes (`limits.maxWebhookBodyBytes`): refused by its
   * Content-Length, or as it streams, with 413 `PAYLOAD_TOO_LARGE`.
   * @default 262144
   */
  maxBodyBytes?: number;
  /**
   * The publishes of acknowledged deliveries, bounded; shutdown waits for `idle()`.
   * @default new PublishQueue() (1000 in flight)
   */
  publishes?: PublishQueue;
  /** Counts deliveries by vendor and outcome. @default none */
  metrics?: ChatgraphMetrics;
  /** Refusals (warn) and failed publishes (error), never with a body or a header value. @default silent */
  logger?: Logger;
}

const ACKNOWLEDGED = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/**
 * Serves the vendors' webhook paths (`POST /webhooks/onlyfansapi`, `POST /webhooks/ofauth`)
 * before gateway authentication: vendors send no bearer token, every delivery is authenticated
 * by its signature instead (see WebhookReceiver). A vendor without a `webhookSecret` has its path
 * closed: 404 `WEBHOOK_NOT_CONFIGURED`. Every other path goes on to authentication.
 */
export function useWebhooks(options: WebhooksOptions): Plugin {
  const {
    connectedAccounts,
    events,
    dedupe = events.dedupe,
    maxBodyBytes = 262_144,
    metrics,
    logger = createLogger({ level: 'silent' }),
  } = options;
  const publishes =
    options.publishes ??
    new PublishQueue({
      onError: (error) => logger.error({ err: error }, 'webhook events not published'),
    });
  const paths = webhookPaths(connectedAccounts);
  const receivers = new Map(
    [...paths.values()].flatMap(({ path, vendor, webhooks }) => {
      if (webhooks === null) return [];
      const observe = (outcome: DeliveryOutcome) =>
        metrics?.webhookDeliveries.inc({ vendor, outcome });
      const receiver = new WebhookReceiver({
        vendor,
        webhooks,
        connectedAccounts,
        events,
        dedupe,
        publishes,
        maxBodyBytes,
        observe,
        logger,
      });
      return [[path, receiver] as const];
    }),
  );
  return {
    async onRequest({ url, request, fetchAPI, endResponse }) {
      const entry = paths.get(url.pathname);
      if (entry === undefined) return;
      if (request.method !== 'POST') {
        endResponse(
          refusalResponse(fetchAPI, 'METHOD_NOT_ALLOWED', 'Webhook deliveries are POSTed.', {
            allow: 'POST',
          }),
        );
        return;
      }
      const receiver = receivers.get(entry.path);
      if (receiver === undefined) {
        const { outcome, code, message } = NOT_CONFIGURED(entry.configKey);
        metrics?.webhookDeliveries.inc({ vendor: entry.vendor, outcome });
        logger.warn(
          { vendor: entry.vendor, path: entry.path, outcome, code },
          `webhook delivery refused: ${message}`,
        );
        endResponse(refusalResponse(fetchAPI, code, message));
        return;
      }
      const answer = await receiver.receive(request);
      if ('refused' in answer) {
        const { code, message } = answer.refused;
        const headers: Record<string, string> =
          code === 'WEBHOOK_BUSY' ? { 'retry-after': '5' } : {};
        endResponse(refusalResponse(fetchAPI, code, message, headers));
        return;
      }
      endResponse(
        new fetchAPI.Response(JSON.stringify({ ok: true, outcome: answer.acknowledged }), {
          status: 200,
          headers: ACKNOWLEDGED,
        }),
      );
    },
  };
}
