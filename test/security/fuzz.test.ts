import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens.ts';
import { encodeGlobalId, NODE_TYPENAMES } from '../../src/ids.ts';
import { DEFAULT_QUERY_LIMITS } from '../../src/limits/query-limits.ts';
import { type Chatgraph, createChatgraph } from '../../src/server/create-chatgraph.ts';
import {
  cursorPayload,
  openCursor,
  signCursor,
  TEST_CURSOR_SECRET,
} from '../support/cursor-forgery.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import {
  aliasFanOut,
  aliasFanOutQuery,
  cursorForgery,
  forge,
  fragmentChain,
  idList,
} from './fuzz-arbitraries.ts';
import {
  codesOf,
  DOCUMENTED_CODES,
  expectWellFormedAnswer,
  idsOf,
  post,
  type RawAnswer,
} from './security-support.ts';

/**
 * Property-based fuzzing of every argument a client controls: `first`, `after` cursors (real,
 * mutated and forged), global ids (one at a time and in long lists of every type, in and out of
 * the caller's scope), `search`, and documents shaped like issue 12's attacks (fragment chains,
 * alias fan-out). Whatever the input, the gateway answers 200 or a documented 4xx, every error
 * carries a documented `extensions.code`, nothing is masked as an unexpected error, no request
 * makes more vendor calls than one operation may (`limits.maxUpstreamCalls`), and the process
 * stays up. Runs and seeds are fixed, so a failure reproduces; fast-check prints the seed and the
 * shrunk input.
 */

const SEED = 20_250_601;
/** Runs per property; the file stays well under 20 s on the sandbox. */
const RUNS = {
  first: 200,
  wrongType: 150,
  cursors: 300,
  forgedCursors: 150,
  ids: 300,
  idLists: 60,
  search: 200,
  fragmentChains: 40,
  aliasFanOut: 40,
} as const;

/**
 * The most vendor calls one request may make: the limit on what one operation may cause, or, before
 * there was one, the cap issue 12 puts on a list of ids.
 */
const MAX_VENDOR_CALLS =
  (Reflect.get(DEFAULT_QUERY_LIMITS, 'maxUpstreamCalls') as number | undefined) ?? 100;

const runs = { total: 0, reachedVendor: 0, mostVendorCalls: 0 };
/** The sandbox's call count when the current run began. */
let callsBefore = 0;
const codeTally = new Map<string, number>();
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

let harness: GatewayHarness;

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  harness = await startGatewayHarness({ chatgraph: { cursorSecret: TEST_CURSOR_SECRET } });
});

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await harness.close();
});

/** Runs one property with the fixed seed and counts its runs. */
async function check<T>(
  arbitrary: fc.Arbitrary<T>,
  numRuns: number,
  predicate: (value: T) => Promise<void>,
  /** Report the first failure as found: shrinking a long list of ids costs a request per try. */
  endOnFailure = false,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      runs.total += 1;
      callsBefore = harness.calls();
      await predicate(value);
    }),
    { numRuns, seed: SEED, endOnFailure },
  );
}

/**
 * The property every answer must have: 200 (or a documented 4xx), every error coded, no more
 * vendor calls (counted by the sandbox) than one operation may make.
 */
function expectSound(answer: RawAnswer<unknown>, what: string, statuses = [200]): string[] {
  expect(statuses, `${what}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`).toContain(
    answer.status,
  );
  expectWellFormedAnswer(answer, what);
  const calls = harness.calls() - callsBefore;
  runs.mostVendorCalls = Math.max(runs.mostVendorCalls, calls);
  expect(calls, `${what}: vendor calls`).toBeLessThanOrEqual(MAX_VENDOR_CALLS);
  if ((answer.body?.extensions?.cost?.upstreamCalls ?? 0) > 0) runs.reachedVendor += 1;
  const codes = codesOf(answer.body) as string[];
  for (const code of codes) {
    expect(code, what).not.toBe('INTERNAL_SERVER_ERROR');
    codeTally.set(code, (codeTally.get(code) ?? 0) + 1);
  }
  return codes;
}

