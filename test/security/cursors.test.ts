import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { cursorPayload, signCursor, TEST_CURSOR_SECRET } from '../support/cursor-forgery.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import {
  codesOf,
  expectWellFormedAnswer,
  idsOf,
  post,
  type RawAnswer,
} from './security-support.ts';

/**
 * Issue 12, finding 7: a forged inbox cursor with a head ≥ 8.64e15 (beyond what a Date holds)
 * answered INTERNAL_SERVER_ERROR. Cursors are now signed with the deployment's secret, and every
 * field of a signed one is still checked for range: a forged, tampered or foreign cursor is
 * BAD_USER_INPUT, and genuine paging is unchanged.
 */

const INBOX =
  'query ($first: Int, $after: String) { inbox(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
const CHATS =
  'query ($account: ID!, $first: Int, $after: String) { connectedAccount(id: $account) { chats(first: $first, after: $after) { edges { cursor node { id } } pageInfo { endCursor } } } }';
const MESSAGES =
  'query ($chat: ID!, $first: Int, $after: String) { chat(id: $chat) { messages(first: $first, after: $after) { edges { cursor node { id } } pageInfo { endCursor } } } }';

interface Page {
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { endCursor: string | null };
}

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ chatgraph: { cursorSecret: TEST_CURSOR_SECRET } });
});
afterAll(() => harness.close());

const account = () => harness.sandbox.dataset.accounts[0]!;

async function inbox(variables: Record<string, unknown>, yoga = harness.yoga) {
  return post<{ inbox: Page }>(yoga, INBOX, variables);
}

async function chats(variables: Record<string, unknown>) {
  const answer = await post<{ connectedAccount: { chats: Page } }>(harness.yoga, CHATS, {
    account: idsOf(account()).ConnectedAccount,
    ...variables,
  });
  return { answer, page: answer.body?.data?.connectedAccount.chats };
}

async function messages(variables: Record<string, unknown>) {
  const answer = await post<{ chat: { messages: Page } }>(harness.yoga, MESSAGES, {
    chat: idsOf(account()).Chat,
    ...variables,
  });
  return { answer, page: answer.body?.data?.chat.messages };
}

/** Expects a well-formed BAD_USER_INPUT about `after`. */
function expectRefused(answer: RawAnswer<unknown>, what: string): void {
  expectWellFormedAnswer(answer, what);
  expect(codesOf(answer.body), what).toEqual(['BAD_USER_INPUT']);
  expect(answer.body?.errors?.[0]?.message, what).toMatch(/^"after" is not a valid cursor/);
}

async function realInboxCursor(): Promise<string> {
  const answer = await inbox({ first: 3 });
  expect(codesOf(answer.body)).toEqual([]);
  return answer.body!.data!.inbox.pageInfo.endCursor!;
}

