import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionResult } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { sha256Hex } from '../../src/auth/tokens.ts';
import { dropStaleBeforePublish } from '../../src/cache/drop-stale-answers.ts';
import type { MessageRecord } from '../../src/domain.ts';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import { LiveEvents } from '../../src/events/live-events.ts';
import { encodeGlobalId, localId } from '../../src/ids.ts';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';
import type { ChatgraphOptions } from '../../src/server/create-chatgraph.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { serveWebSockets, type WebSocketOptions } from '../../src/server/websocket-server.ts';
import {
  type GatewayHarness,
  type HarnessCost,
  startGatewayHarness,
} from '../support/gateway-harness.ts';

/**
 * A sandbox-backed gateway on a real listening port, with the LiveEvents it serves, SSE and
 * WebSocket clients, and the records events are made of (read from the sandbox through the
 * accounts' own adapters, as a webhook's converters would make them).
 */

export type LiveResult = ExecutionResult<Record<string, unknown>> & {
  extensions?: { cost?: HarnessCost };
};

/** How long a test waits for an event before it fails: generous, never a measurement. */
const WAIT_MS = 5_000;

/** A stream of results a transport delivers, read one at a time. */
class ResultQueue {
  readonly #results: Array<LiveResult | null> = [];
  readonly #waiting: Array<(result: LiveResult | null) => void> = [];
  /** Every result delivered so far, in order. */
  readonly seen: LiveResult[] = [];
  completed = false;

  push(result: LiveResult | null): void {
    if (result === null) this.completed = true;
    else this.seen.push(result);
    const waiter = this.#waiting.shift();
    if (waiter) waiter(result);
    else this.#results.push(result);
  }