const account = (index: number) => harness.sandbox.dataset.accounts[index]!;
const accountGlobalId = (index: number) =>
  encodeGlobalId('ConnectedAccount', account(index).handle);

/** The three fields that take `first` and `after`. */
type PagedField = 'chats' | 'messages' | 'inbox';

const PAGE = '{ edges { cursor node { id } } pageInfo { endCursor } }';

/** A query of one paged field with `args`, declaring exactly the variables it uses. */
function pagedQuery(field: PagedField, args: string): string {
  const declared = [
    field === 'chats' ? '$account: ID!' : null,
    field === 'messages' ? '$chat: ID!' : null,
    args.includes('$first') ? '$first: Int' : null,
    args.includes('$after') ? '$after: String' : null,
  ].filter((declaration) => declaration !== null);
  const head = declared.length > 0 ? `query (${declared.join(', ')})` : 'query';
  const call = args === '' ? '' : `(${args})`;
  if (field === 'chats')
    return `${head} { connectedAccount(id: $account) { chats${call} ${PAGE} } }`;
  if (field === 'messages') return `${head} { chat(id: $chat) { messages${call} ${PAGE} } }`;
  return `${head} { inbox${call} ${PAGE} }`;
}

function pagedVariables(accountIndex: number) {
  const { Chat } = idsOf(account(accountIndex));
  return { account: accountGlobalId(accountIndex), chat: Chat };
}

describe('first', () => {
  const inRange = fc.integer({ min: -5, max: 105 });
  const int32 = fc.oneof(
    fc.integer(),
    fc.constantFrom(0, 1, 100, 101, -1, 2 ** 31 - 1, -(2 ** 31)),
  );
  const beyond32 = fc.oneof(
    fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -(2 ** 31) - 1 }),
    fc.constantFrom(2 ** 31, 2 ** 53, 1e21, -1e21),
  );

  it('answers any integer with data, BAD_USER_INPUT or a refusal, never an internal error', async () => {
    await check(
      fc.record({
        first: fc.oneof(inRange, int32, beyond32),
        field: fc.constantFrom<PagedField>('chats', 'messages', 'inbox'),
        viaVariable: fc.boolean(),
        accountIndex: fc.integer({ min: 0, max: 5 }),
      }),
      RUNS.first,
      async ({ first, field, viaVariable, accountIndex }) => {
        const literal = Number.isSafeInteger(first) ? String(first) : first.toExponential();
        const query = pagedQuery(field, viaVariable ? 'first: $first' : `first: ${literal}`);
        const answer = await post(harness.yoga, query, { ...pagedVariables(accountIndex), first });
        const is32 = Number.isInteger(first) && first >= -(2 ** 31) && first < 2 ** 31;
        if (!is32) {
          // Not an Int: GraphQL refuses the document (literal) or the variable with 400, unless
          // the cost limit, which reads the raw variable, prices it out first.
          const codes = expectSound(answer, `${field}(first: ${first})`, [200, 400]);
          if (answer.status === 200) expect(codes).toEqual(['QUERY_TOO_COMPLEX']);
          else
            expect(codes).toEqual([viaVariable ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED']);
          expect(answer.body?.data ?? null).toBeNull();
          return;
        }
        const codes = expectSound(answer, `${field}(first: ${first})`);
        if (first >= 1 && first <= 100) expect(codes).toEqual([]);
        else {
          expect(codes).toHaveLength(1);
          // A huge first may be priced out before the resolver sees it.
          expect(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']).toContain(codes[0]);
          if (codes[0] === 'BAD_USER_INPUT')
            expect(answer.body!.errors![0]!.message).toMatch(/1 to 100/);
        }
      },
    );
  });

  it('refuses a variable of the wrong type (float, string, object) with 400 and no data', async () => {
    const wrong = fc.oneof(
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter((value) => !Number.isInteger(value)),
      fc.string(),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    );
    await check(
      fc.record({ first: wrong, field: fc.constantFrom<PagedField>('chats', 'messages', 'inbox') }),
      RUNS.wrongType,
      async ({ first, field }) => {
        const answer = await post(harness.yoga, pagedQuery(field, 'first: $first'), {
          ...pagedVariables(0),
          first,
        });
        const codes = expectSound(answer, `${field}(first: ${JSON.stringify(first)})`, [400]);
        expect(answer.body?.data).toBeUndefined();
        expect(codes).toEqual(['BAD_USER_INPUT']);
        expect(answer.body!.errors![0]!.message).toMatch(/^Variable "\$first" got invalid value/);
      },
    );
  });
});

/** Real cursors of every kind, read from the gateway before fuzzing. */
interface RealCursor {
  field: PagedField;
  accountIndex: number;
  /** The arguments the cursor's list was read with, spliced into the query. */
  args: string;
  cursor: string;
}

const realCursors: RealCursor[] = [];

async function collectCursors(): Promise<void> {
  const argVariants: Record<PagedField, string[]> = {
    chats: [
      'first: 2',
      'first: 2, unreadOnly: true',
      'first: 2, search: "a"',
      'first: 2, order: OLDEST',
    ],
    messages: ['first: 2'],
    inbox: ['first: 3', 'first: 3, unreadOnly: true', 'first: 3, search: "a"'],
  };
  for (const [field, variants] of Object.entries(argVariants) as Array<[PagedField, string[]]>) {
    for (const args of variants) {
      for (let accountIndex = 0; accountIndex < 6; accountIndex++) {
        if (field === 'inbox' && accountIndex > 0) break;
        const answer = await post<Record<string, unknown>>(
          harness.yoga,
          pagedQuery(field, args),
          pagedVariables(accountIndex),
        );
        expect(answer.body?.errors).toBeUndefined();
        const text = answer.text;
        for (const match of text.matchAll(/"endCursor":"([^"]+)"/g)) {
          realCursors.push({ field, accountIndex, args, cursor: match[1]! });
        }
      }
    }
  }
}

