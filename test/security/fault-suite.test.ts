import type { Plugin } from 'graphql-yoga';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../../src/app/sandbox-mode.ts';
import { defaultServerConfig } from '../../src/config.ts';
import type { GatewayContext } from '../../src/context.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import { type SandboxAccount, startSandbox } from '../../src/sandbox/index.ts';
import type { SandboxFault, SandboxRoute } from '../../src/sandbox/types.ts';
import {
  type Chatgraph,
  type ChatgraphOptions,
  createChatgraph,
} from '../../src/server/create-chatgraph.ts';
import { connectAccounts } from '../../src/vendors/connect-accounts.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import {
  chatGlobalId,
  expectWellFormedAnswer,
  type GraphQLErrorJson,
  post,
  type RawAnswer,
} from './security-support.ts';

/**
 * Every way a vendor can fail, scripted through the sandbox, against a gateway that must answer
 * each with the documented code on the fields the failure touches and the rest of the data
 * beside it. Each case runs on a fresh sandbox and gateway: failures count toward each account's
 * circuit breaker (and a 429 toward its rate limiter), which would otherwise carry one case's
 * faults into the next.
 */

/** Scenarios run and survived, and the vendor attempts that failed during them. */
const tally = { tried: 0, survived: 0, attempts: 0, failedAttempts: 0 };

/** Counts the vendor attempts each request made and how many of them failed (gateway's view). */
function useAttemptTally(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ args }) {
          const context = args.contextValue as unknown as GatewayContext;
          tally.attempts += context.calls.length;
          tally.failedAttempts += context.calls.filter((call) => call.errorCode !== null).length;
        },
      };
    },
  };
}

let harness: GatewayHarness | null = null;

async function fresh(
  options: { timeoutMs?: number; chatgraph?: Omit<ChatgraphOptions, 'connectedAccounts'> } = {},
): Promise<GatewayHarness> {
  await harness?.close();
  harness = await startGatewayHarness({
    ...options,
    chatgraph: { ...options.chatgraph, plugins: [useAttemptTally()] },
  });
  return harness;
}

afterEach(async () => {
  harness?.sandbox.clearFaults();
  await harness?.close();
  harness = null;
});

/** A test that counts as one fault scenario: tried when it starts, survived when it passes. */
function scenario(name: string, body: () => Promise<void>, timeout?: number): void {
  it(
    name,
    async () => {
      tally.tried += 1;
      await body();
      // The gateway is still up and serving after the faults: nothing crashed.
      const after = await post(harness!.yoga, '{ connectedAccounts { id } }');
      expect(after.status).toBe(200);
      expect(after.body?.errors).toBeUndefined();
      tally.survived += 1;
    },
    timeout,
  );
}

type Kind = 'onlyfans' | 'fansly' | 'ofauth';

function accountOf(h: GatewayHarness, kind: Kind, index = 0): SandboxAccount {
  const [vendor, platform] =
    kind === 'ofauth' ? (['ofauth', 'onlyfans'] as const) : (['onlyfansapi', kind] as const);
  return h.sandbox.dataset.accountsOf(vendor, platform)[index]!;
}

function routeOf(account: SandboxAccount, what: 'chats' | 'messages' | 'users'): SandboxRoute {
  const family =
    account.vendor === 'ofauth' ? 'ofauth' : account.platform === 'fansly' ? 'fansly' : 'onlyfans';
  return `${family}.${what}` as SandboxRoute;
}

function vendorOf(account: SandboxAccount): 'OFAUTH' | 'ONLYFANSAPI' {
  return account.vendor === 'ofauth' ? 'OFAUTH' : 'ONLYFANSAPI';
}

/** Calls the sandbox received on a route for one account since the last reset. */
function callsOn(h: GatewayHarness, route: SandboxRoute, account: SandboxAccount): number {
  return h.sandbox.stats().routes[route].byAccount[account.handle] ?? 0;
}

