import { expect } from 'vitest';
import { ERROR_CODES } from '../../src/errors/error-codes.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import type { Chatgraph } from '../../src/server/create-chatgraph.ts';
import { graphqlRequest } from '../support/graphql-request.ts';
import { issuedAccountId, issuedChatLocal, listedChatId } from '../support/issued-ids.ts';

/**
 * Shared by the hardening suites in test/security: the error codes the README documents, a raw
 * POST that keeps the HTTP status and headers, and the ids of an account's objects from the
 * sandbox's ground truth.
 */

/** Every `extensions.code` the gateway answers: the README's table (Errors) is the same list. */
export const DOCUMENTED_CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_CODES));

export interface GraphQLErrorJson {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GraphQLBody<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphQLErrorJson[];
  extensions?: Record<string, unknown> & {
    cost?: { upstreamCalls: number; credits: number };
    warnings?: Array<{ message: string } & Record<string, unknown>>;
  };
}

export interface RawAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; null when it is not JSON. */
  body: GraphQLBody<T> | null;
}

/** POSTs one operation through the app's fetch handler and keeps status, headers and raw text. */
export async function post<T = Record<string, unknown>>(
  yoga: Chatgraph,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<RawAnswer<T>> {
  return send<T>(yoga, graphqlRequest(query, variables, headers));
}

/** Any request through the app's fetch handler, keeping status, headers and raw text. */
export async function send<T = Record<string, unknown>>(
  yoga: Chatgraph,
  init: RequestInit,
  url = 'http://chatgraph/graphql',
): Promise<RawAnswer<T>> {
  const response = await yoga.fetch(url, init);
  const text = await response.text();
  let body: GraphQLBody<T> | null = null;
  try {
    body = JSON.parse(text) as GraphQLBody<T>;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** The `extensions.code` of every error, in order. */
export function codesOf(body: GraphQLBody<unknown> | null | undefined): unknown[] {
  return (body?.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * What every answer must be, whatever went wrong: JSON with data or errors, every error with a
 * documented `extensions.code`, nothing masked as unexpected, no stack trace.
 */
export function expectWellFormedAnswer(answer: RawAnswer<unknown>, what = ''): void {
  expect(answer.body, `${what} is JSON`).not.toBeNull();
  const body = answer.body!;
  expect('data' in body || 'errors' in body, `${what} has data or errors`).toBe(true);
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    expect(typeof code, `${what}: every error has a code (${error.message})`).toBe('string');
    expect(DOCUMENTED_CODES.has(code as string), `${what}: ${String(code)} is documented`).toBe(
      true,
    );
    expect(error.message, what).not.toBe('Unexpected error.');
  }
  expect(answer.text, `${what}: no stack trace`).not.toMatch(/\n\s+at |\\n\s+at /);
}

/** The handles and global ids of an account's objects, from the sandbox's ground truth. */
export function idsOf(account: SandboxAccount) {
  const chat =
    account.chats.find((candidate) =>
      candidate.messages.some((message) => message.media.length > 0),
    ) ?? account.chats[0]!;
  const message =
    chat.messages.find((candidate) => candidate.media.length > 0) ?? chat.messages.at(-1)!;
  const media = message.media[0];
  const chatLocal = issuedChatLocal(account, chat);
  return {
    chat,
    message,
    ConnectedAccount: encodeGlobalId('ConnectedAccount', account.handle),
    Chat: encodeGlobalId('Chat', chatLocal),
    Message: encodeGlobalId('Message', `${chatLocal}:${message.id}`),
    Account: issuedAccountId(account, chat.partner),
    Media:
      media === undefined
        ? null
        : account.platform === 'fansly'
          ? encodeGlobalId('Media', `${account.handle}:${media.id}`)
          : encodeGlobalId('Media', `${chatLocal}:${message.id}:${media.id}`),
  };
}

/** The global id of a chat of the sandbox dataset. */
export function chatGlobalId(account: SandboxAccount, index = 0): string {
  const chat = account.chats[index]!;
  return listedChatId(account, chat);
}