describe('inbox cursors', () => {
  it('refuse a forged head beyond the range of a Date', async () => {
    const payload = cursorPayload(await realInboxCursor());
    const heads = (payload.heads as Array<number | null>).map(() => 8.64e15 + 1);
    // Signed with the deployment's own secret: only the range check stands in the way.
    const forged = signCursor({ ...payload, heads });
    // Was: INTERNAL_SERVER_ERROR (RangeError: Invalid time value).
    expectRefused(await inbox({ first: 3, after: forged }), 'head 8.64e15 + 1');
    // The unsigned form a client could build before: refused by its signature alone.
    const unsigned = Buffer.from(JSON.stringify({ ...payload, heads })).toString('base64url');
    expectRefused(await inbox({ first: 3, after: unsigned }), 'unsigned');
  });

  it('refuse every field out of range, even when signed', async () => {
    const payload = cursorPayload(await realInboxCursor());
    const lanes = (payload.offsets as unknown[]).length;
    const edits: Array<[string, Record<string, unknown>]> = [
      ['head -1', { heads: Array(lanes).fill(-1) }],
      ['head 1.5', { heads: Array(lanes).fill(1.5) }],
      ['head as text', { heads: Array(lanes).fill('2026-01-01') }],
      ['offset -1', { offsets: Array(lanes).fill(-1) }],
      ['offset beyond any list', { offsets: Array(lanes).fill(10_000_001) }],
      ['offset not whole', { offsets: Array(lanes).fill(0.5) }],
      [
        'one lane too few',
        { offsets: Array(lanes - 1).fill(0), heads: Array(lanes - 1).fill(null) },
      ],
      [
        'one lane too many',
        { offsets: Array(lanes + 1).fill(0), heads: Array(lanes + 1).fill(null) },
      ],
      ['heads shorter than offsets', { heads: Array(lanes - 1).fill(null) }],
      [
        'a head on a finished lane',
        { offsets: Array(lanes).fill(null), heads: Array(lanes).fill(1) },
      ],
      ['an extra field', { extra: 1 }],
      ['another kind', { kind: 'chats' }],
      ['another list', { list: 'x' }],
    ];
    for (const [what, edit] of edits) {
      const forged = signCursor({ ...payload, ...edit });
      expectRefused(await inbox({ first: 3, after: forged }), what);
    }
  });

  it('refuse a tampered signature or payload', async () => {
    const real = await realInboxCursor();
    const bytes = Buffer.from(real, 'base64url');
    for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at]! ^= 0x01;
      const answer = await inbox({ first: 3, after: tampered.toString('base64url') });
      expectRefused(answer, `byte ${at} flipped`);
      expect(answer.body?.errors?.[0]?.message).toContain(
        'it was not issued by this deployment, or was altered',
      );
    }
    expectRefused(await inbox({ first: 3, after: real.slice(0, -4) }), 'cut short');
  });

  it("refuse another deployment's cursor", async () => {
    const other = createChatgraph({
      connectedAccounts: harness.connectedAccounts,
      cursorSecret: `${TEST_CURSOR_SECRET}-other`,
    });
    const theirs = (await inbox({ first: 3 }, other)).body!.data!.inbox.pageInfo.endCursor!;
    expectRefused(await inbox({ first: 3, after: theirs }), 'another secret');
    // Without a configured secret, each instance makes its own: a restart changes it.
    const unconfigured = createChatgraph({ connectedAccounts: harness.connectedAccounts });
    const restarted = createChatgraph({ connectedAccounts: harness.connectedAccounts });
    const before = (await inbox({ first: 3 }, unconfigured)).body!.data!.inbox.pageInfo.endCursor;
    expectRefused(await inbox({ first: 3, after: before }, restarted), 'after a restart');
  });

  it('page exactly as before: two pages are the first twenty', async () => {
    const whole = await inbox({ first: 20 });
    const first = await inbox({ first: 10 });
    const second = await inbox({ first: 10, after: first.body!.data!.inbox.pageInfo.endCursor });
    const ids = (answer: typeof whole) =>
      answer.body!.data!.inbox.edges.map((edge) => edge.node.id);
    expect(codesOf(second.body)).toEqual([]);
    expect([...ids(first), ...ids(second)]).toEqual(ids(whole));
    // Any edge's cursor resumes right after that edge.
    const fifth = first.body!.data!.inbox.edges[4]!.cursor;
    expect(ids(await inbox({ first: 5, after: fifth }))).toEqual(ids(whole).slice(5, 10));
  });
});

describe('chat list and message cursors', () => {
  it('refuse offsets and ids out of range, even when signed', async () => {
    const chatCursor = cursorPayload((await chats({ first: 2 })).page!.pageInfo.endCursor!);
    for (const offset of [-1, 0.5, 10_000_001, '3', null]) {
      const forged = signCursor({ ...chatCursor, offset });
      expectRefused((await chats({ first: 2, after: forged })).answer, `offset ${offset}`);
    }
    const messageCursor = cursorPayload((await messages({ first: 2 })).page!.pageInfo.endCursor!);
    for (const before of ['9'.repeat(21), '-1', '1e5', '', 12]) {
      const forged = signCursor({ ...messageCursor, before });
      expectRefused((await messages({ first: 2, after: forged })).answer, `before ${before}`);
    }
  });

  it('page exactly as before', async () => {
    const ids = (page: Page | undefined) => page!.edges.map((edge) => edge.node.id);
    const wholeChats = await chats({ first: 6 });
    const firstChats = await chats({ first: 3 });
    const nextChats = await chats({ first: 3, after: firstChats.page!.pageInfo.endCursor });
    expect([...ids(firstChats.page), ...ids(nextChats.page)]).toEqual(ids(wholeChats.page));

    const wholeMessages = await messages({ first: 6 });
    const firstMessages = await messages({ first: 3 });
    const nextMessages = await messages({
      first: 3,
      after: firstMessages.page!.pageInfo.endCursor,
    });
    expect([...ids(firstMessages.page), ...ids(nextMessages.page)]).toEqual(
      ids(wholeMessages.page),
    );
  });
});