function fail(h: GatewayHarness, fault: Partial<SandboxFault> & Pick<SandboxFault, 'route'>) {
  h.sandbox.addFault({ kind: 'status', ...fault } as SandboxFault);
}

/** The same fault on each account's chat list. */
function failChats(
  h: GatewayHarness,
  accounts: readonly SandboxAccount[],
  fault: Omit<Partial<SandboxFault>, 'route' | 'externalId'>,
) {
  for (const account of accounts) {
    fail(h, { ...fault, route: routeOf(account, 'chats'), externalId: account.handle });
  }
}

/** Each account's chat list was called `count` times since the last reset. */
function expectChatCalls(
  h: GatewayHarness,
  accounts: readonly SandboxAccount[],
  count: number,
  message?: string,
) {
  for (const account of accounts) {
    expect(callsOn(h, routeOf(account, 'chats'), account), message).toBe(count);
  }
}

const FOREVER = Number.POSITIVE_INFINITY;

const ACCOUNTS_CHATS = /* GraphQL */ `
  {
    connectedAccounts {
      externalId
      chats(first: 2) { edges { node { id } } }
    }
  }
`;

type AccountsChats = {
  connectedAccounts: Array<{ externalId: string; chats: { edges: unknown[] } | null }>;
};

/**
 * Asks ACCOUNTS_CHATS and expects the answer when `failing` fail with `code`: each of them null
 * with one error naming it, every other account with its two chats.
 */
async function expectAccountsChats(
  yoga: Chatgraph,
  failing: readonly SandboxAccount[],
  code: string | null,
  extra: (error: GraphQLErrorJson) => void = () => {},
): Promise<void> {
  const answer = await post<AccountsChats>(yoga, ACCOUNTS_CHATS);
  expectWellFormedAnswer(answer, 'connectedAccounts { chats }');
  expect(answer.status).toBe(200);
  const body = answer.body!;
  const externalIds = failing.map((account) => account.handle);
  if (code === null) {
    expect(body.errors).toBeUndefined();
  } else {
    expect(body.errors).toHaveLength(failing.length);
    for (const error of body.errors!) {
      expect(error.extensions?.code).toBe(code);
      expect(externalIds).toContain(error.extensions?.connectedAccount);
      const account = failing.find(
        (candidate) => candidate.handle === error.extensions?.connectedAccount,
      )!;
      expect(error.extensions?.vendor).toBe(vendorOf(account));
      expect(error.path?.at(-1)).toBe('chats');
      extra(error);
    }
  }
  const accounts = body.data!.connectedAccounts;
  expect(accounts).toHaveLength(6);
  for (const account of accounts) {
    if (code !== null && externalIds.includes(account.externalId)) expect(account.chats).toBeNull();
    else expect(account.chats!.edges).toHaveLength(2);
  }
}

