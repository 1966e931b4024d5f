import fc from 'fast-check';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import { openCursor } from '../support/cursor-forgery.ts';
import { issuedAccountId, issuedChatLocal } from '../support/issued-ids.ts';

/**
 * The fuzz suite's generators for the shapes of issue 12's attacks: fragment chains, alias
 * fan-out, long id lists of every type, and forged cursors. Each makes what a client could send;
 * fuzz.test.ts holds the properties every answer must have.
 */

/**
 * The most fields a fragment chain expands to. Today's query-limit walk expands every spread, so a
 * deeper chain would block the test process for seconds per run; refusing them cheaply is what
 * test/security's own regression test for that finding checks.
 */
const MAX_EXPANSION = 2 ** 17;

const ACCOUNT_LEAVES = ['id', 'externalId', 'platform', 'vendor', '__typename'] as const;

/**
 * `levels` fragments, each spreading the one before it `spreads` times, on ConnectedAccount (under
 * `connectedAccounts`) or on Query; with `aliased`, each fragment adds an aliased field too.
 */
export const fragmentChain = fc
  .integer({ min: 1, max: 3 })
  .chain((spreads) =>
    fc.record({
      spreads: fc.constant(spreads),
      levels: fc.integer({
        min: 1,
        max: spreads === 1 ? 40 : Math.floor(Math.log2(MAX_EXPANSION) / Math.log2(spreads)),
      }),
      onQuery: fc.boolean(),
      leaves: fc.subarray([...ACCOUNT_LEAVES], { minLength: 1 }),
      aliased: fc.boolean(),
    }),
  )
  .map(({ spreads, levels, onQuery, leaves, aliased }) => {
    const type = onQuery ? 'Query' : 'ConnectedAccount';
    const leaf = onQuery
      ? `__typename connectedAccounts { ${leaves.join(' ')} }`
      : leaves.join(' ');
    const fragments = [`fragment F0 on ${type} { ${leaf} }`];
    for (let level = 1; level < levels; level++) {
      const spread = Array.from({ length: spreads }, () => `...F${level - 1}`).join(' ');
      const alias = aliased ? ` a${level}: __typename` : '';
      fragments.push(`fragment F${level} on ${type} { ${spread}${alias} }`);
    }
    const root = onQuery ? `...F${levels - 1}` : `connectedAccounts { ...F${levels - 1} }`;
    return {
      query: `query Chain { ${root} }\n${fragments.join('\n')}`,
      what: `chain of ${levels} × ${spreads} on ${type}${aliased ? ', aliased' : ''}`,
    };
  });

/** Every object of the dataset that has a global id, by type, per account. */
export function everyId(account: SandboxAccount) {
  const chats = account.chats.map((chat) => ({
    local: issuedChatLocal(account, chat),
    chat,
  }));
  return {
    ConnectedAccount: [encodeGlobalId('ConnectedAccount', account.handle)],
    Chat: chats.map(({ local }) => encodeGlobalId('Chat', local)),
    Account: chats.map(({ chat }) => issuedAccountId(account, chat.partner)),
    Message: chats.flatMap(({ local, chat }) =>
      chat.messages.map((message) => encodeGlobalId('Message', `${local}:${message.id}`)),
    ),
    Media: chats.flatMap(({ local, chat }) =>
      chat.messages.flatMap((message) =>
        message.media.map((media) =>
          account.platform === 'fansly'
            ? encodeGlobalId('Media', `${account.handle}:${media.id}`)
            : encodeGlobalId('Media', `${local}:${message.id}:${media.id}`),
        ),
      ),
    ),
  };
}

const digits = fc.stringMatching(/^[1-9][0-9]{5,11}$/);

/** A well-formed id of something that does not exist, on a real account or a made-up one. */
function madeUpId(externalIds: readonly string[]) {
  const externalId = fc.oneof(
    fc.constantFrom(...externalIds),
    fc.constantFrom('acct_ffffffffffffffffffffffffffffffff', 'conn_zzzzzzzzzzzzzzzzzzzzzzzz'),
  );
  return fc.oneof(
    fc
      .tuple(externalId, digits, digits)
      .map(([h, chat, partner]) => encodeGlobalId('Chat', `${h}:${chat}:${partner}`)),
    fc
      .tuple(externalId, digits, digits, digits)
      .map(([h, chat, partner, message]) =>
        encodeGlobalId('Message', `${h}:${chat}:${partner}:${message}`),
      ),
    fc
      .tuple(externalId, digits)
      .map(([h, partner]) => encodeGlobalId('Account', `${h}:${partner}`)),
    externalId.map((h) => encodeGlobalId('ConnectedAccount', h)),
  );
}

/** A real Message id of one of `accounts`: each costs a vendor call unless batched. */
export function messageId(accounts: readonly SandboxAccount[]) {
  const all = accounts.flatMap((account) => everyId(account).Message);
  return fc.integer({ min: 0, max: all.length - 1 }).map((index) => all[index]!);
}

/**
 * Lists of ids as a client may pass them to `nodes(ids:)`: mostly short, some around the cap
 * of 100, some far over; real ids of every type of every account in `accounts`, made-up ids,
 * strings that are not ids at all (in short lists), and long lists of Message ids only.
 */
