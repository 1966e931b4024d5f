import { type DocumentNode, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens.ts';
import {
  AccountChatsDocument,
  ChatByIdDocument,
  ChatThreadDocument,
  InboxPageDocument,
  UnifiedInboxDocument,
} from '../../src/generated/graphql.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import { generateDataset, type SandboxAccount } from '../../src/sandbox/index.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import {
  codesOf,
  expectWellFormedAnswer,
  idsOf,
  post,
  type RawAnswer,
} from './security-support.ts';

/**
 * Tenant isolation across every query shape a frontend uses: with a token scoped to account A,
 * no answer carries a byte of any other account B's data, whatever B's ids, cursors or spliced
 * ids are passed. Each shape runs for every (A, B) pair of the six sandbox accounts, and each
 * answer is searched for B's identifiers from the sandbox's ground truth: its handle, chat ids,
 * partner ids and usernames, and the platform ids of all its messages, in plain text and inside
 * every base64url id or cursor of the answer.
 *
 * The gateway keeps vendor answers across requests (as `npm start` does): before each of A's
 * requests the owner's token reads the same shape for B, so B's answers are kept when A asks.
 */

const dataset = generateDataset();
const ACCOUNTS = dataset.accounts;
const tokenOf = (account: SandboxAccount) => `cg_iso_${account.handle}_token`;
const OWNER_TOKEN = 'cg_iso_owner_token';
const as = (token: string) => ({ authorization: `Bearer ${token}` });

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({
    cache: true,
    chatgraph: {
      tokens: [
        ...ACCOUNTS.map((account) => ({
          name: `agency-${account.handle}`,
          sha256: sha256Hex(tokenOf(account)),
          accounts: [account.handle],
        })),
        { name: 'owner', sha256: sha256Hex(OWNER_TOKEN), accounts: ['*'] },
      ],
    },
  });
  // The scoped tokens name the handles of the dataset generated here: the same seed as the harness.
  expect(harness.sandbox.dataset.accounts.map((account) => account.handle)).toEqual(
    ACCOUNTS.map((account) => account.handle),
  );
});
afterAll(() => harness.close());

/** Every identifier of an account's data: handle, chat, partner and message ids, usernames. */
const identifiers = new Map<string, Set<string>>(
  ACCOUNTS.map((account) => {
    const found = new Set<string>([account.handle]);
    for (const chat of account.chats) {
      found.add(chat.id);
      found.add(chat.partner.id);
      found.add(chat.partner.username);
      for (const message of chat.messages) found.add(message.id);
    }
    return [account.handle, found];
  }),
);

/** Every string of an answer, split into identifier-like tokens, base64url ids decoded too. */
function tokensOf(text: string): Set<string> {
  const tokens = new Set<string>();
  const add = (value: string) => {
    for (const token of value.split(/[^A-Za-z0-9_.-]+/)) if (token !== '') tokens.add(token);
  };
  for (const [, value] of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    add(value!);
    if (/^[A-Za-z0-9_-]{8,}$/.test(value!)) {
      const decoded = Buffer.from(value!, 'base64url').toString('utf8');
      if (/^[\x20-\x7e]+$/.test(decoded)) add(decoded);
    }
  }
  return tokens;
}

/** Fails when the answer holds any identifier of `other` that is not also one of `own`'s. */
function expectNothingOf(answer: RawAnswer<unknown>, own: SandboxAccount, other: SandboxAccount) {
  const theirs = identifiers.get(other.handle)!;
  const ours = identifiers.get(own.handle)!;
  const leaked = [...tokensOf(answer.text)].filter(
    (token) => theirs.has(token) && !ours.has(token),
  );
  expect(leaked, `${other.handle}'s data in an answer to ${own.handle}`).toEqual([]);
  expect(answer.text).not.toContain(other.handle);
}

/** What the owner sees of an account: the cursors a client of B could hold. */
interface ForeignCursors {
  chats: string;
  thread: string;
  inbox: string;
}

const foreign = new Map<string, ForeignCursors>();