describe('a 429 storm', () => {
  scenario(
    'short Retry-After on every account at once, twice in a row: retried, then all answer',
    async () => {
      const h = await fresh();
      const accounts = h.sandbox.dataset.accounts;
      for (const [round, times] of [
        [1, 2],
        [2, 1],
      ] as const) {
        h.sandbox.resetStats();
        failChats(h, accounts, { status: 429, retryAfter: 1, times });
        await expectAccountsChats(h.yoga, [], null);
        expectChatCalls(h, accounts, times + 1, `round ${round}`);
      }
    },
  );

  scenario(
    'long Retry-After on three accounts at once, three times: fails fast with retryAfter, and holds their budgets',
    async () => {
      const h = await fresh();
      const failing = (['onlyfans', 'fansly', 'ofauth'] as const).map((kind) => accountOf(h, kind));
      // OnlyFansAPI's rate limit is its key's, OFAuth's the connection's: a 429 holds every call
      // of that key or connection until its Retry-After, whichever account it answered.
      const held = h.sandbox.dataset.accounts.filter(
        (account) => account.vendor === 'onlyfansapi' || account.handle === failing[2]!.handle,
      );
      failChats(h, failing, { status: 429, retryAfter: 30, times: FOREVER });
      let callsAfterFirst: number[] = [];
      for (let round = 1; round <= 3; round++) {
        const answer = await post<AccountsChats>(h.yoga, ACCOUNTS_CHATS);
        expectWellFormedAnswer(answer, 'connectedAccounts { chats }');
        const errors = answer.body!.errors ?? [];
        const refused = errors.map((error) => error.extensions?.connectedAccount);
        for (const account of failing) expect(refused).toContain(account.handle);
        for (const error of errors) {
          expect(error.extensions?.code).toBe('UPSTREAM_RATE_LIMITED');
          expect(held.map((account) => account.handle)).toContain(
            error.extensions?.connectedAccount,
          );
          // The vendor's 429, or the hold it started: never longer than what the vendor said.
          expect(error.extensions?.retryAfter).toBeGreaterThanOrEqual(1);
          expect(error.extensions?.retryAfter).toBeLessThanOrEqual(30);
        }
        for (const account of answer.body!.data!.connectedAccounts) {
          if (!refused.includes(account.externalId)) expect(account.chats!.edges).toHaveLength(2);
        }
        // A Retry-After beyond the wait budget (5 s) is not waited for, and the calls after it
        // are held without reaching the vendor: at most one call each, all told.
        const calls = failing.map((account) => callsOn(h, routeOf(account, 'chats'), account));
        for (const count of calls) expect(count).toBeLessThanOrEqual(1);
        if (round === 1) callsAfterFirst = calls;
        else expect(calls).toEqual(callsAfterFirst);
      }
    },
  );

  scenario('the inbox under a 429 storm on two accounts: the others fill the page', async () => {
    const h = await fresh();
    const failing = [accountOf(h, 'ofauth'), accountOf(h, 'fansly')];
    failChats(h, failing, { status: 429, retryAfter: 60, times: FOREVER });
    const answer = await post<Inbox>(h.yoga, INBOX);
    expectPartialInbox(answer, failing, 'UPSTREAM_RATE_LIMITED');
    for (const error of answer.body!.errors!) expect(error.extensions?.retryAfter).toBe(60);
  });
});

describe('5xx bursts', () => {
  const kinds = ['onlyfans', 'fansly', 'ofauth'] as const;

  for (const status of [502, 503, 504]) {
    scenario(
      `two ${status}s on three accounts at once: retried, every account answers`,
      async () => {
        const h = await fresh();
        const bursting = kinds.map((kind) => accountOf(h, kind));
        failChats(h, bursting, { status, times: 2 });
        await expectAccountsChats(h.yoga, [], null);
        // Two failed attempts and the retry that answered.
        expectChatCalls(h, bursting, 3);
      },
    );

    scenario(`three ${status}s on three accounts at once: UPSTREAM_UNAVAILABLE`, async () => {
      const h = await fresh();
      const bursting = kinds.map((kind) => accountOf(h, kind));
      failChats(h, bursting, { status, times: 3 });
      await expectAccountsChats(h.yoga, bursting, 'UPSTREAM_UNAVAILABLE', (error) =>
        expect(error.extensions?.upstreamStatus).toBe(status),
      );
      expectChatCalls(h, bursting, 3);
    });
  }

  scenario('a sustained 503: the circuit opens and later queries no longer call', async () => {
    const h = await fresh();
    const down = accountOf(h, 'onlyfans');
    fail(h, {
      route: 'onlyfans.chats',
      externalId: down.handle,
      status: 503,
      times: FOREVER,
    });
    for (let query = 1; query <= 3; query++) {
      await expectAccountsChats(h.yoga, [down], 'UPSTREAM_UNAVAILABLE');
    }
    // 3 attempts, then 2 more before the fifth failure opens the circuit; then none.
    expect(callsOn(h, 'onlyfans.chats', down)).toBe(5);
  });
});