  /** The next result; null once the stream completed. Fails after a generous wait. */
  next(): Promise<LiveResult | null> {
    if (this.#results.length > 0) return Promise.resolve(this.#results.shift()!);
    if (this.completed) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no event came')), WAIT_MS);
      this.#waiting.push((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  /** Results waiting to be read now. */
  get pending(): number {
    return this.#results.filter((result) => result !== null).length;
  }
}

export interface LiveStream {
  /** The HTTP status (SSE) of the subscribing request; 101 for WebSocket. */
  status: number;
  results: ResultQueue;
  close(): void;
}

export interface LiveHarness {
  gateway: GatewayHarness;
  events: LiveEvents;
  /** `http://127.0.0.1:port/graphql` */
  url: string;
  sse(query: string, variables?: Record<string, unknown>, token?: string): Promise<LiveStream>;
  ws(query: string, variables?: Record<string, unknown>, token?: string): Promise<LiveStream>;
  /** A WebSocket client, for tests of the connection itself. */
  wsClient(connectionParams?: Record<string, unknown>): Client;
  /** Publishes events as they are, past the dedupe of `announce` (a test may tell one twice). */
  publish(events: readonly GatewayEvent[]): Promise<void>;
  /** Waits until this many subscribers listen on the bus. */
  untilSubscribers(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A gateway token, as configured, and what its holder sends. */
export function gatewayToken(name: string, accounts: string[]) {
  const token = `test-token-${name}`;
  return { token, config: { name, sha256: sha256Hex(token), accounts } };
}

export async function startLiveHarness(
  options: {
    chatgraph?: Omit<ChatgraphOptions, 'connectedAccounts' | 'events'>;
    websocket?: WebSocketOptions;
    /** Vendor answers kept across requests; an announced event drops what it made stale. */
    cache?: true;
  } = {},
): Promise<LiveHarness> {
  // The cache is made with the gateway, after the events: bound when it exists.
  let dropStale: ((event: GatewayEvent) => Promise<void>) | undefined;
  const events = new LiveEvents(undefined, undefined, async (event) => dropStale?.(event));
  const gateway = await startGatewayHarness({
    cache: options.cache,
    chatgraph: { ...options.chatgraph, events },
  });
  if (gateway.cache) dropStale = dropStaleBeforePublish(gateway.cache);
  const server: Server = createHttpServer(gateway.yoga);
  const sockets = serveWebSockets(server, gateway.yoga, {
    tokens: options.chatgraph?.tokens,
    ...options.websocket,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  const clients = new Set<{ close(): void }>();

  const wsClient = (connectionParams?: Record<string, unknown>) => {
    const client = createClient({
      url: url.replace('http:', 'ws:'),
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: true,
    });
    clients.add({ close: () => void client.dispose() });
    return client;
  };

  return {
    gateway,
    events,
    url,
    async sse(query, variables, token) {
      const controller = new AbortController();
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: controller.signal,
      });
      const results = new ResultQueue();
      const stream = { status: response.status, results, close: () => controller.abort() };
      clients.add(stream);
      if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
        results.push((await response.json()) as LiveResult);
        results.push(null);
        return stream;
      }
      void readEvents(response, results).catch(() => results.push(null));
      return stream;
    },
    async ws(query, variables, token) {
      const client = wsClient(token ? { authorization: `Bearer ${token}` } : undefined);
      const results = new ResultQueue();
      const dispose = client.subscribe(
        { query, variables },
        {
          next: (result) => results.push(result as LiveResult),
          error: (error) => {
            results.push({
              errors: Array.isArray(error) ? error : [],
              extensions: { closed: (error as { code?: number }).code },
            } as LiveResult);
            results.push(null);
          },
          complete: () => results.push(null),
        },
      );
      return {
        status: 101,
        results,
        close: () => {
          dispose();
          void client.dispose();
        },
      };
    },
    wsClient,
    async publish(published) {
      for (const event of published) await events.bus.publish(event);
    },
    async untilSubscribers(count) {
      for (let waited = 0; events.bus.subscriberCount() !== count; waited += 10) {
        if (waited > WAIT_MS) {
          throw new Error(`${events.bus.subscriberCount()} subscribers, not ${count}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const client of clients) client.close();
      await sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await events.close();
      await gateway.close();
    },
  };
}

/** Reads a text/event-stream body: each `event: next` is a result; `complete` ends it. */
async function readEvents(response: Response, results: ResultQueue): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (event === 'next' && data) results.push(JSON.parse(data) as LiveResult);
      if (event === 'complete') {
        results.push(null);
        return;
      }
    }
  }
  results.push(null);
}

/** The global id of a connected account. */
export function connectedAccountId(account: SandboxAccount): string {
  return encodeGlobalId('ConnectedAccount', localId(account.handle));
}

/** A chat of the account with messages. */
export function chatWithMessages(account: SandboxAccount, index = 0): SandboxChat {
  return account.chats.filter((chat) => chat.messages.length > 0)[index]!;
}

/** The newest message of a chat, as the account's adapter reads it. */
export async function newestMessage(
  gateway: GatewayHarness,
  account: SandboxAccount,
  chat: SandboxChat,
): Promise<MessageRecord> {
  const entry = gateway.connectedAccounts.byExternalId.get(account.handle)!;
  const page = await entry.adapter.listMessages({
    chatId: chat.id,
    partnerId: chat.partner.id,
    first: 1,
  });
  return page.items[0]!;
}

/** The messageAdded and chatUpdated a webhook tells of a message. */
export function messageEvents(
  account: SandboxAccount,
  chat: SandboxChat,
  message: MessageRecord,
): GatewayEvent[] {
  const partnerUsername = account.platform === 'fansly' ? chat.partner.username : null;
  return [
    { kind: 'messageAdded', message, partnerUsername },
    {
      kind: 'chatUpdated',
      connectedAccount: message.connectedAccount,
      chatId: chat.id,
      partnerId: chat.partner.id,
      partnerUsername,
      written: { lastMessage: message },
    },
  ];
}

/**
 * A `chatUpdated` that settles nothing, of a chat of an OnlyFansAPI account: a selection of its
 * `lastMessage` reads it from the vendor.
 */
export function unsettledChatUpdate(account: SandboxAccount, index = 0): GatewayEvent {
  const chat = account.chats[index]!;
  return {
    kind: 'chatUpdated',
    connectedAccount: { vendor: 'ONLYFANSAPI', platform: 'ONLYFANS', externalId: account.handle },
    chatId: chat.id,
    partnerId: chat.partner.id,
    partnerUsername: null,
    written: {},
  };
}
