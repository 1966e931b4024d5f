import { afterAll, beforeAll } from 'vitest';
import {
  type Sandbox,
  type SandboxAccount,
  type SandboxChat,
  type SandboxOptions,
  startSandbox,
} from '../../src/sandbox/index.ts';

/** A sandbox started once for the file, with fetch helpers that send each vendor's headers. */
export function useSandbox(options: SandboxOptions = {}) {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  const current = (): Sandbox => {
    if (sandbox === undefined) throw new Error('sandbox not started');
    return sandbox;
  };
  return {
    get sandbox() {
      return current();
    },
    /** GET with `Authorization: Bearer <OnlyFansAPI key>`. */
    onlyfansapi: (path: string, signal?: AbortSignal) =>
      fetch(`${current().url}${path}`, {
        headers: { authorization: `Bearer ${current().keys.onlyfansapi}` },
        signal,
      }),
    /** A JSON write with the OnlyFansAPI key; `headers` adds e.g. an `Idempotency-Key`. */
    onlyfansapiWrite: (
      method: 'POST' | 'DELETE',
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
      signal?: AbortSignal,
    ) =>
      fetch(`${current().url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${current().keys.onlyfansapi}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      }),
    /** A JSON write with `apiKey` and `x-connection-id`. */
    ofauthWrite: (
      method: 'POST' | 'DELETE',
      path: string,
      connection: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      fetch(`${current().url}${path}`, {
        method,
        headers: {
          apikey: current().keys.ofauth,
          'x-connection-id': connection,
          'content-type': 'application/json',
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    /** GET with `apiKey` and, when given, `x-connection-id`. */
    ofauth: (path: string, connection?: string) =>
      fetch(`${current().url}${path}`, {
        headers: {
          apikey: current().keys.ofauth,
          ...(connection === undefined ? {} : { 'x-connection-id': connection }),
        },
      }),
  };
}

export type SandboxFixture = ReturnType<typeof useSandbox>;

// biome-ignore lint/suspicious/noExplicitAny: vendor JSON is inspected loosely in tests.
export type Json = any;

/** Reads a JSON body, failing with the status and text when it is not the expected status. */
export async function expectJson<T = Json>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}

/** The path and query of a vendor `next_page` URL, to replay against the sandbox. */
export function replayPath(nextPage: string): string {
  const url = new URL(nextPage);
  if (url.origin !== 'https://app.onlyfansapi.com')
    throw new Error(`foreign next_page ${nextPage}`);
  return `${url.pathname}${url.search}`;
}

/**
 * Picks chats for tests that write: chats with messages well down the list as it was generated,
 * a different one per index (sends reorder the live list, so the list is taken once).
 */
export function writableChats(account: () => SandboxAccount): (index: number) => SandboxChat {
  let chatsAtStart: SandboxChat[] | undefined;
  return (index) => {
    chatsAtStart ??= account().chats.filter((chat) => chat.messages.length > 2);
    return chatsAtStart[20 + index]!;
  };
}
