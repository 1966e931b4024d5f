import { setTimeout as sleep } from 'node:timers/promises';
import { onAbort } from '../http/abort-listeners.ts';
import type {
  SandboxDeliveryFault,
  SandboxWebhookOptions,
  SandboxWebhookSecrets,
  SandboxWebhookStats,
  SandboxWebhookTargets,
} from './types.ts';
import type { WebhookEvent } from './webhook-events.ts';
import {
  generateWebhookSecrets,
  isSvixSecret,
  newEventId,
  onlyFansApiSignature,
  svixSignature,
} from './webhook-signing.ts';

/**
 * The vendors' webhook senders. Each event becomes one delivery, signed as its vendor signs it
 * and POSTed to the vendor's target; a non-2xx, a timeout or a refused connection is retried
 * after the next wait of `retryDelaysMs` with the same event id (Svix re-signs each attempt with
 * its own timestamp; OnlyFansAPI's body and signature stay the same). The target is read at each
 * attempt, so removing it stops the retries. At most `maxPending` deliveries exist at once,
 * queued, in flight or waiting: a new one past that drops the oldest, which is aborted.
 */

type Vendor = keyof SandboxWebhookSecrets;

const VENDORS: readonly Vendor[] = ['onlyfansapi', 'ofauth'];
const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 60_000];
const MAX_RETRIES = 10;
const STALE_SECONDS = 10 * 60;
const MAX_URL_LENGTH = 2_048;
const MAX_SECRET_LENGTH = 256;
const FAULT_KINDS: ReadonlySet<string> = new Set([
  'redeliver',
  'badSignature',
  'unsigned',
  'staleTimestamp',
]);

interface Delivery {
  vendor: Vendor;
  eventId: string;
  body: string;
  fault: SandboxDeliveryFault['kind'] | null;
  controller: AbortController;
}

interface ActiveFault {
  fault: SandboxDeliveryFault;
  remaining: number;
}

function emptyStats(): Omit<SandboxWebhookStats, 'pending'> {
  return {
    events: 0,
    attempted: 0,
    succeeded: 0,
    failed: 0,
    retried: 0,
    gaveUp: 0,
    dropped: 0,
  };
}

/**
 * Checks targets given over HTTP or in process: an http(s) URL, and a secret in the vendor's
 * form (`fallback`'s when none is given). Unknown vendors are refused.
 */
export function normalizeTargets(
  input: unknown,
  fallback: SandboxWebhookSecrets,
): SandboxWebhookTargets {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('webhooks must be an object of onlyfansapi and ofauth targets');
  }
  const targets: SandboxWebhookTargets = {};
  for (const [vendor, value] of Object.entries(input)) {
    if (!VENDORS.includes(vendor as Vendor)) throw new TypeError(`unknown vendor ${vendor}`);
    if (value === null) continue;
    const { url, secret } = (value ?? {}) as { url?: unknown; secret?: unknown };
    if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || !URL.canParse(url)) {
      throw new TypeError(`${vendor}.url must be an http(s) URL`);
    }
    if (!['http:', 'https:'].includes(new URL(url).protocol)) {
      throw new TypeError(`${vendor}.url must be an http(s) URL`);
    }
    const chosen = secret ?? fallback[vendor as Vendor];
    if (typeof chosen !== 'string' || chosen === '' || chosen.length > MAX_SECRET_LENGTH) {
      throw new TypeError(
        `${vendor}.secret must be a string of 1 to ${MAX_SECRET_LENGTH} characters`,
      );
    }
    if (vendor === 'ofauth' && !isSvixSecret(chosen)) {
      throw new TypeError('ofauth.secret must be whsec_<base64>');
    }
    targets[vendor as Vendor] = { url, secret: chosen };
  }
  return targets;
}