async function foreignCursors(account: SandboxAccount): Promise<ForeignCursors> {
  const known = foreign.get(account.handle);
  if (known) return known;
  const ids = idsOf(account);
  const chats = await post<{ connectedAccount: { chats: { pageInfo: { endCursor: string } } } }>(
    harness.yoga,
    print(AccountChatsDocument as DocumentNode),
    { accountId: ids.ConnectedAccount, first: 2 },
    as(OWNER_TOKEN),
  );
  const thread = await post<{ chat: { messages: { pageInfo: { endCursor: string } } } }>(
    harness.yoga,
    print(ChatThreadDocument as DocumentNode),
    { chatId: ids.Chat, first: 2 },
    as(OWNER_TOKEN),
  );
  const inbox = await post<{ inbox: { pageInfo: { endCursor: string } } }>(
    harness.yoga,
    print(UnifiedInboxDocument as DocumentNode),
    { first: 3, accountIds: [ids.ConnectedAccount] },
    as(OWNER_TOKEN),
  );
  const cursors = {
    chats: chats.body!.data!.connectedAccount.chats.pageInfo.endCursor,
    thread: thread.body!.data!.chat.messages.pageInfo.endCursor,
    inbox: inbox.body!.data!.inbox.pageInfo.endCursor,
  };
  foreign.set(account.handle, cursors);
  return cursors;
}

interface Shape {
  name: string;
  /** The operation and its variables, for a caller scoped to `own` probing `other`. */
  request(
    own: SandboxAccount,
    other: SandboxAccount,
  ): Promise<{ query: string; variables: Record<string, unknown> }>;
  /** What the answer must say, besides carrying nothing of `other`. */
  expect(answer: RawAnswer<Record<string, unknown>>, own: SandboxAccount): void;
}

const operation = (document: unknown) => print(document as DocumentNode);

function expectNoErrors(answer: RawAnswer<Record<string, unknown>>) {
  expect(answer.body?.errors).toBeUndefined();
}

function expectBadInput(answer: RawAnswer<Record<string, unknown>>) {
  expect(codesOf(answer.body)).toEqual(['BAD_USER_INPUT']);
}

const NESTED = /* GraphQL */ `
  fragment Nested on Node {
    id
    ... on Message {
      text
      platformId
      chat { id connectedAccount { externalId } partner { username } lastMessage { platformId } }
      sender { id username }
      media { id url }
    }
    ... on Chat { partner { username } connectedAccount { externalId } lastMessage { platformId } }
    ... on Media { url platformId }
    ... on Account { username platformId }
    ... on ConnectedAccount { externalId chats(first: 2) { edges { node { id partner { username } } } } }
  }
`;

const splice = (typename: string, ...parts: string[]) => encodeGlobalId(typename, parts.join(':'));