const decode = cursorPayload;
/**
 * Edited cursors are signed with the gateway's own secret, so the edit reaches the checks behind
 * the signature (kind, list, every field's range); `mutation` covers tampering with the bytes.
 */
const encode = signCursor;
/** The unsigned form of before cursors were signed: refused by the missing signature alone. */
const unsigned = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A string with one character replaced, inserted or removed at a position. */
function flip(text: string, position: number, char: string, how: 'replace' | 'insert' | 'delete') {
  const at = position % Math.max(1, text.length);
  if (how === 'insert') return text.slice(0, at) + char + text.slice(at);
  if (how === 'delete') return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + char + text.slice(at + 1);
}

const mutation = fc.record({
  position: fc.nat(),
  char: fc.oneof(
    fc.constantFrom(...BASE64URL),
    fc.constantFrom('+', '/', '=', '.', ' ', 'é', '\u0000'),
  ),
  how: fc.constantFrom<'replace' | 'insert' | 'delete'>('replace', 'insert', 'delete'),
});

/** Values a number field of a cursor should never accept. */
const badNumber = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.integer({ min: 1_000_000, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 1, 1e300, -0, 0.5, 2 ** 63),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.constant(true),
  fc.array(fc.nat(), { maxLength: 2 }),
);

/** Ways to break a decoded cursor while keeping it base64url JSON. */
const cursorEdit = fc.oneof(
  fc.record({
    edit: fc.constant('kind' as const),
    kind: fc.constantFrom('chats', 'messages', 'inbox', 'x', ''),
  }),
  fc.record({
    edit: fc.constant('list' as const),
    list: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('')),
  }),
  fc.record({ edit: fc.constant('foreignList' as const), index: fc.nat() }),
  fc.record({
    edit: fc.constant('number' as const),
    field: fc.constantFrom('offset', 'before'),
    value: badNumber,
  }),
  fc.record({
    edit: fc.constant('digits' as const),
    digits: fc.oneof(
      fc.stringMatching(/^[0-9]{0,40}$/),
      fc.constantFrom('-1', '1e5', '١٢٣', '0x10', ' 12', '12 '),
    ),
  }),
  fc.record({
    edit: fc.constant('lanes' as const),
    offsets: fc.array(fc.oneof(fc.constant(null), fc.nat(), badNumber), { maxLength: 8 }),
    heads: fc.array(fc.oneof(fc.constant(null), fc.nat(), badNumber), { maxLength: 8 }),
  }),
  fc.record({
    edit: fc.constant('extra' as const),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 3,
    }),
  }),
  fc.record({
    edit: fc.constant('drop' as const),
    field: fc.constantFrom('kind', 'list', 'offset', 'before', 'offsets', 'heads'),
  }),
  fc.record({ edit: fc.constant('replace' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
);

type CursorEdit = typeof cursorEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(cursor: string, edit: CursorEdit): string {
  const value = decode(cursor);
  const reseal = openCursor(cursor)?.reseal ?? encode;
  switch (edit.edit) {
    case 'kind':
      return reseal({ ...value, kind: edit.kind });
    case 'list':
      return reseal({ ...value, list: edit.list });
    case 'foreignList': {
      const other = realCursors[edit.index % realCursors.length]!;
      return reseal({ ...value, list: decode(other.cursor).list });
    }
    case 'number':
      return reseal({ ...value, [edit.field]: edit.value });
    case 'digits':
      return reseal({ ...value, before: edit.digits });
    case 'lanes':
      return reseal({ ...value, offsets: edit.offsets, heads: edit.heads });
    case 'extra':
      return reseal({ ...edit.extra, ...value, ...edit.extra });
    case 'drop': {
      const { [edit.field]: _dropped, ...rest } = value;
      return reseal(rest);
    }
    case 'replace':
      return reseal(edit.value);
  }
}

describe('after', () => {
  beforeAll(collectCursors);

  it('answers any cursor with data or BAD_USER_INPUT, never an internal error', async () => {
    expect(realCursors.length).toBeGreaterThan(20);
    const cursor = fc.nat().chain((index) => {
      const real = realCursors[index % realCursors.length]!;
      const after = fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.jsonValue({ maxDepth: 3 }).map(encode),
        cursorEdit.map((edit) => unsigned(decode(applyEdit(real.cursor, edit)))),
        cursorEdit.map((edit) => applyEdit(real.cursor, edit)),
        cursorEdit.map((edit) => applyEdit(real.cursor, edit)),
        mutation.map(({ position, char, how }) => flip(real.cursor, position, char, how)),
        fc.constant(real.cursor),
      );
      return fc.record({
        real: fc.constant(real),
        after,
        // Mostly the cursor's own field and arguments, so only the mutation can make it wrong.
        elsewhere: fc.option(fc.constantFrom<PagedField>('chats', 'messages', 'inbox'), {
          freq: 4,
        }),
      });
    });
    await check(cursor, RUNS.cursors, async ({ real, after, elsewhere }) => {
      const field = elsewhere ?? real.field;
      const args = elsewhere ? 'first: 2, after: $after' : `${real.args}, after: $after`;
      const answer = await post(harness.yoga, pagedQuery(field, args), {
        ...pagedVariables(real.accountIndex),
        after,
      });
      const codes = expectSound(answer, `${field}(after: ${JSON.stringify(after).slice(0, 80)})`);
      if (after === real.cursor && elsewhere === null) expect(codes).toEqual([]);
    });
  });

  it('refuses every forged cursor with BAD_USER_INPUT: fields out of range, edited, made up', async () => {
    await check(
      fc.record({ index: fc.nat(), forgery: cursorForgery }),
      RUNS.forgedCursors,
      async ({ index, forgery }) => {
        const real = realCursors[index % realCursors.length]!;
        const after = forge(real.cursor, forgery);
        const answer = await post(
          harness.yoga,
          pagedQuery(real.field, `${real.args}, after: $after`),
          {
            ...pagedVariables(real.accountIndex),
            after,
          },
        );
        const what = `${real.field}(after: ${forgery.forge} ${JSON.stringify(after).slice(0, 80)})`;
        const codes = expectSound(answer, what);
        // A client can neither forge nor alter a cursor: anything but the real one is refused.
        if (after !== real.cursor) expect(codes, what).toEqual(['BAD_USER_INPUT']);
      },
    );
  });
});

describe('global ids', () => {
  /** Every kind of real id of every account, to mutate and to pass where another type belongs. */
  const realIds = () =>
    harness.sandbox.dataset.accounts.flatMap((account) => {
      const ids = idsOf(account);
      return [
        ids.ConnectedAccount,
        ids.Chat,
        ids.Message,
        ids.Account,
        ...(ids.Media ? [ids.Media] : []),
      ];
    });

  const HANDLES = [
    'acct_ffffffffffffffffffffffffffffffff',
    'fansly_acct_000000000000000000000000',
    'conn_zzzzzzzzzzzzzzzzzzzzzzzz',
    'acct_',
    'x',
  ];

  const part = fc.oneof(
    fc.stringMatching(/^[0-9]{1,19}$/),
    fc.stringMatching(/^[0-9]{20,128}$/),
    fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/),
    fc.constantFrom('0', '-1', '..', '.', '', '9'.repeat(129), 'é', '🙂', ' 1', '1:2'),
  );

  const crafted = fc
    .record({
      typename: fc.oneof(
        fc.constantFrom(...NODE_TYPENAMES),
        fc.constantFrom('Query', 'User', '', 'chat'),
      ),
      handle: fc.oneof(
        fc.constantFrom(...HANDLES),
        fc.nat().map((index) => harness.sandbox.dataset.accounts[index % 6]!.handle),
      ),
      parts: fc.array(part, { maxLength: 5 }),
    })
    .map(({ typename, handle: externalId, parts }) =>
      encodeGlobalId(typename, [externalId, ...parts].join(':')),
    );

  /** Ids that decode: the right number of well-formed parts, so they reach the resolvers. */
  const PART_COUNTS = {
    ConnectedAccount: [0],
    Chat: [2],
    Message: [3],
    Account: [1],
    Media: [1, 4],
  };
  const digits = fc.oneof(
    fc.stringMatching(/^[1-9][0-9]{0,11}$/),
    fc.stringMatching(/^[0-9]{18,19}$/),
    fc.stringMatching(/^[0-9]{20,128}$/),
    fc.constantFrom('0', '00', '1', '9007199254740993'),
  );
  const wellFormed = fc
    .record({
      typename: fc.constantFrom(...NODE_TYPENAMES),
      handle: fc.oneof(
        fc.nat().map((index) => harness.sandbox.dataset.accounts[index % 6]!.handle),
        fc.constantFrom(...HANDLES.slice(0, 3)),
      ),
      variant: fc.nat(),
      parts: fc.array(fc.oneof(digits, fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/)), {
        minLength: 4,
        maxLength: 4,
      }),
    })
    .map(({ typename, handle: externalId, variant, parts }) => {
      const counts = PART_COUNTS[typename];
      const count = counts[variant % counts.length]!;
      return encodeGlobalId(typename, [externalId, ...parts.slice(0, count)].join(':'));
    });

  /** A real id with one of its parts swapped: another account's handle, or a huge number. */
  const spliced = fc
    .record({
      index: fc.nat(),
      position: fc.nat(),
      replacement: fc.oneof(digits, fc.constantFrom(...HANDLES)),
    })
    .map(({ index, position, replacement }) => {
      const real = realIds()[index % realIds().length]!;
      const [typename, ...parts] = Buffer.from(real, 'base64url').toString('utf8').split(':');
      parts[position % parts.length] = replacement;
      return encodeGlobalId(typename!, parts.join(':'));
    });

  const anyId = fc.nat().chain((index) => {
    const real = realIds()[index % realIds().length]!;
    return fc.oneof(
      fc.constant(real),
      mutation.map(({ position, char, how }) => flip(real, position, char, how)),
      fc.constant(Buffer.from(Buffer.from(real, 'base64url').toString('utf8')).toString('base64')),
      crafted,
      wellFormed,
      wellFormed,
      spliced,
      spliced,
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,1100}$/),
    );
  });

  const ENTRY_POINTS = {
    node: `query ($id: ID!) { node(id: $id) { id __typename
      ... on Chat { unreadCount partner { username } lastMessage { text } }
      ... on Message { text sender { username } chat { id } media { id } }
      ... on Media { url type }
      ... on Account { username }
      ... on ConnectedAccount { externalId chats(first: 1) { edges { cursor } } } } }`,
    nodes: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }',
    chat: 'query ($id: ID!) { chat(id: $id) { id partner { username } messages(first: 2) { edges { node { id } } } } }',
    connectedAccount:
      'query ($id: ID!) { connectedAccount(id: $id) { id chats(first: 2) { edges { cursor } } } }',
    inbox:
      'query ($ids: [ID!]) { inbox(accountIds: $ids, first: 3) { edges { cursor } unavailableAccounts { id } } }',
  } as const;

  it('answers any id, through every entry point, with data, null or a documented error', async () => {
    await check(
      fc.record({
        entry: fc.constantFrom<keyof typeof ENTRY_POINTS>(
          'node',
          'nodes',
          'chat',
          'connectedAccount',
          'inbox',
        ),
        ids: fc.array(anyId, { minLength: 1, maxLength: 5 }),
      }),
      RUNS.ids,
      async ({ entry, ids }) => {
        const variables = entry === 'nodes' || entry === 'inbox' ? { ids } : { id: ids[0] };
        const answer = await post(harness.yoga, ENTRY_POINTS[entry], variables);
        expectSound(answer, `${entry}(${JSON.stringify(variables).slice(0, 120)})`);
      },
    );
  });
});