describe('hung responses', () => {
  const kinds = ['onlyfans', 'fansly', 'ofauth'] as const;

  scenario(
    'two hangs on three accounts at once: each attempt times out, the third answers',
    async () => {
      const h = await fresh({ timeoutMs: 250 });
      const hung = kinds.map((kind) => accountOf(h, kind));
      failChats(h, hung, { kind: 'hang', times: 2 });
      await expectAccountsChats(h.yoga, [], null);
      expectChatCalls(h, hung, 3);
    },
  );

  scenario('a hang on every attempt: UPSTREAM_TIMEOUT after three attempts', async () => {
    const h = await fresh({ timeoutMs: 250 });
    const hung = kinds.map((kind) => accountOf(h, kind));
    failChats(h, hung, { kind: 'hang', times: FOREVER });
    await expectAccountsChats(h.yoga, hung, 'UPSTREAM_TIMEOUT');
    expectChatCalls(h, hung, 3);
  });

  scenario(
    'a hang past the request deadline: UPSTREAM_TIMEOUT, no retry, the rest answers',
    async () => {
      // Vendor calls may take 10 s (the default); the request has 400 ms.
      const h = await fresh({ chatgraph: { requestTimeoutMs: 400 } });
      const hung = [accountOf(h, 'ofauth'), accountOf(h, 'fansly', 1)];
      failChats(h, hung, { kind: 'hang', times: FOREVER });
      await expectAccountsChats(h.yoga, hung, 'UPSTREAM_TIMEOUT');
      expectChatCalls(h, hung, 1);
    },
  );

  scenario(
    'the inbox with a hung account past the request deadline: the others fill the page',
    async () => {
      const h = await fresh({ chatgraph: { requestTimeoutMs: 400 } });
      const hung = [accountOf(h, 'onlyfans')];
      fail(h, {
        route: 'onlyfans.chats',
        externalId: hung[0]!.handle,
        kind: 'hang',
        times: FOREVER,
      });
      expectPartialInbox(await post<Inbox>(h.yoga, INBOX), hung, 'UPSTREAM_TIMEOUT');
    },
  );
});

describe('malformed and truncated bodies', () => {
  const kinds = ['onlyfans', 'fansly', 'ofauth'] as const;

  for (const kind of ['malformed', 'truncate'] as const) {
    scenario(
      `${kind} chat lists on three accounts at once: UPSTREAM_INVALID_RESPONSE, not retried`,
      async () => {
        const h = await fresh();
        const broken = kinds.map((which) => accountOf(h, which));
        // Three in store: a retry would meet the second one and show in the count.
        failChats(h, broken, { kind, times: 3 });
        await expectAccountsChats(h.yoga, broken, 'UPSTREAM_INVALID_RESPONSE');
        expectChatCalls(h, broken, 1);
      },
    );

    scenario(`a ${kind} thread: that chat fails, the other chats of the query answer`, async () => {
      const h = await fresh();
      const broken = accountOf(h, 'fansly');
      fail(h, { route: 'fansly.messages', externalId: broken.handle, kind, times: 3 });
      const answer = await post<Threads>(h.yoga, THREADS, threadIds(h, broken));
      expectThreads(answer, broken, 'UPSTREAM_INVALID_RESPONSE');
      expect(callsOn(h, 'fansly.messages', broken)).toBe(1);
    });
  }
});

/** One vendor down: the three failure modes an outage shows, on every OFAuth route. */
const OUTAGES = [
  { name: '503s', fault: { kind: 'status', status: 503 }, code: 'UPSTREAM_UNAVAILABLE' },
  { name: 'hangs', fault: { kind: 'hang' }, code: 'UPSTREAM_TIMEOUT' },
  { name: 'malformed bodies', fault: { kind: 'malformed' }, code: 'UPSTREAM_INVALID_RESPONSE' },
  { name: 'truncated bodies', fault: { kind: 'truncate' }, code: 'UPSTREAM_INVALID_RESPONSE' },
] as const;

