import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DeadlineCutoff } from '../http/deadline.ts';
import type { Logger } from '../observability/logger.ts';

export interface DrainOptions {
  /**
   * Longest the requests in flight may take to finish, in milliseconds; then their connections
   * are closed.
   * @default 10000
   */
  graceMs?: number;
  /**
   * The cut-off of the requests' deadlines (the one given to `createChatgraph`): brought forward
   * to the end of the grace period less a margin for writing the answers, so that requests still
   * waiting for vendors answer (unfinished fields with `UPSTREAM_TIMEOUT`) instead of being cut.
   */
  cutoff?: DeadlineCutoff;
}

/** Of a grace period, what is kept for writing the answers of the requests cut short. */
export function answerMarginMs(graceMs: number): number {
  return Math.min(1_000, graceMs / 2);
}

export interface DrainResult {
  /** Requests that were still running when the grace period ran out (their sockets were cut). */
  abandoned: number;
}

/**
 * Tracks a server's requests in flight, so that {@link drainServer} knows what it waits for.
 * Call once, right after creating the server.
 */
export function trackInFlight(server: Server): Set<ServerResponse> {
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  return inFlight;
}

/**
 * Stops a server gracefully: it stops accepting connections at once (new ones are refused),
 * closes idle keep-alive connections, lets the requests in flight finish (each answered with
 * `Connection: close`, so no connection outlives its request), shortens their deadlines to the
 * grace period (see `cutoff`) and, when the grace period runs out, cuts the connections still
 * open.
 */
export async function drainServer(
  server: Server,
  inFlight: Set<ServerResponse>,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const { graceMs = 10_000, cutoff } = options;
  cutoff?.cutAt(Date.now() + graceMs - answerMarginMs(graceMs));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const closeAfterResponse = (_request: IncomingMessage, response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close');
  };
  // Requests that arrive on connections opened before the stop still get an answer, and then
  // the connection closes.
  server.on('request', closeAfterResponse);
  for (const response of inFlight) closeAfterResponse(response.req, response);
  server.closeIdleConnections();

  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'grace over'>((resolve) => {
    timer = setTimeout(() => resolve('grace over'), graceMs);
  });
  const outcome = await Promise.race([closed.then(() => 'drained' as const), graceOver]);
  clearTimeout(timer);
  const abandoned = outcome === 'grace over' ? inFlight.size : 0;
  if (outcome === 'grace over') {
    server.closeAllConnections();
    await closed;
  }
  server.off('request', closeAfterResponse);
  return { abandoned };
}

export interface ShutdownOptions {
  logger: Logger;
  /** How long the requests in flight may take to finish once a signal came, in milliseconds. */
  graceMs: number;
}

/**
 * The process's end: on SIGTERM or SIGINT it stops accepting connections, lets the requests in
 * flight finish (up to the grace period; see {@link drainServer}), closes what the process
 * opened and exits 0. A second signal cuts every connection at once.
 */
export class Shutdown {
  /**
   * The cut-off of every request's deadline (give it to `createChatgraph`): brought forward on
   * shutdown, so requests still running answer before the grace period ends.
   */
  readonly deadlineCutoff = new DeadlineCutoff();
  #stopping = false;

  constructor(private readonly options: ShutdownOptions) {}

  /** True from the first signal on: the instance is no longer ready for traffic. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * Stops `server` on the signals; call it right after making the server, before it listens.
   * `close` runs once the server is drained (vendor pools, the sandbox, tracing).
   */
  onSignals(server: Server, close: () => Promise<void>): void {
    const { logger, graceMs } = this.options;
    const inFlight = trackInFlight(server);
    const stop = async (signal: NodeJS.Signals) => {
      if (this.#stopping) {
        logger.warn({ signal }, 'second signal: closing every connection now');
        server.closeAllConnections();
        return;
      }
      this.#stopping = true;
      // Whatever hangs past the grace period and a margin for closing, the process still ends.
      setTimeout(() => {
        logger.error('shutdown did not finish in time: exiting');
        process.exit(1);
      }, graceMs + 10_000).unref();
      logger.info(
        { signal, graceMs, inFlight: inFlight.size },
        'shutting down: no new connections, waiting for the requests in flight',
      );
      const { abandoned } = await drainServer(server, inFlight, {
        graceMs,
        cutoff: this.deadlineCutoff,
      });
      if (abandoned > 0) {
        logger.warn({ abandoned }, 'grace period over: cut the requests still running');
      }
      await close();
      logger.info('stopped');
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
}
