import type { ErrorCode } from '../errors/error-codes.ts';
import type { WebhookVerdict } from '../vendors/contract.ts';

/**
 * How a webhook delivery ended, as metrics label it: taken (`accepted`), acknowledged without
 * publishing (`duplicate`, `unknown_event`), or refused.
 */
export type DeliveryOutcome =
  | 'accepted'
  | 'duplicate'
  | 'unknown_event'
  | 'bad_signature'
  | 'stale'
  | 'malformed'
  | 'too_large'
  | 'not_configured'
  | 'busy';

/** A refused delivery: its outcome, and the code and message it is answered with. */
export interface DeliveryRefusal {
  outcome: Exclude<DeliveryOutcome, 'accepted' | 'duplicate' | 'unknown_event'>;
  code: ErrorCode;
  message: string;
}

export const NOT_CONFIGURED = (configKey: string): DeliveryRefusal => ({
  outcome: 'not_configured',
  code: 'WEBHOOK_NOT_CONFIGURED',
  message: `Webhook deliveries are not taken here: the gateway has no vendors.${configKey}.webhookSecret.`,
});

export const TOO_LARGE = (maxBytes: number): DeliveryRefusal => ({
  outcome: 'too_large',
  code: 'PAYLOAD_TOO_LARGE',
  message: `The delivery's body exceeds ${maxBytes} bytes.`,
});

export const BAD_LENGTH: DeliveryRefusal = {
  outcome: 'malformed',
  code: 'BAD_REQUEST',
  message: 'The Content-Length header is not a byte count.',
};

export const NOT_JSON: DeliveryRefusal = {
  outcome: 'malformed',
  code: 'WEBHOOK_MALFORMED',
  message: "The delivery's body is not JSON.",
};

export const BUSY: DeliveryRefusal = {
  outcome: 'busy',
  code: 'WEBHOOK_BUSY',
  message: 'Too many deliveries are being published: deliver this one again later.',
};

/** The refusal a failed signature check is answered with; the message names no secret. */
export function refusalOfVerdict(
  reason: Extract<WebhookVerdict, { ok: false }>['reason'],
): DeliveryRefusal {
  switch (reason) {
    case 'stale-timestamp':
      return {
        outcome: 'stale',
        code: 'WEBHOOK_TIMESTAMP_STALE',
        message: "The delivery's timestamp is too far from the gateway's clock.",
      };
    case 'missing-signature':
      return {
        outcome: 'bad_signature',
        code: 'WEBHOOK_SIGNATURE_INVALID',
        message: 'The delivery carries no signature.',
      };
    case 'malformed':
      return {
        outcome: 'bad_signature',
        code: 'WEBHOOK_SIGNATURE_INVALID',
        message: "The delivery's signature headers are malformed.",
      };
    case 'bad-signature':
      return {
        outcome: 'bad_signature',
        code: 'WEBHOOK_SIGNATURE_INVALID',
        message: "The delivery's signature does not match.",
      };
  }
}
