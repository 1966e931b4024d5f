/**
 * The attacks of issue 12, as the soak's attack mode sends them: each is a few requests an
 * outsider with one valid token (or none) could send, and each answer is reduced to what the
 * report tallies — HTTP status, error codes (or "not JSON"), size, vendor calls, and whether a
 * request without a valid token got data.
 */

import { encodeGlobalId } from '../src/ids.ts';
import type { SandboxAccount, SandboxDataset } from '../src/sandbox/index.ts';
import { forgeCursor } from '../test/support/cursor-forgery.ts';
import { issuedMessageId } from '../test/support/issued-ids.ts';
import { errorCodes } from './soak-report.ts';

/** What the report keeps of one answer. */
export interface AttackOutcome {
  status: number;
  /** The errors' codes; null when the body is not a GraphQL answer (not JSON, or empty). */
  codes: string[] | null;
  bytes: number;
  /** `extensions.cost.upstreamCalls`, summed over a batch's answers. */
  upstreamCalls: number;
  /** A request without a valid token got account data (or /metrics). */
  leaked: boolean;
}

export interface AttackContext {
  gatewayUrl: string;
  sandboxUrl: string;
  /** The attacker's valid token. */
  token: string;
  dataset: SandboxDataset;
  /** The account whose calls the `hung-account` attack hangs. */
  hungAccount: SandboxAccount;
}

export interface Attack {
  name: string;
  /** Runs once; its requests are sent one after the other unless said otherwise. */
  run(context: AttackContext): Promise<AttackOutcome[]>;
}

/**
 * What the batch's ids may take: the largest body the gateway takes by default
 * (`limits.maxBodyBytes`, 1 MiB) less room for the documents and JSON, so that it is the batch and
 * not the body limit that is tested.
 */
const BODY_BUDGET = 1_048_576 - 65_536;

const globalIdOf = {
  account: (account: SandboxAccount) => encodeGlobalId('ConnectedAccount', account.handle),
  message: (account: SandboxAccount, chat: SandboxAccount['chats'][number], id: string) =>
    issuedMessageId(account, chat, id),
};

/** How long one attack request may take: on today's code some block the gateway for a minute. */
const ATTACK_TIMEOUT_MS = 180_000;

/**
 * Sends one request and reduces its answer; a transport failure is status 0. `handles`: account
 * handles whose presence in the answer is a leak. `graphql` false: the answer is not judged as
 * a GraphQL answer (/metrics), only for leaks.
 */
async function attempt(url: string, init: RequestInit, handles: string[] = []) {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(ATTACK_TIMEOUT_MS) });
    const text = await response.text();
    let upstreamCalls = 0;
    try {
      const body = JSON.parse(text) as unknown;
      for (const answer of Array.isArray(body) ? body : [body]) {
        upstreamCalls +=
          (answer as { extensions?: { cost?: { upstreamCalls?: number } } } | null)?.extensions
            ?.cost?.upstreamCalls ?? 0;
      }
    } catch {
      // Not JSON: errorCodes says so.
    }
    return {
      status: response.status,
      codes: errorCodes(text),
      bytes: text.length,
      upstreamCalls,
      leaked: handles.some((handle) => text.includes(handle)),
    } satisfies AttackOutcome;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      status: 0,
      codes: [`transport ${cause?.code ?? (error as Error).name}`],
      bytes: 0,
      upstreamCalls: 0,
      leaked: false,
    } satisfies AttackOutcome;
  }
}