/** Checks a delivery fault given over HTTP or in process; `times` -1 means until cleared. */
export function normalizeDeliveryFault(input: unknown): SandboxDeliveryFault {
  if (typeof input !== 'object' || input === null) throw new TypeError('fault must be an object');
  const fault = input as Partial<SandboxDeliveryFault>;
  if (!FAULT_KINDS.has(fault.kind as string)) {
    throw new TypeError(`unknown delivery fault kind ${String(fault.kind)}`);
  }
  if (fault.vendor !== undefined && !VENDORS.includes(fault.vendor)) {
    throw new TypeError(`unknown vendor ${String(fault.vendor)}`);
  }
  if (fault.kind === 'staleTimestamp' && fault.vendor === 'onlyfansapi') {
    throw new TypeError('OnlyFansAPI deliveries carry no timestamp');
  }
  const times =
    fault.times === undefined ? 1 : fault.times === -1 ? Number.POSITIVE_INFINITY : fault.times;
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new TypeError('times must be a positive integer, -1 or Infinity');
  }
  return {
    kind: fault.kind as SandboxDeliveryFault['kind'],
    ...(fault.vendor === undefined ? {} : { vendor: fault.vendor }),
    times,
  };
}

export class WebhookDeliveries {
  /** The secrets a target takes when given none. */
  readonly secrets: SandboxWebhookSecrets;
  readonly #retryDelaysMs: readonly number[];
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  #targets: SandboxWebhookTargets = {};
  #faults: ActiveFault[] = [];
  /** In the order they were handed over: the first is the oldest. */
  readonly #pending = new Map<Delivery, Promise<void>>();
  #stats = emptyStats();
  #closed = false;

