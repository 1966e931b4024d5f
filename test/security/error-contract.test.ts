import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../src/config.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import { cursorPayload, signCursor, TEST_CURSOR_SECRET } from '../support/cursor-forgery.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { issuedChatLocal } from '../support/issued-ids.ts';
import { codesOf, post, send } from './security-support.ts';

/**
 * The error contract at its edges, where the hardening suites (fuzz, faults, secrets) found the
 * gateway breaking it: refusals without a code, vendor errors for ids of nothing, numbers no
 * platform uses reaching the vendor, parser messages quoting what they parsed. Each was a gateway
 * bug until fixed; these tests keep it fixed.
 */

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ chatgraph: { cursorSecret: TEST_CURSOR_SECRET } });
});
afterAll(() => harness.close());

const accountsOf = (vendor: 'onlyfansapi' | 'ofauth', platform: 'onlyfans' | 'fansly') =>
  harness.sandbox.dataset.accountsOf(vendor, platform);

/** One account per vendor and platform. */
const oneOfEach = (): SandboxAccount[] => [
  accountsOf('onlyfansapi', 'onlyfans')[0]!,
  accountsOf('onlyfansapi', 'fansly')[0]!,
  accountsOf('ofauth', 'onlyfans')[0]!,
];

function chatLocal(account: SandboxAccount): string {
  const chat = account.chats.find((candidate) => candidate.messages.length > 0)!;
  return issuedChatLocal(account, chat);
}

describe('refusals made by graphql-js and graphql-yoga themselves (was known bug 1)', () => {
  // README, Errors: every error carries a code, and bad input answers BAD_USER_INPUT. These
  // refusals used to reach the client as graphql-js and graphql-yoga word them, without a code.

  it('a variable of the wrong type (first: 1.5) answers BAD_USER_INPUT', async () => {
    const answer = await post(
      harness.yoga,
      'query ($first: Int) { inbox(first: $first) { edges { cursor } } }',
      { first: 1.5 },
    );
    // Was: HTTP 400, `Variable "$first" got invalid value 1.5; Int cannot represent
    // non-integer value: 1.5`, no extensions.
    expect(answer.status).toBe(400);
    expect(codesOf(answer.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('a subscription asked for as JSON, not as a stream, answers with a code', async () => {
    const answer = await post(harness.yoga, 'subscription { connectedAccountUpdated { id } }');
    // Was: HTTP 406 with an empty body, no code.
    expect(answer.status).toBe(406);
    expect(codesOf(answer.body)).toEqual(['NOT_ACCEPTABLE']);
  });

  it('a GET refused by CSRF prevention answers with a code', async () => {
    const answer = await send(
      harness.yoga,
      { method: 'GET', headers: { accept: 'application/json' } },
      `http://chatgraph/graphql?query=${encodeURIComponent('{ __typename }')}`,
    );
    // Was: HTTP 403, "Required CSRF header(s) not present", no code.
    expect(answer.status).toBe(403);
    expect(codesOf(answer.body)).toEqual(['CSRF_HEADER_REQUIRED']);
  });
});

describe('node(id) of a Message or Media in a chat that does not exist (was known bug 2)', () => {
  // README, Errors: "A well-formed id of something that does not exist answers null", as chat(id)
  // of that very chat does. node(Message) and node(Media) used to pass on the vendor's 404 as a
  // NOT_FOUND error.

  it('answers null, without an error, on every vendor', async () => {
    for (const account of oneOfEach()) {
      const ids = [
        encodeGlobalId('Message', `${account.handle}:123:123:456`),
        encodeGlobalId('Media', `${account.handle}:123:123:456:789`),
      ];
      const answer = await post(harness.yoga, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
        ids,
      });
      // Was: nodes [null, null] with two NOT_FOUND errors (route *.messages, upstreamStatus 404).
      expect(answer.body?.errors, account.handle).toBeUndefined();
      expect(answer.body?.data).toEqual({ nodes: [null, null] });
    }
  });
});

describe('numbers no platform uses, in ids and cursors (was known bug 3)', () => {
  // Ids beyond 64 bits used to go to the vendor, which refuses them (400/422): the client got
  // UPSTREAM_BAD_REQUEST naming the vendor, for input the README says answers null (a well-formed
  // id of nothing) or BAD_USER_INPUT (a malformed cursor), and a vendor call was spent.
  const HUGE = '9'.repeat(30);

  it('a Message or Account id with a 30-digit part answers null', async () => {
    for (const account of oneOfEach()) {
      const ids = [
        encodeGlobalId('Message', `${chatLocal(account)}:${HUGE}`),
        encodeGlobalId('Account', `${account.handle}:${HUGE}`),
      ];
      const answer = await post(harness.yoga, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
        ids,
      });
      // Was: UPSTREAM_BAD_REQUEST from *.messages and *.users (Fansly: the Message only).
      expect(answer.body?.errors, account.handle).toBeUndefined();
      expect(answer.body?.data).toEqual({ nodes: [null, null] });
    }
  });

  it("a message cursor whose 'before' has 30 digits answers BAD_USER_INPUT", async () => {
    for (const account of oneOfEach()) {
      const id = encodeGlobalId('Chat', chatLocal(account));
      const first = await post<{ chat: { messages: { pageInfo: { endCursor: string } } } }>(
        harness.yoga,
        'query ($id: ID!) { chat(id: $id) { messages(first: 1) { pageInfo { endCursor } } } }',
        { id },
      );
      const cursor = cursorPayload(first.body!.data!.chat.messages.pageInfo.endCursor);
      // Signed as the gateway signs: only the range check of `before` stands in the way.
      const forged = signCursor({ ...cursor, before: HUGE });
      const answer = await post(
        harness.yoga,
        'query ($id: ID!, $after: String) { chat(id: $id) { messages(first: 1, after: $after) { edges { cursor } } } }',
        { id, after: forged },
      );
      // Was: chat null with UPSTREAM_BAD_REQUEST (onlyfans/fansly.messages 422, ofauth 400).
      expect(codesOf(answer.body), account.handle).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('a body that is not JSON (was known bug 4)', () => {
  // graphql-yoga's request parser puts `extensions.originalError {name, message}` on its 400,
  // and V8's JSON.parse message quotes the body.
  it('answers BAD_REQUEST without originalError', async () => {
    const answer = await send(harness.yoga, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": secret-ish',
    });
    expect(answer.status).toBe(400);
    expect(codesOf(answer.body)).toEqual(['BAD_REQUEST']);
    // Was: originalError { name: 'SyntaxError', message: `Unexpected token 's', "{"query": secret-ish" is not valid JSON` }.
    expect(answer.text).not.toContain('originalError');
    expect(answer.text).not.toContain('secret-ish');
  });
});

describe('a config file that is not JSON (was known bug 5)', () => {
  // README: "API keys never appear in responses, errors or logs". loadConfigFile used to put V8's
  // JSON.parse message in its problem line, which `npm start` prints: V8 quotes the text around
  // the mistake, so an unquoted key (a typo) had its first characters printed.
  it('names the problem without quoting the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'chatgraph-bug5-'));
    const key = 'ofapi_0123456789abcdef';
    try {
      const path = join(directory, 'chatgraph.json');
      await writeFile(path, `{"vendors": {"onlyfansapi": {"apiKey": ${key}}}}`);
      const error = await loadConfigFile(path, {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      // Was: `…: not valid JSON (Unexpected token 'o', …"apiKey": ofapi_0123"... is not valid JSON)`.
      expect((error as ConfigError).problems.join('\n')).not.toContain(key.slice(0, 8));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