describe('search', () => {
  const CONTROL = fc.constantFrom(
    '\u0000',
    '\u0007',
    '\b',
    '\t',
    '\n',
    '\r',
    '\u001b',
    '\u007f',
    '\u2028',
    '\ufeff',
    '\u200b',
  );
  const search = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: CONTROL, maxLength: 20 }),
    fc.string({
      unit: fc.constantFrom('%', '&', '?', '=', '#', '/', '\\', '"', "'", '+', ' ', '*', '..'),
      maxLength: 30,
    }),
    fc.integer({ min: 95, max: 110 }).map((length) => 'a'.repeat(length)),
    fc.integer({ min: 95, max: 110 }).map((length) => '🙂'.repeat(Math.ceil(length / 2))),
  );

  it('answers any search text: results, or BAD_USER_INPUT past 100 characters', async () => {
    await check(
      fc.record({
        search,
        onInbox: fc.boolean(),
        accountIndex: fc.integer({ min: 0, max: 5 }),
      }),
      RUNS.search,
      async ({ search: text, onInbox, accountIndex }) => {
        const query = onInbox
          ? 'query ($search: String) { inbox(first: 3, search: $search) { edges { node { id } } } }'
          : 'query ($account: ID!, $search: String) { connectedAccount(id: $account) { chats(first: 3, search: $search) { edges { node { id } } } } }';
        const answer = await post(harness.yoga, query, {
          search: text,
          account: accountGlobalId(accountIndex),
        });
        const codes = expectSound(answer, `search ${JSON.stringify(text).slice(0, 60)}`);
        expect(codes).toEqual(text.trim().length > 100 ? ['BAD_USER_INPUT'] : []);
      },
    );
  });
});