const OFAUTH_ROUTES: SandboxRoute[] = [
  'ofauth.connections',
  'ofauth.chats',
  'ofauth.messages',
  'ofauth.users',
];

function ofAuthDown(
  h: GatewayHarness,
  fault: (typeof OUTAGES)[number]['fault'],
  routes = OFAUTH_ROUTES,
) {
  for (const route of routes) fail(h, { ...fault, route, times: FOREVER });
}

const INBOX = /* GraphQL */ `
  {
    inbox(first: 10) {
      edges { node { id connectedAccount { externalId } } }
      pageInfo { hasNextPage endCursor }
      unavailableAccounts { externalId }
    }
  }
`;

type Inbox = {
  inbox: {
    edges: Array<{ node: { id: string; connectedAccount: { externalId: string } } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    unavailableAccounts: Array<{ externalId: string }>;
  };
};

/** A full page from the accounts that answer; the failing ones named, in errors and in data. */
function expectPartialInbox(
  answer: RawAnswer<Inbox>,
  failing: readonly SandboxAccount[],
  code: string,
) {
  expectWellFormedAnswer(answer, 'inbox');
  expect(answer.status).toBe(200);
  const externalIds = failing.map((account) => account.handle).sort();
  const { errors, data } = answer.body!;
  expect(errors?.map((error) => error.extensions?.connectedAccount).sort()).toEqual(externalIds);
  for (const error of errors!) {
    expect(error.extensions?.code).toBe(code);
    expect(error.path).toEqual(['inbox']);
  }
  expect(data!.inbox.unavailableAccounts.map((account) => account.externalId).sort()).toEqual(
    externalIds,
  );
  expect(data!.inbox.edges).toHaveLength(10);
  for (const edge of data!.inbox.edges) {
    expect(externalIds).not.toContain(edge.node.connectedAccount.externalId);
  }
  expect(data!.inbox.pageInfo.hasNextPage).toBe(true);
}

const THREADS = /* GraphQL */ `
  query ($broken: ID!, $healthy: ID!) {
    broken: chat(id: $broken) { id messages(first: 3) { edges { node { text } } } }
    healthy: chat(id: $healthy) { id messages(first: 3) { edges { node { text } } } }
  }
`;

type Thread = { id: string; messages: { edges: unknown[] } | null } | null;
type Threads = { broken: Thread; healthy: Thread };

function threadIds(h: GatewayHarness, broken: SandboxAccount) {
  const healthy = h.sandbox.dataset.accounts.find(
    (account) => account.vendor !== broken.vendor || account.platform !== broken.platform,
  )!;
  const withMessages = (account: SandboxAccount) =>
    account.chats.findIndex((chat) => chat.messages.length >= 3);
  return {
    broken: chatGlobalId(broken, withMessages(broken)),
    healthy: chatGlobalId(healthy, withMessages(healthy)),
  };
}

/** The broken chat is null with one error naming its account; the healthy one answers. */
function expectThreads(answer: RawAnswer<Threads>, broken: SandboxAccount, code: string) {
  expectWellFormedAnswer(answer, 'chat(id) { messages }');
  expect(answer.status).toBe(200);
  const { errors, data } = answer.body!;
  expect(errors).toHaveLength(1);
  expect(errors![0]!.extensions).toMatchObject({
    code,
    vendor: vendorOf(broken),
    connectedAccount: broken.handle,
  });
  expect(errors![0]!.path).toEqual(['broken']);
  expect(data!.broken).toBeNull();
  expect(data!.healthy!.messages!.edges).toHaveLength(3);
}

const PARTNERS = /* GraphQL */ `
  {
    connectedAccounts {
      externalId
      vendor
      chats(first: 3) { edges { node { id partner { id username } } } }
    }
  }
`;

type Partners = {
  connectedAccounts: Array<{
    externalId: string;
    vendor: string;
    chats: {
      edges: Array<{ node: { id: string; partner: { id: string; username: string | null } } }>;
    } | null;
  }>;
};

describe('one vendor down: every OFAuth route failing, OnlyFansAPI answering', () => {
  for (const outage of OUTAGES) {
    const timeoutMs = outage.fault.kind === 'hang' ? 250 : undefined;

    scenario(`${outage.name}: connectedAccounts { chats }`, async () => {
      const h = await fresh({ timeoutMs });
      ofAuthDown(h, outage.fault);
      const ofauth = h.sandbox.dataset.accounts.filter((account) => account.vendor === 'ofauth');
      await expectAccountsChats(h.yoga, ofauth, outage.code);
    });

    scenario(`${outage.name}: inbox`, async () => {
      const h = await fresh({ timeoutMs });
      ofAuthDown(h, outage.fault);
      const ofauth = h.sandbox.dataset.accounts.filter((account) => account.vendor === 'ofauth');
      expectPartialInbox(await post<Inbox>(h.yoga, INBOX), ofauth, outage.code);
    });

    scenario(`${outage.name}: chat(id) { messages }`, async () => {
      const h = await fresh({ timeoutMs });
      ofAuthDown(h, outage.fault);
      const broken = accountOf(h, 'ofauth', 1);
      expectThreads(
        await post<Threads>(h.yoga, THREADS, threadIds(h, broken)),
        broken,
        outage.code,
      );
    });

    scenario(`${outage.name} of the users lookups only: partner { username }`, async () => {
      const h = await fresh({ timeoutMs });
      ofAuthDown(h, outage.fault, ['ofauth.users']);
      const answer = await post<Partners>(h.yoga, PARTNERS);
      expectWellFormedAnswer(answer, 'partner { username }');
      const { errors, data } = answer.body!;
      // One error per partner whose profile could not be read: three per OFAuth account.
      expect(errors).toHaveLength(6);
      for (const error of errors!) {
        expect(error.extensions).toMatchObject({
          code: outage.code,
          vendor: 'OFAUTH',
          route: 'ofauth.users',
        });
        expect(error.path).toEqual([
          'connectedAccounts',
          expect.any(Number),
          'chats',
          'edges',
          expect.any(Number),
          'node',
          'partner',
          'username',
        ]);
      }
      for (const account of data!.connectedAccounts) {
        // The chat lists still answer; only the lookups behind the usernames failed.
        expect(account.chats!.edges).toHaveLength(3);
        for (const { node } of account.chats!.edges) {
          expect(node.partner.id).toBeTruthy();
          if (account.vendor === 'OFAUTH') expect(node.partner.username).toBeNull();
          else expect(node.partner.username).toBeTruthy();
        }
      }
    });
  }

  scenario('down from start-up: the gateway starts, and OnlyFansAPI accounts answer', async () => {
    // The account lists are read at start-up: a gateway started while OFAuth is down only warns.
    await harness?.close();
    const sandbox = await startSandbox();
    const down = { route: '*' as const, externalId: undefined };
    for (const route of OFAUTH_ROUTES)
      sandbox.addFault({ ...down, ...OUTAGES[0].fault, route, times: FOREVER });
    const warnings: string[] = [];
    const connectedAccounts = await connectAccounts(
      sandboxConfig(sandbox, { ...defaultServerConfig({}), port: 0 }),
      { warn: (message) => warnings.push(message) },
    );
    const yoga = createChatgraph({
      connectedAccounts: connectedAccounts,
      plugins: [useAttemptTally()],
    });
    harness = {
      sandbox,
      connectedAccounts: connectedAccounts,
      yoga,
      query: () => Promise.reject(new Error('not used')),
      calls: () => 0,
      close: async () => {
        await connectedAccounts.close();
        await sandbox.close();
      },
    };
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/OFAuth connections list unavailable at start-up/);
    expect(warnings.join('\n')).not.toContain(sandbox.keys.ofauth);
    const ofauth = sandbox.dataset.accounts.filter((account) => account.vendor === 'ofauth');
    await expectAccountsChats(yoga, ofauth, 'UPSTREAM_UNAVAILABLE');
  });
});

