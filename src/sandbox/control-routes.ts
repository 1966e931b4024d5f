import type { IncomingMessage } from 'node:http';
import { normalizeFault } from './controls.ts';
import type { SandboxServerState } from './server.ts';
import { readSimulateInput, SimulateError, simulateFanMessage } from './simulate-message.ts';
import type { SandboxStats } from './types.ts';
import { normalizeDeliveryFault, normalizeTargets } from './webhook-deliveries.ts';
import { sessionWebhook } from './webhook-events.ts';

/**
 * `/_sandbox/...`: the same controls as the in-process API, for a benchmark or a frontend team
 * driving the sandbox from another process. No authentication: the sandbox binds to 127.0.0.1.
 */

interface ControlAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A control body is a few hundred bytes; anything far larger is a mistake. */
const CONTROL_BODY_LIMIT_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

function reply(status: number, body: unknown): ControlAnswer {
  return { status, headers: {}, body: JSON.stringify(body) };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > CONTROL_BODY_LIMIT_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the body, which may hold a secret.
    throw new TypeError('the body must be valid JSON');
  }
}

/**
 * Marks an account's session expired or working again; when that changes it, its vendor
 * delivers the session webhook. Answers false for an unknown handle.
 */
export function changeSession(
  state: SandboxServerState,
  handle: string,
  expired: boolean,
): boolean {
  const account = state.dataset.account(handle);
  if (account === undefined) return false;
  if (state.controls.setSessionExpired(handle, expired)) {
    state.deliveries.deliver(sessionWebhook(account, expired));
  }
  return true;
}

/** `POST /_sandbox/accounts/{handle}/session` `{expired: boolean}`. */
async function setSession(
  state: SandboxServerState,
  handle: string,
  request: IncomingMessage,
): Promise<ControlAnswer> {
  const { expired } = (await readJson(request)) as { expired?: unknown };
  if (typeof expired !== 'boolean') return reply(400, { error: 'expired must be a boolean' });
  if (!changeSession(state, handle, expired)) return reply(404, { error: `No account ${handle}` });
  return reply(200, { ok: true, handle, expired });
}

/** The counters of the vendor routes and of the webhook deliveries. */
export function sandboxStats(state: SandboxServerState): SandboxStats {
  return { ...state.controls.stats(), webhooks: state.deliveries.stats() };
}

/** Where each vendor delivers, without its secret: only whether it is the generated one. */
function webhooksView(state: SandboxServerState) {
  const { targets, secrets } = state.deliveries;
  const view = (vendor: 'onlyfansapi' | 'ofauth') => {
    const target = targets[vendor];
    if (target === undefined) return null;
    return { url: target.url, secret: target.secret === secrets[vendor] ? 'generated' : 'given' };
  };
  return { onlyfansapi: view('onlyfansapi'), ofauth: view('ofauth') };
}

/** `POST /_sandbox/simulate/message`: 201 with the message's ids, or a coded refusal. */
async function simulate(state: SandboxServerState, request: IncomingMessage) {
  let body: unknown;
  try {
    body = await readJson(request);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw error;
    return reply(400, { error: (error as Error).message, code: 'invalid_request' });
  }
  try {
    return reply(201, simulateFanMessage(state, readSimulateInput(body)));
  } catch (error) {
    if (!(error instanceof SimulateError)) throw error;
    return reply(error.status, { error: error.message, code: error.code });
  }
}

export async function handleControlRoute(
  state: SandboxServerState,
  request: IncomingMessage,
  url: URL,
): Promise<ControlAnswer> {
  const { controls, dataset, deliveries } = state;
  const route = `${request.method} ${url.pathname}`;
  try {
    switch (route) {
      case 'GET /_sandbox/health':
        return reply(200, { status: 'ok', seed: dataset.seed, totals: dataset.totals });
      case 'GET /_sandbox/stats':
        return reply(200, sandboxStats(state));
      case 'POST /_sandbox/reset':
        controls.resetStats();
        deliveries.resetStats();
        return reply(200, { ok: true });
      case 'POST /_sandbox/faults':
        controls.addFault(normalizeFault(await readJson(request)));
        return reply(201, { ok: true });
      case 'DELETE /_sandbox/faults':
        controls.clearFaults();
        deliveries.clearFaults();
        return reply(200, { ok: true });
      case 'PUT /_sandbox/latency': {
        const { ms } = (await readJson(request)) as { ms?: unknown };
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
          return reply(400, { error: 'ms must be a non-negative number' });
        }
        controls.latencyMs = ms;
        return reply(200, { ok: true, latencyMs: ms });
      }
      case 'GET /_sandbox/webhooks':
        return reply(200, webhooksView(state));
      case 'PUT /_sandbox/webhooks':
        deliveries.setTargets(normalizeTargets(await readJson(request), deliveries.secrets));
        return reply(200, webhooksView(state));
      case 'DELETE /_sandbox/webhooks':
        deliveries.setTargets({});
        return reply(200, webhooksView(state));
      case 'POST /_sandbox/webhooks/faults':
        deliveries.addFault(normalizeDeliveryFault(await readJson(request)));
        return reply(201, { ok: true });
      case 'DELETE /_sandbox/webhooks/faults':
        deliveries.clearFaults();
        return reply(200, { ok: true });
      case 'POST /_sandbox/simulate/message':
        return await simulate(state, request);
      default: {
        const session = /^POST \/_sandbox\/accounts\/([^/]+)\/session$/.exec(route);
        if (session) return await setSession(state, decodeURIComponent(session[1]!), request);
        return reply(404, { error: `No control route ${route}` });
      }
    }
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return reply(413, { error: `a control body is at most ${CONTROL_BODY_LIMIT_BYTES} bytes` });
    }
    return reply(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
