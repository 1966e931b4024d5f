/**
 * The public face of the vendor sandbox: options, fault scripts and counters. Tests, the
 * benchmark and sandbox mode of `npm start` all drive the sandbox through these shapes, in process
 * or over its HTTP control routes (`/_sandbox/...`).
 */

/** Every vendor route the sandbox serves, by name. Counters and faults are keyed by these. */
export const SANDBOX_ROUTES = [
  'onlyfansapi.accounts', // GET /api/accounts
  'onlyfans.chats', // GET /api/{account}/chats
  'onlyfans.messages', // GET /api/{account}/chats/{chat_id}/messages
  'onlyfans.users', // GET /api/{account}/users/list
  'fansly.accounts', // GET /api/fansly/accounts
  'fansly.chats', // GET /api/fansly/{acct}/chats
  'fansly.messages', // GET /api/fansly/{acct}/chats/{chat_id}/messages
  'fansly.accountMedia', // GET /api/fansly/{acct}/account-media/{ids}
  'fansly.users', // GET /api/fansly/{acct}/users/{usernames}
  'ofauth.connections', // GET /v2/account/connections
  'ofauth.chats', // GET /v2/access/chats
  'ofauth.messages', // GET /v2/access/chats/{userId}/messages
  'ofauth.users', // GET /v2/access/users/list
  // Writes: they change the dataset, so later reads see them.
  'onlyfans.sendMessage', // POST /api/{account}/chats/{chat_id}/messages
  'onlyfans.deleteMessage', // DELETE /api/{account}/chats/{chat_id}/messages/{message_id}
  'onlyfans.markRead', // POST /api/{account}/chats/{chat_id}/mark-as-read
  'fansly.sendMessage', // POST /api/fansly/{acct}/chats/{chat_id}/messages
  'fansly.ack', // POST /api/fansly/{acct}/chats/{chat_id}/messages/ack
  'ofauth.sendMessage', // POST /v2/access/chats/{userId}/messages
  'ofauth.deleteMessage', // DELETE /v2/access/chats/{userId}/messages/{messageId}
] as const;

export type SandboxRoute = (typeof SANDBOX_ROUTES)[number];

export interface SandboxOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Seed of the generated dataset; the same seed always gives the same data. @default 1 */
  seed?: number;
  /** Added latency per vendor request, in milliseconds. @default 0 */
  latencyMs?: number;
  /**
   * Count calls against the rate-limit allowance the sandbox reports (`_meta._rate_limits`,
   * `X-RateLimit-*`). Off, every answer reports a full allowance: for load tests, which would
   * otherwise measure the allowance rather than the client.
   * @default true
   */
  meterRateLimits?: boolean;
  /** The API keys the sandbox accepts. @default SANDBOX_KEYS */
  keys?: { onlyfansapi?: string; ofauth?: string };
  /**
   * Handles to give the six connected accounts, in dataset order (OnlyFansAPI · OnlyFans twice,
   * OnlyFansAPI · Fansly twice, OFAuth twice); a missing entry keeps the generated one. Vendor
   * ids are opaque: this serves any handle a vendor may issue. The data stays the same.
   * @default []
   */
  handles?: ReadonlyArray<string | undefined>;
  /** Where and how the sandbox delivers the vendors' webhooks. @default no targets */
  webhooks?: SandboxWebhookOptions;
  /**
   * Fans write on their own: every `intervalMs` a random fan of a random account sends a message,
   * through the same path as `POST /_sandbox/simulate/message`. Seeded by `seed`.
   * @default off
   */
  live?: { intervalMs: number };
}

/** Where one vendor delivers its webhooks, and the secret it signs them with. */
export interface SandboxWebhookTarget {
  url: string;
  /** OnlyFansAPI: any string; OFAuth: `whsec_<base64>` (Svix's form). */
  secret: string;
}

export type SandboxWebhookTargets = Partial<Record<'onlyfansapi' | 'ofauth', SandboxWebhookTarget>>;

/** The signing secret of each vendor's webhooks. */
export interface SandboxWebhookSecrets {
  onlyfansapi: string;
  ofauth: string;
}

