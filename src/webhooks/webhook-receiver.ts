import type { Logger } from 'pino';
import type { Vendor } from '../domain.ts';
import type { DedupeStore } from '../events/dedupe-store.ts';
import type { LiveEvents } from '../events/live-events.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { VendorEvent, VendorWebhooks } from '../vendors/contract.ts';
import {
  BAD_LENGTH,
  BUSY,
  type DeliveryOutcome,
  type DeliveryRefusal,
  NOT_JSON,
  refusalOfVerdict,
  TOO_LARGE,
} from './delivery-outcome.ts';
import { configuredEvents, gatewayEventsOf } from './gateway-events-of.ts';
import type { PublishQueue } from './publish-queue.ts';
import { readWebhookBody } from './read-webhook-body.ts';

/** How long a vendor's event id is remembered: longer than any vendor redelivers an event. */
export const WEBHOOK_EVENT_TTL_MS = 24 * 60 * 60 * 1000;

export interface WebhookReceiverOptions {
  vendor: Vendor;
  webhooks: VendorWebhooks;
  /** Every configured account (not a caller's view): deliveries name any of them. */
  connectedAccounts: ConnectedAccounts;
  events: LiveEvents;
  /** Where event ids are remembered, so a redelivery is answered without publishing again. */
  dedupe: DedupeStore;
  publishes: PublishQueue;
  maxBodyBytes: number;
  observe: (outcome: DeliveryOutcome) => void;
  logger: Logger;
}

/** What the receiver answers: a refusal, or an acknowledgement naming what came of it. */
export type ReceiverAnswer =
  | { refused: DeliveryRefusal }
  | { acknowledged: 'accepted' | 'duplicate' | 'unknown_event' };

/**
 * One vendor's webhook deliveries, from raw request to published events. The answer comes once
 * the delivery is verified (on its raw bytes, before anything parses them), parsed, and found
 * not to be a redelivery; its events are completed and published after the answer, so a vendor
 * hears back within milliseconds. A refusal publishes nothing, and is logged and counted without
 * the body or any header value.
 */
export class WebhookReceiver {
  readonly #options: WebhookReceiverOptions;

  constructor(options: WebhookReceiverOptions) {
    this.#options = options;
  }

  async receive(request: Request): Promise<ReceiverAnswer> {
    const answer = await this.#receive(request);
    const { vendor, webhooks, observe, logger } = this.#options;
    if ('refused' in answer) {
      const { outcome, code, message } = answer.refused;
      observe(outcome);
      logger.warn(
        { vendor, path: webhooks.path, outcome, code },
        `webhook delivery refused: ${message}`,
      );
    } else {
      observe(answer.acknowledged);
      logger.debug(
        { vendor, path: webhooks.path, outcome: answer.acknowledged },
        'webhook delivery acknowledged',
      );
    }
    return answer;
  }

  async #receive(request: Request): Promise<ReceiverAnswer> {
    const { vendor, webhooks, connectedAccounts, dedupe, publishes, maxBodyBytes } = this.#options;
    const body = await readWebhookBody(request, maxBodyBytes);
    if (!body.ok) {
      return { refused: body.reason === 'too-large' ? TOO_LARGE(maxBodyBytes) : BAD_LENGTH };
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const verdict = webhooks.verify({ headers, rawBody: body.bytes });
    if (!verdict.ok) return { refused: refusalOfVerdict(verdict.reason) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
    } catch {
      return { refused: NOT_JSON };
    }
    // Checked before the event id is remembered: a delivery refused now is delivered again.
    if (publishes.full) return { refused: BUSY };
    if (
      verdict.eventId !== null &&
      !(await dedupe.firstSighting(`webhook:${vendor}:${verdict.eventId}`, WEBHOOK_EVENT_TTL_MS))
    ) {
      return { acknowledged: 'duplicate' };
    }
    const events = configuredEvents(this.#normalize(parsed), vendor, connectedAccounts);
    if (events.length === 0) return { acknowledged: 'unknown_event' };
    publishes.run(() => this.#publish(events));
    return { acknowledged: 'accepted' };
  }

  /** The delivery's events; a reader that throws (a bug) tells none, and is logged. */
  #normalize(body: unknown): VendorEvent[] {
    try {
      return this.#options.webhooks.normalize(body);
    } catch (error) {
      this.#options.logger.error(
        { vendor: this.#options.vendor, err: error },
        'webhook delivery could not be read',
      );
      return [];
    }
  }

  async #publish(events: readonly VendorEvent[]): Promise<void> {
    const { connectedAccounts, events: live, logger, vendor } = this.#options;
    const gatewayEvents = await gatewayEventsOf(events, connectedAccounts, (message) =>
      logger.warn({ vendor }, message),
    );
    await live.announce(gatewayEvents);
  }
}