const SHAPES: Shape[] = [
  {
    name: 'InboxPage',
    request: async () => ({ query: operation(InboxPageDocument), variables: { first: 20 } }),
    expect(answer, own) {
      expectNoErrors(answer);
      const accounts = (answer.body!.data!.connectedAccounts as Array<{ externalId: string }>).map(
        (account) => account.externalId,
      );
      expect(accounts).toEqual([own.handle]);
    },
  },
  {
    name: "AccountChats of B's account",
    request: async (_own, other) => ({
      query: operation(AccountChatsDocument),
      variables: { accountId: idsOf(other).ConnectedAccount, first: 5 },
    }),
    expect(answer) {
      expectNoErrors(answer);
      expect(answer.body!.data).toEqual({ connectedAccount: null });
    },
  },
  {
    name: "AccountChats of A's account after B's cursor",
    request: async (own, other) => ({
      query: operation(AccountChatsDocument),
      variables: {
        accountId: idsOf(own).ConnectedAccount,
        first: 5,
        after: (await foreignCursors(other)).chats,
      },
    }),
    expect: expectBadInput,
  },
  {
    name: 'UnifiedInbox',
    request: async () => ({ query: operation(UnifiedInboxDocument), variables: { first: 30 } }),
    expect(answer, own) {
      expectNoErrors(answer);
      const inbox = answer.body!.data!.inbox as {
        edges: Array<{ node: { connectedAccount: { externalId: string } } }>;
      };
      expect(inbox.edges).toHaveLength(30);
      for (const edge of inbox.edges)
        expect(edge.node.connectedAccount.externalId).toBe(own.handle);
    },
  },
  {
    name: 'UnifiedInbox of accountIds [B]',
    request: async (_own, other) => ({
      query: operation(UnifiedInboxDocument),
      variables: { first: 5, accountIds: [idsOf(other).ConnectedAccount] },
    }),
    expect: expectBadInput,
  },
  {
    name: 'UnifiedInbox of accountIds [A, B]',
    request: async (own, other) => ({
      query: operation(UnifiedInboxDocument),
      variables: {
        first: 5,
        accountIds: [idsOf(own).ConnectedAccount, idsOf(other).ConnectedAccount],
      },
    }),
    expect: expectBadInput,
  },
  {
    name: "UnifiedInbox after B's inbox cursor",
    request: async (_own, other) => ({
      query: operation(UnifiedInboxDocument),
      variables: { first: 5, after: (await foreignCursors(other)).inbox },
    }),
    expect: expectBadInput,
  },
  {
    name: "ChatThread of B's chat",
    request: async (_own, other) => ({
      query: operation(ChatThreadDocument),
      variables: { chatId: idsOf(other).Chat, first: 10 },
    }),
    expect(answer) {
      expectNoErrors(answer);
      expect(answer.body!.data).toEqual({ chat: null });
    },
  },
  {
    name: "ChatThread of A's chat after B's thread cursor",
    request: async (own, other) => ({
      query: operation(ChatThreadDocument),
      variables: {
        chatId: idsOf(own).Chat,
        first: 10,
        after: (await foreignCursors(other)).thread,
      },
    }),
    expect(answer) {
      // The messages field refuses the cursor; the chat itself is A's and answers.
      expect(codesOf(answer.body)).toEqual(['BAD_USER_INPUT']);
    },
  },
  {
    name: "ChatById of B's chat",
    request: async (_own, other) => ({
      query: operation(ChatByIdDocument),
      variables: { chatId: idsOf(other).Chat },
    }),
    expect(answer) {
      expectNoErrors(answer);
      expect(answer.body!.data).toEqual({ chat: null });
    },
  },
  ...(['Message', 'Media', 'Account', 'ConnectedAccount', 'Chat'] as const).map(
    (typename): Shape => ({
      name: `node(B's ${typename}) with nested fields`,
      request: async (_own, other) => ({
        query: `query ($id: ID!) { node(id: $id) { ...Nested } } ${NESTED}`,
        // An account without media in the dataset: its Message stands in (still B's).
        variables: { id: idsOf(other)[typename] ?? idsOf(other).Message },
      }),
      expect(answer) {
        expectNoErrors(answer);
        expect(answer.body!.data).toEqual({ node: null });
      },
    }),
  ),
  {
    name: 'nodes of mixed own and foreign ids, with nested fields',
    request: async (own, other) => {
      const mine = idsOf(own);
      const theirs = idsOf(other);
      return {
        query: `query ($ids: [ID!]!) { nodes(ids: $ids) { ...Nested } } ${NESTED}`,
        variables: {
          ids: [
            mine.Chat,
            theirs.Chat,
            mine.Message,
            theirs.Message,
            theirs.Media ?? theirs.Message,
            mine.Account,
            theirs.Account,
            theirs.ConnectedAccount,
            mine.ConnectedAccount,
          ],
        },
      };
    },
    expect(answer, own) {
      expectNoErrors(answer);
      const nodes = answer.body!.data!.nodes as Array<{ id: string } | null>;
      const mine = idsOf(own);
      expect(nodes.map((node) => node?.id ?? null)).toEqual([
        mine.Chat,
        null,
        mine.Message,
        null,
        null,
        mine.Account,
        null,
        null,
        mine.ConnectedAccount,
      ]);
    },
  },
  {
    name: "spliced ids: A's handle with B's chat, partner and message ids",
    request: async (own, other) => {
      const { chat, message } = idsOf(other);
      return {
        query: `query ($ids: [ID!]!) { nodes(ids: $ids) { ...Nested } } ${NESTED}`,
        variables: {
          ids: [
            splice('Chat', own.handle, chat.id, chat.partner.id),
            splice('Message', own.handle, chat.id, chat.partner.id, message.id),
            splice('Account', own.handle, chat.partner.id),
          ],
        },
      };
    },
    expect(answer) {
      // A's vendor account does not know B's chat or fan: not found, as for anything it does not
      // know.
      expectNoErrors(answer);
      expect(answer.body!.data).toEqual({ nodes: [null, null, null] });
    },
  },
  {
    name: "spliced ids: B's handle with A's chat, partner and message ids",
    request: async (own, other) => {
      const { chat, message } = idsOf(own);
      return {
        query: `query ($ids: [ID!]!) { nodes(ids: $ids) { ...Nested } } ${NESTED}`,
        variables: {
          ids: [
            splice('ConnectedAccount', other.handle),
            splice('Chat', other.handle, chat.id, chat.partner.id),
            splice('Message', other.handle, chat.id, chat.partner.id, message.id),
            splice('Account', other.handle, chat.partner.id),
          ],
        },
      };
    },
    expect(answer) {
      expectNoErrors(answer);
      expect(answer.body!.data).toEqual({ nodes: [null, null, null, null] });
    },
  },
  {
    name: "A's own message: Message.chat, Chat.connectedAccount, Message.sender stay in A",
    request: async (own) => ({
      query: `query ($id: ID!) { node(id: $id) { ...Nested } } ${NESTED}`,
      variables: { id: idsOf(own).Message },
    }),
    expect(answer, own) {
      expectNoErrors(answer);
      const node = answer.body!.data!.node as {
        chat: { id: string; connectedAccount: { externalId: string } };
      };
      expect(node.chat.id).toBe(idsOf(own).Chat);
      expect(node.chat.connectedAccount.externalId).toBe(own.handle);
    },
  },
];