export function idList(accounts: readonly SandboxAccount[], maxLength = 400) {
  const pools = accounts.map(everyId);
  const real = fc
    .record({
      account: fc.integer({ min: 0, max: pools.length - 1 }),
      type: fc.constantFrom('ConnectedAccount', 'Chat', 'Account', 'Message', 'Media' as const),
      position: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    })
    .map(({ account, type, position }) => {
      const pool = pools[account]!;
      const ids = pool[type].length > 0 ? pool[type] : pool.Chat;
      return ids[Math.floor(position * ids.length)]!;
    });
  const realMessage = messageId(accounts);
  const wellFormed = fc.oneof(
    { weight: 2, arbitrary: real },
    { weight: 1, arbitrary: madeUpId(accounts.map((account) => account.handle)) },
  );
  // Long lists hold only well-formed ids: one that is not an id refuses the whole list at once.
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(fc.oneof(wellFormed, fc.string({ maxLength: 30 })), { maxLength: 20 }),
    },
    { weight: 3, arbitrary: fc.array(wellFormed, { minLength: 90, maxLength: 110 }) },
    { weight: 2, arbitrary: fc.array(wellFormed, { minLength: 111, maxLength }) },
    // The credit drain: every id a message, each a vendor call unless batched.
    { weight: 2, arbitrary: fc.array(realMessage, { minLength: 50, maxLength }) },
  );
}

/** The same root field under `aliases` aliases, each with the same arguments. */
export const aliasFanOut = (accounts: readonly SandboxAccount[]) =>
  fc.record({
    aliases: fc.integer({ min: 1, max: 40 }),
    field: fc.constantFrom('nodes', 'node', 'chat', 'inbox'),
    ids: fc.oneof(
      idList(accounts, 200),
      fc.array(messageId(accounts), { minLength: 20, maxLength: 100 }),
      fc.array(messageId(accounts), { minLength: 101, maxLength: 200 }),
    ),
  });

/** The document of `aliasFanOut`'s value: declares `$ids` or `$id` as the field needs. */
export function aliasFanOutQuery(field: 'nodes' | 'node' | 'chat' | 'inbox', aliases: number) {
  const selection = {
    nodes: 'nodes(ids: $ids) { id __typename }',
    node: 'node(id: $id) { id }',
    chat: 'chat(id: $id) { id }',
    inbox: 'inbox(accountIds: $ids, first: 2) { edges { cursor } }',
  }[field];
  const variable =
    field === 'nodes' ? '$ids: [ID!]!' : field === 'inbox' ? '$ids: [ID!]' : '$id: ID!';
  const copies = Array.from({ length: aliases }, (_, index) => `a${index}: ${selection}`);
  return `query (${variable}) { ${copies.join(' ')} }`;
}

/** Numbers no cursor field should hold: out of a Date's range, negative, fractional, huge. */
const outOfRange = fc.oneof(
  fc.constantFrom(8.64e15, 8.64e15 + 1, Number.MAX_SAFE_INTEGER, 2 ** 53, -1, -8.64e15 - 1, 0.5),
  fc.constantFrom(1e21, 1e300, -0),
  fc.integer({ min: 8_640_000_000_000_001, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
);
const laneValue = fc.oneof(fc.constant(null), fc.nat(), outOfRange);

/** Ways to forge a cursor from a real one: edit its JSON and reseal, or make up its bytes. */
export const cursorForgery = fc.oneof(
  fc.record({
    forge: fc.constant('heads' as const),
    values: fc.array(laneValue, { maxLength: 8 }),
    keepLength: fc.boolean(),
  }),
  fc.record({
    forge: fc.constant('offsets' as const),
    values: fc.array(laneValue, { maxLength: 8 }),
    keepLength: fc.boolean(),
  }),
  fc.record({
    forge: fc.constant('field' as const),
    key: fc.constantFrom('kind', 'list', 'offset', 'before', 'offsets', 'heads', 'sig', ''),
    value: fc.oneof(outOfRange, fc.jsonValue({ maxDepth: 2 })),
  }),
  fc.record({
    forge: fc.constant('bytes' as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 160 }),
  }),
  fc.record({ forge: fc.constant('suffix' as const), bytes: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({ forge: fc.constant('cut' as const), bytes: fc.integer({ min: 1, max: 40 }) }),
);

export type CursorForgery = typeof cursorForgery extends fc.Arbitrary<infer T> ? T : never;

/** Applies a forgery to a real cursor. */
export function forge(cursor: string, forgery: CursorForgery): string {
  const bytes = Buffer.from(cursor, 'base64url');
  if (forgery.forge === 'bytes') return Buffer.from(forgery.bytes).toString('base64url');
  if (forgery.forge === 'cut') {
    return bytes.subarray(0, Math.max(1, bytes.length - forgery.bytes)).toString('base64url');
  }
  const opened = openCursor(cursor);
  const value = (opened?.value ?? {}) as Record<string, unknown>;
  if (forgery.forge === 'suffix') {
    const json = Buffer.from(JSON.stringify(value), 'utf8');
    return Buffer.concat([json, Buffer.from(forgery.bytes)]).toString('base64url');
  }
  const reseal =
    opened?.reseal ??
    ((edited: unknown) => Buffer.from(JSON.stringify(edited)).toString('base64url'));
  if (forgery.forge === 'field') return reseal({ ...value, [forgery.key]: forgery.value });
  const lanes = Array.isArray(value[forgery.forge])
    ? (value[forgery.forge] as unknown[]).length
    : 0;
  const values = forgery.keepLength
    ? Array.from({ length: lanes }, (_, index) => forgery.values[index] ?? 8.64e15 + 1)
    : forgery.values;
  return reseal({ ...value, [forgery.forge]: values });
}