describe('id lists', () => {
  /** A token that may read the first three accounts: the other three are out of its scope. */
  const TOKEN = 'fuzz-scoped-token';
  let scoped: Chatgraph;
  const inScope = () =>
    harness.sandbox.dataset.accounts.slice(0, 3).map((account) => account.handle);

  beforeAll(() => {
    scoped = createChatgraph({
      connectedAccounts: harness.connectedAccounts,
      tokens: [{ name: 'scoped', sha256: sha256Hex(TOKEN), accounts: inScope() }],
    });
  });

  /** Vendor calls made for accounts outside the scope, from the sandbox's counters. */
  const outOfScopeCalls = () => {
    const externalIds = new Set(inScope());
    let calls = 0;
    for (const route of Object.values(harness.sandbox.stats().routes)) {
      for (const [externalId, count] of Object.entries(route.byAccount)) {
        if (!externalIds.has(externalId)) calls += count;
      }
    }
    return calls;
  };

  it('answers nodes(ids:) of any ids, in and out of scope, without reaching other accounts', async () => {
    await check(
      idList(harness.sandbox.dataset.accounts),
      RUNS.idLists,
      async (ids) => {
        const before = outOfScopeCalls();
        const answer = await post<{ nodes?: Array<{ id: string } | null> }>(
          scoped,
          'query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on Message { text } ... on Chat { unreadCount } } }',
          { ids },
          { authorization: `Bearer ${TOKEN}` },
        );
        const what = `nodes(${ids.length} ids)`;
        const codes = expectSound(answer, what);
        if (ids.length > 100) expect(codes, what).not.toEqual([]);
        expect(outOfScopeCalls() - before, `${what}: calls for other accounts`).toBe(0);
        for (const node of answer.body?.data?.nodes ?? []) {
          if (node === null) continue;
          const local = Buffer.from(node.id, 'base64url').toString('utf8');
          expect(inScope(), `${what}: ${local}`).toContain(local.split(':')[1]);
        }
      },
      true,
    );
  }, 60_000);
});

