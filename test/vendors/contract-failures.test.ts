import { describe, expect, it } from 'vitest';
import { UpstreamCallBudget } from '../../src/http/call-budget.ts';
import {
  TooManyUpstreamCallsError,
  type UpstreamError,
  UpstreamForbiddenError,
  UpstreamInvalidResponseError,
  UpstreamNotFoundError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';
import type { UpstreamCallEvent } from '../../src/http/vendor-http-events.ts';
import type { SandboxAccount, SandboxFault, SandboxRoute } from '../../src/sandbox/index.ts';
import type { AccountAdapter, CallOptions } from '../../src/vendors/contract.ts';
import { ADAPTER_CASES, type AdapterCase, callsFor, useAdapter } from './adapter-cases.ts';
import { named, useSandbox, withClient } from './adapter-harness.ts';
import { closedPort, expectFailure } from './upstream-assertions.ts';

/**
 * How every account adapter fails, and what it tells the layers above while it calls: each
 * failure the sandbox can script becomes its UpstreamError naming vendor, route and account and
 * never the key; the observer hears of every call, the request's call budget pays for each, and
 * the request's signal stops them.
 */

const env = useSandbox();

/** One read of the contract that makes exactly one vendor call on `route`. */
interface Read {
  name: string;
  route: SandboxRoute;
  run(adapter: AccountAdapter, account: SandboxAccount, options?: CallOptions): Promise<unknown>;
}

/** The case's reads: chats, messages, and profiles and media where the vendor looks them up. */
function readsOf(testCase: AdapterCase): Read[] {
  const { routes } = testCase;
  const reads: Read[] = [
    {
      name: 'listChats',
      route: routes.chats,
      run: (adapter, _account, options) =>
        adapter.listChats({ first: 10, offset: 0, order: 'RECENT', ...options }),
    },
    {
      name: 'listMessages',
      route: routes.messages,
      run: (adapter, account, options) => {
        const chat = account.chats[0]!;
        return adapter.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 10,
          ...options,
        });
      },
    },
  ];
  if (routes.users !== null) {
    reads.push({
      name: 'getUsers',
      route: routes.users,
      run: (adapter, account, options) => {
        const partner = account.chats[0]!.partner;
        return adapter.getUsers([{ platformId: partner.id, username: partner.username }], options);
      },
    });
  }
  if (routes.media !== null) {
    reads.push({
      name: 'loadMedia',
      route: routes.media,
      run: (adapter, account, options) => {
        const message = account.chats
          .flatMap((chat) => chat.messages)
          .find((candidate) => candidate.media.length > 0)!;
        return adapter.loadMedia([message.media[0]!.id], options);
      },
    });
  }
  return reads;
}

type ErrorClass = abstract new (...args: never[]) => UpstreamError;

/** Every failure the sandbox scripts, the error it must become, and that error's status. */
const FAULTS: Array<[string, Omit<SandboxFault, 'route'>, ErrorClass, number]> = [
  ['a 401', { kind: 'status', status: 401 }, UpstreamUnauthenticatedError, 401],
  ['a 403', { kind: 'status', status: 403 }, UpstreamForbiddenError, 403],
  ['a 404', { kind: 'status', status: 404 }, UpstreamNotFoundError, 404],
  ['a 429', { kind: 'status', status: 429, retryAfter: 7 }, UpstreamRateLimitedError, 429],
  ['a 503', { kind: 'status', status: 503 }, UpstreamUnavailableError, 503],
  ['a body that is not JSON', { kind: 'malformed' }, UpstreamInvalidResponseError, 200],
  ['a body cut off mid-way', { kind: 'truncate' }, UpstreamInvalidResponseError, 200],
  [
    'JSON of no known shape',
    { kind: 'status', status: 200, body: 'not a page' },
    UpstreamInvalidResponseError,
    200,
  ],
];

/** Whether trying again can help, by error class. */
const RETRYABLE = new Set<ErrorClass>([UpstreamRateLimitedError, UpstreamUnavailableError]);

