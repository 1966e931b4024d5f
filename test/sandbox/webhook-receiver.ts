import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** One POST the receiver got: as the gateway's verify functions take it, and parsed. */
export interface ReceivedDelivery {
  path: string;
  headers: Record<string, string | undefined>;
  rawBody: Uint8Array;
  // biome-ignore lint/suspicious/noExplicitAny: vendor JSON is inspected loosely in tests.
  body: any;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Every delivery so far, in arrival order. */
  deliveries: ReceivedDelivery[];
  /** The statuses to answer next, one per delivery, then 200. */
  answerNext(...statuses: number[]): void;
  /** While on, deliveries get no answer at all (until turned off or closed). */
  hang(on: boolean): void;
  /** Resolves once `count` deliveries match; fails after `timeoutMs`. */
  waitFor(
    count: number,
    match?: (delivery: ReceivedDelivery) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedDelivery[]>;
  clear(): void;
  close(): Promise<void>;
}

/** A plain HTTP server standing in for the gateway's webhook endpoints. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  const statuses: number[] = [];
  const held = new Set<ServerResponse>();
  let hanging = false;
  const waiters = new Set<() => void>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = new Uint8Array(Buffer.concat(chunks));
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : value,
        ]),
      );
      deliveries.push({
        path: request.url ?? '',
        headers,
        rawBody,
        body: JSON.parse(Buffer.from(rawBody).toString('utf8')),
      });
      for (const wake of waiters) wake();
      if (hanging) {
        held.add(response);
        return;
      }
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const matching = (match: (delivery: ReceivedDelivery) => boolean) => deliveries.filter(match);
  return {
    origin: `http://127.0.0.1:${port}`,
    deliveries,
    answerNext: (...next) => statuses.push(...next),
    hang: (on) => {
      hanging = on;
      if (!on) for (const response of held) response.writeHead(200).end();
      if (!on) held.clear();
    },
    waitFor: (count, match = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = matching(match);
          if (found.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${matching(match).length} of ${count} deliveries arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    clear: () => {
      deliveries.length = 0;
      statuses.length = 0;
    },
    close: async () => {
      for (const response of held) response.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A receiver for the whole file; read it inside hooks and tests only. */
export function useWebhookReceiver(): { readonly receiver: WebhookReceiver } {
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  return {
    get receiver() {
      if (receiver === undefined) throw new Error('read inside hooks and tests only');
      return receiver;
    },
  };
}