export interface SandboxWebhookOptions {
  /** Where each vendor delivers; a vendor without one delivers nothing. @default {} */
  targets?: SandboxWebhookTargets;
  /**
   * The secrets a target takes when it is given none (`PUT /_sandbox/webhooks` without
   * `secret`), and that sandbox mode puts in the gateway's config.
   * @default generated at random on every start
   */
  secrets?: Partial<SandboxWebhookSecrets>;
  /**
   * The waits before each retry of a delivery answered with a non-2xx, not answered within
   * `timeoutMs` or not connected; one attempt more than waits.
   * @default [1000, 5000, 30000, 60000]
   */
  retryDelaysMs?: readonly number[];
  /** How long an attempt may take before it counts as failed (the vendors' 10 s). @default 10000 */
  timeoutMs?: number;
  /** Deliveries queued, in flight or waiting for a retry; past it the oldest is dropped. @default 256 */
  maxPending?: number;
}

/**
 * A scripted delivery failure: it applies to the next `times` deliveries (of `vendor`, when
 * given), on every attempt of each.
 * - `redeliver`: once answered 2xx, the same event (same event id) is delivered again.
 * - `badSignature`: signed with another secret.
 * - `unsigned`: no signature header.
 * - `staleTimestamp`: OFAuth only: signed correctly with a timestamp ten minutes old.
 */
export interface SandboxDeliveryFault {
  vendor?: 'onlyfansapi' | 'ofauth';
  kind: 'redeliver' | 'badSignature' | 'unsigned' | 'staleTimestamp';
  /** @default 1; `Infinity` (or -1 over HTTP) until cleared. */
  times?: number;
}

/**
 * Webhook delivery counters. Every attempt ends `succeeded` (a 2xx) or `failed` (another status,
 * a timeout, no connection); `attempted` also counts those in flight.
 */
export interface SandboxWebhookStats {
  /** Events handed to delivery (a redelivery counts again). */
  events: number;
  attempted: number;
  succeeded: number;
  failed: number;
  /** Attempts after the first of their delivery. */
  retried: number;
  /** Deliveries abandoned after their last attempt failed. */
  gaveUp: number;
  /** Deliveries dropped, oldest first, to keep within `maxPending`. */
  dropped: number;
  /** Deliveries queued, in flight or waiting for a retry now. */
  pending: number;
}

/** The keys the sandbox accepts unless told otherwise. */
export const SANDBOX_KEYS = {
  onlyfansapi: 'ofapi_sandbox_key_7f3e9c1a',
  ofauth: 'ofauth_sandbox_key_2b8d4e6f',
} as const;

/**
 * A scripted failure. It applies to the next `times` requests that match `route` (and
 * `externalId` when given), after authentication, in place of the normal answer.
 * - `status`: answer `status` with the vendor's error body (or `body`), `Retry-After` if given.
 * - `hang`: send nothing until the client gives up (or the sandbox closes).
 * - `malformed`: 200 with a body that is not JSON.
 * - `truncate`: 200, headers and half the body, then the connection is destroyed.
 * Writes only (a write under `status`, `hang`, `malformed` or `truncate` is not applied):
 * - `statusAfterWrite`: the write is applied, then `status` (default 500) is answered: the
 *   caller cannot tell whether it happened. An `Idempotency-Key` sent with it remembers the
 *   success, so a retry with the key answers the message without sending it again.
 * - `hangAfterWrite`: the write is applied, then nothing is answered.
 * - `notSent`: `status` (default 503) with the vendor's error body plus
 *   `"request_outcome": "not_sent"`; nothing is applied.
 */
export interface SandboxFault {
  route: SandboxRoute | '*';
  externalId?: string;
  kind:
    | 'status'
    | 'hang'
    | 'malformed'
    | 'truncate'
    | 'statusAfterWrite'
    | 'hangAfterWrite'
    | 'notSent';
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  body?: unknown;
  /** How many matching requests fail. @default 1; `Infinity` (or -1 over HTTP) until cleared. */
  times?: number;
}

export interface SandboxRouteStats {
  /** Requests that reached the route (including failed ones). */
  calls: number;
  /** Credits charged (OnlyFansAPI: 1 per successful uncached call, writes and replays included). */
  credits: number;
  /** Calls per connected account handle (`acct_…`, `fansly_acct_…`, `conn_…`). */
  byAccount: Record<string, number>;
}

export interface SandboxStats {
  routes: Record<SandboxRoute, SandboxRouteStats>;
  totalCalls: number;
  totalCredits: number;
  webhooks: SandboxWebhookStats;
}