describe.each(named(ADAPTER_CASES))('the account adapter of %s', (_name, testCase) => {
  const under = useAdapter(env, testCase);
  const reads = readsOf(testCase);
  /**
   * `read` of the case's account (through `call.adapter`, with `call.options`) fails with `type`
   * and `status`, naming the vendor, the route and the account, never the key.
   */
  const expectReadFailure = (
    read: Read,
    expected: { type: ErrorClass; status: number | null; apiKey?: string },
    call: { adapter?: AccountAdapter; options?: CallOptions } = {},
  ) =>
    expectFailure(() => read.run(call.adapter ?? under.adapter, under.account, call.options), {
      vendor: testCase.vendor,
      route: read.route,
      externalId: under.account.handle,
      apiKey: env.sandbox.keys[testCase.sandboxVendor],
      ...expected,
    });

  describe.each(named(reads))('%s', (_readName, read) => {
    it.each(FAULTS)('maps %s to its UpstreamError, in one call', async (_, fault, type, status) => {
      env.sandbox.addFault({ route: read.route, ...fault });
      // A 429's Retry-After holds its client's rate budget for 7 s: it gets a client of its own,
      // so that the next cases still reach the sandbox.
      const error =
        status === 429
          ? await withClient(testCase.connect(env.sandbox), (held) =>
              expectReadFailure(
                read,
                { type, status },
                { adapter: held.adapter(under.account.handle) },
              ),
            )
          : await expectReadFailure(read, { type, status });
      expect(error.isRetryable).toBe(RETRYABLE.has(type));
      if (error instanceof UpstreamRateLimitedError) expect(error.retryAfterSeconds).toBe(7);
      expect(env.calls(read.route)).toBe(1);
    });

    it('answers a wrong API key with UpstreamUnauthenticatedError, without the key', async () => {
      const wrongKey = `${testCase.sandboxVendor}_wrong_key_do_not_leak`;
      await withClient(testCase.connect(env.sandbox, { apiKey: wrongKey }), (wrong) =>
        expectReadFailure(
          read,
          { type: UpstreamUnauthenticatedError, status: 401, apiKey: wrongKey },
          { adapter: wrong.adapter(under.account.handle, null) },
        ),
      );
    });

    it('fails with UpstreamTimeoutError, without a call, when the signal has aborted', async () => {
      const signal = AbortSignal.abort();
      await expectReadFailure(
        read,
        { type: UpstreamTimeoutError, status: null },
        { options: { signal } },
      );
      expect(env.calls(read.route)).toBe(0);
    });

    it('fails with UpstreamTimeoutError when the signal aborts during the call', async () => {
      env.sandbox.addFault({ route: read.route, kind: 'hang' });
      const signal = AbortSignal.timeout(50);
      const error = await expectReadFailure(
        read,
        { type: UpstreamTimeoutError, status: null },
        { options: { signal } },
      );
      expect(error.message).toMatch(/deadline passed during the call/);
    });

    it('tells the observer of its call and how it ended', async () => {
      const events: UpstreamCallEvent[] = [];
      const observer = (event: UpstreamCallEvent) => events.push(event);
      await read.run(under.adapter, under.account, { observer });
      env.sandbox.addFault({ route: read.route, kind: 'status', status: 503 });
      await expectReadFailure(
        read,
        { type: UpstreamUnavailableError, status: 503 },
        { options: { observer } },
      );
      const onRoute = events.filter((event) => event.route === read.route);
      expect(onRoute.map((event) => [event.status, event.errorCode])).toEqual([
        [200, null],
        [503, 'UPSTREAM_UNAVAILABLE'],
      ]);
      for (const event of events) expect(event.vendor).toBe(testCase.vendor);
      for (const event of onRoute) expect(event.externalId).toBe(under.account.handle);
    });

    it('takes one call of the request’s budget, and none is sent once it is spent', async () => {
      const budget = new UpstreamCallBudget(1);
      await read.run(under.adapter, under.account, { budget });
      expect(budget.used).toBe(1);
      await expectReadFailure(
        read,
        { type: TooManyUpstreamCallsError, status: null },
        { options: { budget } },
      );
      expect(env.calls(read.route)).toBe(1);
    });
  });

  describe('a window of 100 chats', () => {
    const calls = callsFor(100, testCase.capabilities.chatPageMax);

    it('tells the observer of each of its calls', async () => {
      const events: UpstreamCallEvent[] = [];
      await under.adapter.listChats({
        first: 100,
        offset: 0,
        order: 'RECENT',
        observer: (event) => events.push(event),
      });
      const onRoute = events.filter((event) => event.route === testCase.routes.chats);
      expect(onRoute).toHaveLength(calls);
      for (const event of onRoute) {
        expect(event).toMatchObject({ vendor: testCase.vendor, status: 200, errorCode: null });
      }
    });

    it('takes one call of the budget per vendor call', async () => {
      const budget = new UpstreamCallBudget(100);
      await under.adapter.listChats({ first: 100, offset: 0, order: 'RECENT', budget });
      expect(budget.used).toBe(calls);
    });
  });

  describe('an unreachable vendor', () => {
    it.each(named(reads.slice(0, 2)))(
      'times %s out after the client’s deadline when the vendor hangs',
      async (_readName, read) => {
        env.sandbox.addFault({ route: read.route, kind: 'hang' });
        const impatient = testCase.connect(env.sandbox, { timeoutMs: 300 });
        await withClient(impatient, (vendor) =>
          expectReadFailure(
            read,
            { type: UpstreamTimeoutError, status: null },
            { adapter: vendor.adapter(under.account.handle, null) },
          ),
        );
      },
    );

    it('answers a closed port with UpstreamUnavailableError', async () => {
      const baseUrl = `http://127.0.0.1:${await closedPort()}`;
      await withClient(testCase.connect(env.sandbox, { baseUrl }), (offline) =>
        expectReadFailure(
          reads[0]!,
          { type: UpstreamUnavailableError, status: null },
          { adapter: offline.adapter(under.account.handle, null) },
        ),
      );
    });
  });
});