function post(context: AttackContext, body: unknown, token: string | null = context.token) {
  return attempt(`${context.gatewayUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

/** Each of `levels` fragments spreads the one before it twice: 2^levels fields once expanded. */
export function fragmentChain(levels: number): string {
  const fragments = ['fragment F0 on ConnectedAccount { id externalId }'];
  for (let level = 1; level < levels; level++) {
    fragments.push(`fragment F${level} on ConnectedAccount { ...F${level - 1} ...F${level - 1} }`);
  }
  return `query FragmentChain { connectedAccounts { ...F${levels - 1} } }\n${fragments.join('\n')}`;
}

/** `aliases` copies of nodes(ids: $ids), each asking what a ConnectedAccount has. */
function aliasFanOut(aliases: number): string {
  const copies = Array.from(
    { length: aliases },
    (_, index) =>
      `a${index}: nodes(ids: $ids) { id ... on ConnectedAccount { externalId platform vendor } }`,
  );
  return `query AliasFanOut($ids: [ID!]!) { ${copies.join(' ')} }`;
}

/** `count` ids cycling through `ids`. */
const repeat = (ids: string[], count: number) =>
  Array.from({ length: count }, (_, index) => ids[index % ids.length]!);

const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const INBOX_PAGE =
  'query ($after: String) { inbox(first: 3, after: $after) { edges { cursor } pageInfo { endCursor } } }';

export const ATTACKS: Attack[] = [
  {
    name: 'fragment chain (24 levels)',
    run: async (context) => [await post(context, { query: fragmentChain(24) })],
  },
  {
    name: '30 aliases × nodes(ids:) with 10,000 ids',
    async run(context) {
      const ids = repeat(context.dataset.accounts.map(globalIdOf.account), 10_000);
      return [await post(context, { query: aliasFanOut(30), variables: { ids } })];
    },
  },
  {
    name: 'batch of 3 amplification operations',
    async run(context) {
      const accountIds = context.dataset.accounts.map(globalIdOf.account);
      const longest = Math.max(...accountIds.map((id) => id.length));
      const perOperation = Math.floor(BODY_BUDGET / 3 / (longest + 3));
      const operation = {
        query: aliasFanOut(30),
        variables: { ids: repeat(accountIds, perOperation) },
      };
      return [await post(context, [operation, operation, operation])];
    },
  },
  {
    name: 'nodes(ids:) with 481 Message ids',
    async run(context) {
      const messages = context.dataset.accounts.flatMap((account) =>
        account.chats.flatMap((chat) =>
          chat.messages.map((message) => globalIdOf.message(account, chat, message.id)),
        ),
      );
      return [await post(context, { query: NODES, variables: { ids: repeat(messages, 481) } })];
    },
  },
  {
    name: 'nodes(ids:) with 3,000 made-up Chat ids',
    async run(context) {
      const handles = context.dataset.accounts.map((account) => account.handle);
      const ids = Array.from({ length: 3_000 }, (_, index) =>
        encodeGlobalId(
          'Chat',
          `${handles[index % handles.length]}:${900_000_000 + index}:${800_000_000 + index}`,
        ),
      );
      return [await post(context, { query: NODES, variables: { ids } })];
    },
  },
  {
    name: 'forged inbox cursors',
    async run(context) {
      const page = await fetch(`${context.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${context.token}` },
        body: JSON.stringify({ query: INBOX_PAGE }),
      });
      const real = /"endCursor":"([^"]+)"/.exec(await page.text())?.[1] ?? base64url('{}');
      const lanes = (value: Record<string, unknown>) =>
        Array.isArray(value.heads) ? value.heads.length : context.dataset.accounts.length;
      const forged = [
        forgeCursor(real, (value) => ({ ...value, heads: Array(lanes(value)).fill(8.64e15 + 1) })),
        forgeCursor(real, (value) => ({
          ...value,
          heads: Array(lanes(value)).fill(Number.MAX_SAFE_INTEGER),
        })),
        forgeCursor(real, (value) => ({
          ...value,
          offsets: Array(lanes(value)).fill(Number.MAX_SAFE_INTEGER),
        })),
        Buffer.from(Array.from({ length: 48 }, (_, index) => (index * 97 + 13) % 256)).toString(
          'base64url',
        ),
      ];
      const outcomes: AttackOutcome[] = [];
      for (const after of forged) {
        outcomes.push(await post(context, { query: INBOX_PAGE, variables: { after } }));
      }
      return outcomes;
    },
  },
  {
    name: '[null] batches',
    async run(context) {
      const outcomes: AttackOutcome[] = [];
      for (const body of [[null], [null, null], [{ query: '{ __typename }' }, null]]) {
        outcomes.push(await post(context, body));
      }
      return outcomes;
    },
  },
  {
    name: 'GET URL over 16 KB',
    async run(context) {
      const query = `{ __typename } # ${'a'.repeat(17_000)}`;
      const url = `${context.gatewayUrl}/graphql?query=${encodeURIComponent(query)}`;
      return [
        await attempt(url, {
          headers: {
            accept: 'application/graphql-response+json',
            authorization: `Bearer ${context.token}`,
          },
        }),
      ];
    },
  },
  {
    name: 'GET with Accept text/html and no (or a wrong) token',
    async run(context) {
      const handles = context.dataset.accounts.map((account) => account.handle);
      const query = encodeURIComponent('{ connectedAccounts { externalId } }');
      const html = { accept: 'text/html,application/json', 'x-graphql-yoga-csrf': '1' };
      return [
        await attempt(`${context.gatewayUrl}/graphql?query=${query}`, { headers: html }, handles),
        await attempt(
          `${context.gatewayUrl}/graphql?query=${query}`,
          { headers: { ...html, authorization: 'Bearer not-a-token' } },
          handles,
        ),
        // Refused with a coded JSON body like any other request without a token.
        await attempt(`${context.gatewayUrl}/metrics`, { headers: html }, handles),
      ];
    },
  },
];

/**
 * One account's calls hung: a `hang` fault on its chat lists for `count` calls, then `count`
 * concurrent reads of its chats, which hold vendor connections until the vendor timeout. Returns
 * at once; the promise settles when every read has answered.
 */
export async function hangAccount(
  context: AttackContext,
  count: number,
): Promise<Promise<AttackOutcome[]>> {
  const account = context.hungAccount;
  const route = account.vendor === 'ofauth' ? 'ofauth.chats' : `${account.platform}.chats`;
  const scripted = await fetch(`${context.sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ route, externalId: account.handle, kind: 'hang', times: count }),
  });
  await scripted.arrayBuffer();
  if (scripted.status !== 201) throw new Error(`the sandbox refused the hang fault`);
  const query = `query ($id: ID!) { connectedAccount(id: $id) { chats(first: 10) { edges { node { id } } } } }`;
  return Promise.all(
    Array.from({ length: count }, () =>
      post(context, { query, variables: { id: globalIdOf.account(account) } }),
    ),
  );
}
