import type { IncomingMessage } from 'node:http';
import { normalizeFault } from './controls.ts';
import type { SandboxServerState } from './server.ts';

/**
 * `/_sandbox/...`: the same controls as the in-process API, for a benchmark or a frontend team
 * driving the sandbox from another process. No authentication: the sandbox binds to 127.0.0.1.
 */

interface ControlAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function reply(status: number, body: unknown): ControlAnswer {
  return { status, headers: {}, body: JSON.stringify(body) };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

/** `POST /_sandbox/accounts/{handle}/session` `{expired: boolean}`. */
async function setSession(
  state: SandboxServerState,
  handle: string,
  request: IncomingMessage,
): Promise<ControlAnswer> {
  const { expired } = (await readJson(request)) as { expired?: unknown };
  if (typeof expired !== 'boolean') return reply(400, { error: 'expired must be a boolean' });
  if (!state.dataset.accounts.some((account) => account.handle === handle)) {
    return reply(404, { error: `No account ${handle}` });
  }
  state.controls.setSessionExpired(handle, expired);
  return reply(200, { ok: true, handle, expired });
}

export async function handleControlRoute(
  state: SandboxServerState,
  request: IncomingMessage,
  url: URL,
): Promise<ControlAnswer> {
  const { controls, dataset } = state;
  const route = `${request.method} ${url.pathname}`;
  try {
    switch (route) {
      case 'GET /_sandbox/health':
        return reply(200, { status: 'ok', seed: dataset.seed, totals: dataset.totals });
      case 'GET /_sandbox/stats':
        return reply(200, controls.stats());
      case 'POST /_sandbox/reset':
        controls.resetStats();
        return reply(200, { ok: true });
      case 'POST /_sandbox/faults':
        controls.addFault(normalizeFault(await readJson(request)));
        return reply(201, { ok: true });
      case 'DELETE /_sandbox/faults':
        controls.clearFaults();
        return reply(200, { ok: true });
      case 'PUT /_sandbox/latency': {
        const { ms } = (await readJson(request)) as { ms?: unknown };
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
          return reply(400, { error: 'ms must be a non-negative number' });
        }
        controls.latencyMs = ms;
        return reply(200, { ok: true, latencyMs: ms });
      }
      default: {
        const session = /^POST \/_sandbox\/accounts\/([^/]+)\/session$/.exec(route);
        if (session) return setSession(state, decodeURIComponent(session[1]!), request);
        return reply(404, { error: `No control route ${route}` });
      }
    }
  } catch (error) {
    return reply(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