  constructor(options: SandboxWebhookOptions = {}) {
    this.secrets = { ...generateWebhookSecrets(), ...options.secrets };
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxPending = options.maxPending ?? 256;
    if (!(Number.isInteger(this.#maxPending) && this.#maxPending > 0)) {
      throw new TypeError('webhooks.maxPending must be a positive integer');
    }
    if (!(Number.isFinite(this.#timeoutMs) && this.#timeoutMs > 0)) {
      throw new TypeError('webhooks.timeoutMs must be a positive number');
    }
    if (
      this.#retryDelaysMs.length > MAX_RETRIES ||
      !this.#retryDelaysMs.every((delay) => Number.isFinite(delay) && delay >= 0)
    ) {
      throw new TypeError(
        `webhooks.retryDelaysMs must be at most ${MAX_RETRIES} waits of 0 ms or more`,
      );
    }
    this.setTargets(options.targets ?? {});
  }

  /** The targets, secrets included: for in-process callers only, never an HTTP answer. */
  get targets(): SandboxWebhookTargets {
    return structuredClone(this.#targets);
  }

  /** Replaces every target; a vendor left out delivers nothing from now on. */
  setTargets(targets: SandboxWebhookTargets): void {
    this.#targets = normalizeTargets(targets, this.secrets);
  }

  addFault(fault: SandboxDeliveryFault): void {
    const normalized = normalizeDeliveryFault(fault);
    this.#faults.push({ fault: normalized, remaining: normalized.times! });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  /**
   * Hands an event to delivery and answers its event id, or null when its vendor has no target
   * (or the sandbox is closing): nothing is delivered then.
   */
  deliver(event: WebhookEvent): string | null {
    if (this.#closed || this.#targets[event.vendor] === undefined) return null;
    const delivery: Delivery = {
      vendor: event.vendor,
      eventId: newEventId(event.vendor),
      body: JSON.stringify(event.body),
      fault: this.#takeFault(event.vendor),
      controller: new AbortController(),
    };
    this.#enqueue(delivery);
    return delivery.eventId;
  }

  stats(): SandboxWebhookStats {
    return { ...this.#stats, pending: this.#pending.size };
  }

  resetStats(): void {
    this.#stats = emptyStats();
  }

  /** Aborts every delivery and waits until none runs; later events are not delivered. */
  async close(): Promise<void> {
    this.#closed = true;
    const running = [...this.#pending];
    for (const [delivery] of running) delivery.controller.abort();
    await Promise.allSettled(running.map(([, done]) => done));
  }

  #enqueue(delivery: Delivery): void {
    while (this.#pending.size >= this.#maxPending) {
      const [oldest] = this.#pending.keys();
      oldest!.controller.abort();
      this.#pending.delete(oldest!);
      this.#stats.dropped += 1;
    }
    this.#stats.events += 1;
    this.#pending.set(delivery, this.#run(delivery));
  }

  #takeFault(vendor: Vendor): SandboxDeliveryFault['kind'] | null {
    const active = this.#faults.find(
      ({ fault }) =>
        (fault.vendor === undefined || fault.vendor === vendor) &&
        (fault.kind !== 'staleTimestamp' || vendor === 'ofauth'),
    );
    if (active === undefined) return null;
    active.remaining -= 1;
    if (active.remaining <= 0) this.#faults = this.#faults.filter((entry) => entry !== active);
    return active.fault.kind;
  }

  /** Attempts until a 2xx, the last retry, the target's removal or an abort. */
  async #run(delivery: Delivery): Promise<void> {
    const { signal } = delivery.controller;
    try {
      for (let attempt = 0; ; attempt += 1) {
        if (attempt > 0) await sleep(this.#retryDelaysMs[attempt - 1], undefined, { signal });
        const target = this.#targets[delivery.vendor];
        if (target === undefined) {
          this.#stats.gaveUp += 1;
          return;
        }
        if (attempt > 0) this.#stats.retried += 1;
        this.#stats.attempted += 1;
        if (await this.#attempt(delivery, target.url, target.secret)) {
          this.#stats.succeeded += 1;
          if (delivery.fault === 'redeliver') {
            this.#enqueue({ ...delivery, fault: null, controller: new AbortController() });
          }
          return;
        }
        this.#stats.failed += 1;
        if (attempt >= this.#retryDelaysMs.length) {
          this.#stats.gaveUp += 1;
          return;
        }
      }
    } catch (error) {
      // Dropped or closed: nothing more to do. Anything else is a bug worth seeing.
      if (!signal.aborted) throw error;
    } finally {
      this.#pending.delete(delivery);
    }
  }

  /** One POST; true on a 2xx. Throws only when the delivery is aborted. */
  async #attempt(delivery: Delivery, url: string, secret: string): Promise<boolean> {
    const { signal } = delivery.controller;
    // The attempt's own time limit: a timer held here and cleared after, not AbortSignal.timeout
    // inside AbortSignal.any, whose timer may be collected with the signal and then never fire
    // (an attempt to a receiver that never answers would then wait for ever).
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(), this.#timeoutMs);
    const stopFollowing = onAbort(signal, () => attempt.abort(signal.reason));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: this.#headers(delivery, secret),
        body: delivery.body,
        redirect: 'manual',
        signal: attempt.signal,
      });
      // The answer's body tells a vendor nothing: it is not read.
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      if (signal.aborted) throw error;
      return false;
    } finally {
      clearTimeout(timer);
      stopFollowing();
    }
  }

  #headers(delivery: Delivery, secret: string): Record<string, string> {
    const { vendor, eventId, body, fault } = delivery;
    // A secret the receiver does not know, in the vendor's form.
    const signingSecret = fault === 'badSignature' ? generateWebhookSecrets()[vendor] : secret;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (vendor === 'onlyfansapi') {
      headers['x-ofapi-idempotency-key'] = eventId;
      if (fault !== 'unsigned') headers.signature = onlyFansApiSignature(signingSecret, body);
      return headers;
    }
    const timestamp =
      Math.floor(Date.now() / 1000) - (fault === 'staleTimestamp' ? STALE_SECONDS : 0);
    headers['svix-id'] = eventId;
    headers['svix-timestamp'] = String(timestamp);
    if (fault !== 'unsigned') {
      headers['svix-signature'] = svixSignature(signingSecret, eventId, timestamp, body);
    }
    return headers;
  }
}
