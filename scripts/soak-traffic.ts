/**
 * The soak's ordinary traffic, shared by its modes: the frontend operations (schema/operations),
 * the README examples and node lookups, weighted as a client would send them, paging on the
 * cursors earlier answers returned; and vendor faults scripted on random accounts and routes.
 * Seeded: the same seed sends the same queries and faults in the same order.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentNode, print } from 'graphql';
import {
  AccountChatsDocument,
  ChatByIdDocument,
  ChatThreadDocument,
  InboxPageDocument,
  UnifiedInboxDocument,
} from '../src/generated/graphql.ts';
import { encodeGlobalId } from '../src/ids.ts';
import { generateDataset, type SandboxAccount, type SandboxDataset } from '../src/sandbox/index.ts';
import type { SandboxFault, SandboxRoute } from '../src/sandbox/types.ts';
import { issuedAccountId, issuedMessageId, listedChatId } from '../test/support/issued-ids.ts';
import { REPO_ROOT } from './soak-processes.ts';

export const FAULT_KINDS = ['status', 'hang', 'malformed', 'truncate'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A small seeded generator (mulberry32): the same seed sends the same queries and faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The query mix: the frontend operations (schema/operations), the README examples, node lookups.

export interface Request {
  kind: string;
  query: string;
  variables: Record<string, unknown>;
  /** Keeps what the answer says for later requests (cursors to page on). */
  harvest?(data: Record<string, unknown>): void;
}

const documents = {
  inboxPage: print(InboxPageDocument as DocumentNode),
  accountChats: print(AccountChatsDocument as DocumentNode),
  unifiedInbox: print(UnifiedInboxDocument as DocumentNode),
  chatThread: print(ChatThreadDocument as DocumentNode),
  chatById: print(ChatByIdDocument as DocumentNode),
};

function readmeExamples(): Array<{ query: string; variables: Record<string, unknown> }> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({
    lang,
    text: text!,
  }));
  return blocks.flatMap((block, index) => {
    if (block.lang !== 'graphql') return [];
    const next = blocks[index + 1];
    const variables =
      next?.lang === 'json' && !next.text.includes('"data"')
        ? (JSON.parse(next.text) as Record<string, unknown>)
        : {};
    return [{ query: block.text, variables }];
  });
}

const README_EXAMPLES = readmeExamples();

export const accountId = (account: SandboxAccount) =>
  encodeGlobalId('ConnectedAccount', account.handle);

export type Data = Record<string, unknown>;