describe('documents shaped like attacks', () => {
  it('answers fragment chains with data or a limit, never an internal error', async () => {
    await check(fragmentChain, RUNS.fragmentChains, async ({ query, what }) => {
      const answer = await post(harness.yoga, query);
      expectSound(answer, what, [200, 400]);
    });
  });

  it('answers one field under many aliases with data or a limit, within the vendor-call bound', async () => {
    await check(
      aliasFanOut(harness.sandbox.dataset.accounts),
      RUNS.aliasFanOut,
      async ({ aliases, field, ids }) => {
        const variables = field === 'nodes' || field === 'inbox' ? { ids } : { id: ids[0] ?? '' };
        const answer = await post(harness.yoga, aliasFanOutQuery(field, aliases), variables);
        expectSound(answer, `${aliases} × ${field}(${ids.length} ids)`, [200, 400]);
      },
      true,
    );
  }, 60_000);
});

describe('after fuzzing', () => {
  it('still serves, nothing crashed, and every code seen is documented', async () => {
    const answer = await post(harness.yoga, '{ connectedAccounts { id } }');
    expect(answer.status).toBe(200);
    expect(answer.body?.errors).toBeUndefined();
    expect(crashes).toEqual([]);
    for (const code of codeTally.keys()) expect(DOCUMENTED_CODES.has(code), code).toBe(true);
    const codes = [...codeTally].map(([code, count]) => `${code} ${count}`).join(', ');
    console.log(
      `fuzz: ${runs.total} runs (seed ${SEED}), ${runs.reachedVendor} reached a vendor (at most ${runs.mostVendorCalls} calls for one request), 0 crashes; error codes seen: ${codes}`,
    );
    expect(runs.total).toBe(Object.values(RUNS).reduce((sum, count) => sum + count, 0));
  });
});