describe('Fansly media lookups failing', () => {
  const MEDIA = /* GraphQL */ `
    query ($id: ID!) {
      chat(id: $id) { messages(first: 100) { edges { node { platformId media { id } } } } }
    }
  `;

  type MediaThread = {
    chat: {
      messages: { edges: Array<{ node: { platformId: string; media: Array<{ id: string }> } }> };
    };
  };

  /** A Fansly chat whose newest 100 messages carry media the messages page leaves out. */
  function chatWithAbsentMedia(h: GatewayHarness) {
    const account = accountOf(h, 'fansly');
    const mediaOf = (message: SandboxAccount['chats'][number]['messages'][number]) => [
      ...message.media,
      ...message.bundles.flatMap((bundle) => bundle.media),
    ];
    const chat = account.chats.find((candidate) =>
      candidate.messages
        .slice(-100)
        .some((message) => mediaOf(message).some((media) => media.absentFromPage)),
    )!;
    const expected = new Map(
      chat.messages.slice(-100).map((message) => [
        message.id,
        {
          present: mediaOf(message)
            .filter((media) => !media.absentFromPage)
            .map((media) => encodeGlobalId('Media', `${account.handle}:${media.id}`))
            .sort(),
          absent: mediaOf(message).filter((media) => media.absentFromPage).length,
        },
      ]),
    );
    return {
      account,
      id: chatGlobalId(account, account.chats.indexOf(chat)),
      expected,
      length: Math.min(100, chat.messages.length),
    };
  }

  for (const outage of OUTAGES) {
    scenario(`${outage.name}: the media left out, extensions.warnings says why`, async () => {
      const h = await fresh({ timeoutMs: outage.fault.kind === 'hang' ? 250 : undefined });
      const { account, id, expected, length } = chatWithAbsentMedia(h);
      fail(h, {
        ...outage.fault,
        route: 'fansly.accountMedia',
        externalId: account.handle,
        times: FOREVER,
      });
      const answer = await post<MediaThread>(h.yoga, MEDIA, { id });
      expectWellFormedAnswer(answer, 'Fansly media');
      const { errors, data, extensions } = answer.body!;
      expect(errors).toBeUndefined();
      expect(extensions?.warnings).toHaveLength(1);
      expect(extensions!.warnings![0]).toMatchObject({
        code: outage.code,
        vendor: 'ONLYFANSAPI',
        connectedAccount: account.handle,
        route: 'fansly.accountMedia',
      });
      const edges = data!.chat.messages.edges;
      expect(edges).toHaveLength(length);
      let leftOut = 0;
      for (const { node } of edges) {
        const wanted = expected.get(node.platformId)!;
        expect(node.media.map((media) => media.id).sort()).toEqual(wanted.present);
        leftOut += wanted.absent;
      }
      expect(leftOut).toBeGreaterThan(0);
      expect(callsOn(h, 'fansly.messages', account)).toBe(1);
    });
  }
});

describe('the tally', () => {
  it('counts every fault scenario survived', () => {
    console.log(
      `fault suite: ${tally.survived}/${tally.tried} fault scenarios survived; ${tally.failedAttempts} of ${tally.attempts} vendor attempts failed by injection`,
    );
    expect(tally.tried).toBeGreaterThan(0);
    expect(tally.survived).toBe(tally.tried);
  });
});

afterAll(async () => {
  await harness?.close();
});