/** The value at `keys` inside an answer's data, or undefined when any step is missing. */
function at(data: Data, ...keys: string[]): unknown {
  let value: unknown = data;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export interface Traffic {
  dataset: SandboxDataset;
  random(): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** The next request of the mix. */
  nextRequest(): Request;
  /** A fault on a random account and route, of one of `kinds`. */
  randomFault(): { fault: SandboxFault; label: string };
}

/** The seeded traffic: queries, and faults of `faultKinds`. */
export function createTraffic(seed: number, faultKinds: readonly FaultKind[]): Traffic {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (probability: number) => random() < probability;

  const dataset = generateDataset(seed);

  function randomChat(): {
    account: SandboxAccount;
    id: string;
    chat: SandboxAccount['chats'][number];
  } {
    const account = pick(dataset.accounts);
    const chat = pick(account.chats);
    return {
      account,
      chat,
      id: listedChatId(account, chat),
    };
  }

  /** Cursors seen in answers, to page on: per list, the most recent few. */
  const cursors = new Map<string, string[]>();

  function keep(list: string, cursor: unknown): void {
    if (typeof cursor !== 'string') return;
    const known = cursors.get(list) ?? [];
    known.push(cursor);
    if (known.length > 20) known.shift();
    cursors.set(list, known);
  }

  function cursorFor(list: string): string | undefined {
    const known = cursors.get(list);
    return known && known.length > 0 ? pick(known) : undefined;
  }

  const REQUESTS: Array<{ weight: number; make(): Request }> = [
    {
      weight: 15,
      make: () => ({
        kind: 'InboxPage',
        query: documents.inboxPage,
        variables: { first: pick([5, 10, 20]) },
      }),
    },
    {
      weight: 20,
      make() {
        const account = pick(dataset.accounts);
        const filters = chance(0.25)
          ? { unreadOnly: chance(0.5), search: chance(0.5) ? pick(['a', 'e', 'ka', 'zz']) : null }
          : {};
        const list = `chats|${account.handle}|${JSON.stringify(filters)}`;
        const after = chance(0.5) ? cursorFor(list) : undefined;
        return {
          kind: after ? 'AccountChats (page 2+)' : 'AccountChats',
          query: documents.accountChats,
          variables: {
            accountId: accountId(account),
            first: pick([10, 20, 25]),
            after,
            ...filters,
          },
          harvest: (data: Data) =>
            keep(list, at(data, 'connectedAccount', 'chats', 'pageInfo', 'endCursor')),
        };
      },
    },
    {
      weight: 20,
      make() {
        const filters = chance(0.25)
          ? { unreadOnly: chance(0.5), search: chance(0.5) ? pick(['a', 'e', 'ka']) : null }
          : {};
        const accountIds = chance(0.2)
          ? [accountId(pick(dataset.accounts)), accountId(pick(dataset.accounts))]
          : undefined;
        const list = `inbox|${JSON.stringify(accountIds ?? null)}|${JSON.stringify(filters)}`;
        const after = chance(0.5) ? cursorFor(list) : undefined;
        return {
          kind: after ? 'UnifiedInbox (page 2+)' : 'UnifiedInbox',
          query: documents.unifiedInbox,
          variables: { first: pick([10, 20]), after, accountIds, ...filters },
          harvest: (data: Data) => keep(list, at(data, 'inbox', 'pageInfo', 'endCursor')),
        };
      },
    },
    {
      weight: 20,
      make() {
        const { id } = randomChat();
        const after = chance(0.3) ? cursorFor(`thread|${id}`) : undefined;
        return {
          kind: after ? 'ChatThread (page 2+)' : 'ChatThread',
          query: documents.chatThread,
          variables: { chatId: id, first: pick([10, 25, 50]), after },
          harvest: (data: Data) =>
            keep(`thread|${id}`, at(data, 'chat', 'messages', 'pageInfo', 'endCursor')),
        };
      },
    },
    {
      weight: 10,
      make: () => ({
        kind: 'ChatById',
        query: documents.chatById,
        variables: { chatId: randomChat().id },
      }),
    },
    {
      weight: 5,
      make() {
        const example = pick(README_EXAMPLES);
        return { kind: 'README example', query: example.query, variables: example.variables };
      },
    },
    {
      weight: 10,
      make() {
        const picks = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
          const { account, chat } = randomChat();
          const message = chat.messages.length > 0 ? pick(chat.messages) : null;
          return pick([
            listedChatId(account, chat),
            issuedAccountId(account, chat.partner),
            message ? issuedMessageId(account, chat, message.id) : accountId(account),
          ]);
        });
        return {
          kind: 'nodes',
          query: `query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename
            ... on Chat { unreadCount partner { username } lastMessage { text } }
            ... on Message { text createdAt sender { username } media { type url } }
            ... on Account { username displayName } } }`,
          variables: { ids: picks },
        };
      },
    },
  ];

  const TOTAL_WEIGHT = REQUESTS.reduce((sum, entry) => sum + entry.weight, 0);

  function nextRequest(): Request {
    let roll = random() * TOTAL_WEIGHT;
    for (const entry of REQUESTS) {
      roll -= entry.weight;
      if (roll < 0) return entry.make();
    }
    return REQUESTS[0]!.make();
  }

  // Faults, scripted through the sandbox's control routes on random accounts and routes.

  const FAULT_ROUTES: Array<{ route: SandboxRoute; accounts: SandboxAccount[] }> = (() => {
    const of = (vendor: 'onlyfansapi' | 'ofauth', platform: 'onlyfans' | 'fansly') =>
      dataset.accountsOf(vendor, platform);
    return [
      ...(['onlyfans.chats', 'onlyfans.messages', 'onlyfans.users'] as const).map((route) => ({
        route,
        accounts: of('onlyfansapi', 'onlyfans'),
      })),
      ...(['fansly.chats', 'fansly.messages', 'fansly.accountMedia'] as const).map((route) => ({
        route,
        accounts: of('onlyfansapi', 'fansly'),
      })),
      ...(['ofauth.chats', 'ofauth.messages', 'ofauth.users'] as const).map((route) => ({
        route,
        accounts: of('ofauth', 'onlyfans'),
      })),
    ];
  })();

  /** How often each kind of fault is picked, among those `--fault-kinds` allows. */
  const FAULT_WEIGHTS: Record<FaultKind, number> = {
    status: 45,
    hang: 15,
    malformed: 20,
    truncate: 20,
  };

  function randomFault(): { fault: SandboxFault; label: string } {
    const { route, accounts } = pick(FAULT_ROUTES);
    const externalId = pick(accounts).handle;
    const times = 1 + Math.floor(random() * 3);
    const kinds = faultKinds;
    let roll = random() * kinds.reduce((sum, kind) => sum + FAULT_WEIGHTS[kind], 0);
    let kind = kinds[0]!;
    for (const candidate of kinds) {
      kind = candidate;
      roll -= FAULT_WEIGHTS[candidate];
      if (roll < 0) break;
    }
    if (kind === 'status') {
      const status = pick([429, 429, 500, 502, 503, 503, 504, 401, 403, 404]);
      const retryAfter = status === 429 ? pick([0, 1, 30]) : undefined;
      return {
        fault: { route, externalId, kind, status, retryAfter, times },
        label: status === 429 ? `429 (Retry-After ${retryAfter})` : String(status),
      };
    }
    return { fault: { route, externalId, kind, times }, label: kind };
  }
  return { dataset, random, pick, chance, nextRequest, randomFault };
}
