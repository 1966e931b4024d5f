import { afterEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_ROUTES, startSandbox } from '../../src/sandbox/index.ts';
import { expectJson, type Json, useSandbox } from './helpers.ts';

const fixture = useSandbox();
const onlyfans = () => fixture.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans');
const connection = () => fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
const chatsPath = (index = 0) => `/api/${onlyfans()[index]!.handle}/chats`;

afterEach(() => {
  fixture.sandbox.clearFaults();
  fixture.sandbox.setLatency(0);
  fixture.sandbox.resetStats();
});

describe('sandbox controls', () => {
  describe('status faults', () => {
    it('answers the status with the OnlyFansAPI body and Retry-After, then recovers', async () => {
      fixture.sandbox.addFault({
        route: 'onlyfans.chats',
        kind: 'status',
        status: 429,
        retryAfter: 7,
      });
      const failed = await fixture.onlyfansapi(chatsPath());
      expect(failed.headers.get('retry-after')).toBe('7');
      expect(await expectJson(failed, 429)).toEqual({ error: 'Too Many Attempts.' });
      await expectJson(await fixture.onlyfansapi(chatsPath()));
    });

    it('answers the OFAuth error body for an OFAuth route', async () => {
      fixture.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 503 });
      const body = await expectJson(
        await fixture.ofauth('/v2/access/chats', connection().handle),
        503,
      );
      expect(body).toEqual({
        error: expect.any(String),
        type: 'SERVICE_UNAVAILABLE',
        requestId: expect.stringMatching(/^req_/),
      });
    });

    it('sends a custom body, for `times` calls, only for the given account', async () => {
      fixture.sandbox.addFault({
        route: '*',
        externalId: onlyfans()[1]!.handle,
        kind: 'status',
        status: 500,
        body: { error: 'custom' },
        times: 2,
      });
      await expectJson(await fixture.onlyfansapi(chatsPath(0)));
      expect(await expectJson(await fixture.onlyfansapi(chatsPath(1)), 500)).toEqual({
        error: 'custom',
      });
      await expectJson(await fixture.onlyfansapi(`${chatsPath(1)}?limit=20`), 500);
      await expectJson(await fixture.onlyfansapi(chatsPath(1)));
    });

    it('keeps failing until cleared when times is Infinity', async () => {
      fixture.sandbox.addFault({
        route: 'onlyfansapi.accounts',
        kind: 'status',
        status: 502,
        times: Infinity,
      });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await expectJson(await fixture.onlyfansapi('/api/accounts'), 502);
      }
      fixture.sandbox.clearFaults();
      await expectJson(await fixture.onlyfansapi('/api/accounts'));
    });

    it('never hides a bad key: authentication comes first', async () => {
      fixture.sandbox.addFault({ route: '*', kind: 'status', status: 500 });
      const response = await fetch(`${fixture.sandbox.url}${chatsPath()}`);
      expect(response.status).toBe(401);
      await expectJson(await fixture.onlyfansapi(chatsPath()), 500);
    });

    it('rejects a fault with an unknown route or kind', () => {
      expect(() =>
        fixture.sandbox.addFault({ route: 'nope' as 'onlyfans.chats', kind: 'status' }),
      ).toThrow(/unknown route/);
      expect(() => fixture.sandbox.addFault({ route: '*', kind: 'explode' as 'hang' })).toThrow(
        /unknown fault kind/,
      );
    });
  });

  describe('transport faults', () => {
    it('hangs until the client gives up', async () => {
      fixture.sandbox.addFault({ route: 'onlyfans.chats', kind: 'hang' });
      await expect(fixture.onlyfansapi(chatsPath(), AbortSignal.timeout(200))).rejects.toThrow(
        /aborted|timeout/i,
      );
      await expectJson(await fixture.onlyfansapi(chatsPath()));
    });

    it('ends hung responses when the sandbox closes', async () => {
      const sandbox = await startSandbox();
      sandbox.addFault({ route: '*', kind: 'hang' });
      const pending = fetch(`${sandbox.url}/api/accounts`, {
        headers: { authorization: `Bearer ${sandbox.keys.onlyfansapi}` },
      });
      await vi.waitUntil(() => sandbox.stats().routes['onlyfansapi.accounts'].calls === 1);
      await sandbox.close();
      await expect(pending).rejects.toThrow();
    });

    it('answers 200 with a body that is not JSON', async () => {
      fixture.sandbox.addFault({ route: 'onlyfans.chats', kind: 'malformed' });
      const response = await fixture.onlyfansapi(chatsPath());
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(() => JSON.parse(text)).toThrow();
    });

    it('truncates: announces the full length, sends half, then drops the connection', async () => {
      fixture.sandbox.addFault({ route: 'onlyfans.chats', kind: 'truncate' });
      const response = await fixture.onlyfansapi(chatsPath());
      expect(response.status).toBe(200);
      expect(Number(response.headers.get('content-length'))).toBeGreaterThan(1000);
      await expect(response.text()).rejects.toThrow();
      await expectJson(await fixture.onlyfansapi(chatsPath()));
    });
  });

  describe('latency', () => {
    it('delays every vendor request by the set latency', async () => {
      fixture.sandbox.setLatency(120);
      const response = await fixture.onlyfansapi('/api/accounts');
      expect(response.headers.get('x-sandbox-latency-ms')).toBe('120');
      await expectJson(response);
      fixture.sandbox.setLatency(0);
      const undelayed = await fixture.onlyfansapi('/api/accounts');
      expect(undelayed.headers.get('x-sandbox-latency-ms')).toBeNull();
      await expectJson(undelayed);
    });
  });

  describe('counters', () => {
    it('counts calls per route and account, failed ones too, and credits only successes', async () => {
      fixture.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 500 });
      await fixture.onlyfansapi(chatsPath());
      await fixture.onlyfansapi(chatsPath());
      await fixture.onlyfansapi(`${chatsPath()}?limit=15`);
      await fetch(`${fixture.sandbox.url}${chatsPath()}`);
      await fixture.ofauth('/v2/access/chats', connection().handle);
      const stats = fixture.sandbox.stats();
      expect(Object.keys(stats.routes)).toEqual([...SANDBOX_ROUTES]);
      expect(stats.routes['onlyfans.chats']).toEqual({
        calls: 4,
        credits: 1,
        byAccount: { [onlyfans()[0]!.handle]: 3 },
      });
      expect(stats.routes['ofauth.chats']).toEqual({
        calls: 1,
        credits: 0,
        byAccount: { [connection().handle]: 1 },
      });
      expect(stats.totalCalls).toBe(5);
      expect(stats.totalCredits).toBe(1);
    });

    it('reports a decreasing credit balance in _meta and headers', async () => {
      const balance = async () => {
        const response = await fixture.onlyfansapi('/api/accounts');
        const body = await expectJson(response);
        expect(response.headers.get('x-ofapi-credits-balance')).toBe(
          String(body._meta._credits.balance),
        );
        return body._meta._credits.balance as number;
      };
      const first = await balance();
      expect(await balance()).toBe(first - 1);
    });

    it('returns a deep copy and resets to zero', async () => {
      await fixture.onlyfansapi('/api/accounts');
      const stats = fixture.sandbox.stats();
      stats.routes['onlyfansapi.accounts'].calls = 99;
      expect(fixture.sandbox.stats().routes['onlyfansapi.accounts'].calls).toBe(1);
      fixture.sandbox.resetStats();
      expect(fixture.sandbox.stats().totalCalls).toBe(0);
    });
  });

  describe('HTTP control routes', () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${fixture.sandbox.url}/_sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('answers health', async () => {
      const body = await expectJson(await control('GET', 'health'));
      expect(body).toMatchObject({ status: 'ok', seed: 1, totals: { chats: expect.any(Number) } });
    });

    it('adds faults (times -1 until cleared) and clears them', async () => {
      await expectJson(
        await control('POST', 'faults', {
          route: 'fansly.accounts',
          kind: 'status',
          status: 503,
          times: -1,
        }),
        201,
      );
      await expectJson(await fixture.onlyfansapi('/api/fansly/accounts'), 503);
      await expectJson(await fixture.onlyfansapi('/api/fansly/accounts'), 503);
      await expectJson(await control('DELETE', 'faults'));
      await expectJson(await fixture.onlyfansapi('/api/fansly/accounts'));
    });

    it('rejects an invalid fault with 400', async () => {
      await expectJson(await control('POST', 'faults', { route: 'x', kind: 'status' }), 400);
      await expectJson(
        await control('POST', 'faults', { route: '*', kind: 'status', times: 0 }),
        400,
      );
    });

    it('sets latency', async () => {
      await expectJson(await control('PUT', 'latency', { ms: 100 }));
      const response = await fixture.onlyfansapi('/api/accounts');
      expect(response.headers.get('x-sandbox-latency-ms')).toBe('100');
      await expectJson(response);
      await expectJson(await control('PUT', 'latency', { ms: -1 }), 400);
    });

    it('reads and resets the counters', async () => {
      await fixture.onlyfansapi('/api/accounts');
      const stats = await expectJson(await control('GET', 'stats'));
      expect(stats.routes['onlyfansapi.accounts'].calls).toBe(1);
      expect(stats.totalCredits).toBe(1);
      await expectJson(await control('POST', 'reset'));
      expect((await expectJson(await control('GET', 'stats'))).totalCalls).toBe(0);
    });

    it('expires a session: every accounts list reports it until it is restored', async () => {
      const [onlyFans] = onlyfans();
      const [fansly] = fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly');
      const ofauth = connection();
      const session = (handle: string, expired: unknown) =>
        control('POST', `accounts/${encodeURIComponent(handle)}/session`, { expired });
      for (const account of [onlyFans!, fansly!, ofauth]) {
        expect(await expectJson(await session(account.handle, true))).toMatchObject({
          expired: true,
        });
      }
      const entry = (list: Json[], handle: string) => list.find((item) => item.id === handle);
      const ofapi = (await expectJson(await fixture.onlyfansapi('/api/accounts'))).data;
      expect(entry(ofapi, onlyFans!.handle)).toMatchObject({ is_authenticated: false });
      expect(entry(ofapi, onlyfans()[1]!.handle)).toMatchObject({ is_authenticated: true });
      const fanslyList = (await expectJson(await fixture.onlyfansapi('/api/fansly/accounts'))).data;
      expect(entry(fanslyList, fansly!.handle)).toMatchObject({ is_authenticated: false });
      const connections = (await expectJson(await fixture.ofauth('/v2/account/connections'))).list;
      expect(entry(connections, ofauth.handle)).toMatchObject({ status: 'expired' });

      await expectJson(await session(ofauth.handle, false));
      const restored = (await expectJson(await fixture.ofauth('/v2/account/connections'))).list;
      expect(entry(restored, ofauth.handle)).toMatchObject({ status: 'active', expiredAt: null });
      await expectJson(await session(ofauth.handle, 'yes'), 400);
      await expectJson(await session('acct_unknown', true), 404);
      fixture.sandbox.setSessionExpired(onlyFans!.handle, false);
      fixture.sandbox.setSessionExpired(fansly!.handle, false);
    });

    it('answers 404 for an unknown control route', async () => {
      await expectJson(await control('GET', 'nothing'), 404);
    });
  });
});

describe('unmetered rate limits', () => {
  it('reports a full allowance on every answer', async () => {
    const sandbox = await startSandbox({ meterRateLimits: false });
    try {
      const handle = sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!.handle;
      const remaining: string[] = [];
      for (let call = 0; call < 3; call++) {
        const response = await fetch(`${sandbox.url}/v2/access/chats?limit=1`, {
          headers: { apiKey: sandbox.keys.ofauth, 'x-connection-id': handle },
        });
        remaining.push(response.headers.get('x-ratelimit-remaining') ?? '');
        await response.arrayBuffer();
      }
      expect(new Set(remaining).size).toBe(1);
      expect(Number(remaining[0])).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  });
});