const checked = { cases: 0, cacheHits: 0 };

describe('tenant isolation across every frontend query shape', () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: nothing of B for a token of A, for every pair of accounts`, async () => {
      for (const own of ACCOUNTS) {
        for (const other of ACCOUNTS) {
          if (other === own) continue;
          // B's view of the same shape, read by the owner: kept, for A's request to meet.
          const warm = await shape.request(other, own);
          await post(harness.yoga, warm.query, warm.variables, as(OWNER_TOKEN));
          const { query, variables } = await shape.request(own, other);
          const answer = await post<Record<string, unknown>>(
            harness.yoga,
            query,
            variables,
            as(tokenOf(own)),
          );
          expect(answer.status).toBe(200);
          expectWellFormedAnswer(answer, `${shape.name} (${own.handle} → ${other.handle})`);
          shape.expect(answer, own);
          expectNothingOf(answer, own, other);
          checked.cases += 1;
          const cost = answer.body?.extensions?.cost as { cacheHits?: number } | undefined;
          checked.cacheHits += cost?.cacheHits ?? 0;
        }
      }
    });
  }

  it("the check is not vacuous: it finds B's data in what the owner's token reads", async () => {
    const [own, other] = ACCOUNTS as [SandboxAccount, SandboxAccount];
    const answer = await post(
      harness.yoga,
      `query ($id: ID!) { node(id: $id) { ...Nested } } ${NESTED}`,
      { id: idsOf(other).Message },
      as(OWNER_TOKEN),
    );
    expect(answer.body?.data?.node).not.toBeNull();
    expect(() => expectNothingOf(answer, own, other)).toThrow();
  });

  it('counts the cases', () => {
    const pairs = ACCOUNTS.length * (ACCOUNTS.length - 1);
    console.log(
      `isolation: ${checked.cases} cases = ${pairs} (A, B) pairs × ${SHAPES.length} query shapes`,
    );
    expect(checked.cases).toBe(pairs * SHAPES.length);
    // The cache was on, and A's requests met kept answers (their own account's, read before).
    expect(harness.cache!.size.entries).toBeGreaterThan(0);
    expect(checked.cacheHits).toBeGreaterThan(0);
  });
});
