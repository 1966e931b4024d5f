import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultServerConfig, parseConfig } from '../../src/config.ts';
import { runMain } from '../ops/support/chatgraph-process.ts';
import { problemsOf } from '../support/config-problems.ts';

/**
 * Issue 12, finding 13: a typo in the config file used to pass silently. `vendors.ofauth.baseURL`
 * left `baseUrl` at its default, so calls meant for a test URL went to the real vendor. Every
 * level now refuses keys it does not know, naming the key that was likely meant.
 */

const ofauth = { apiKey: 'inline-key', connections: [{ id: 'conn_0123' }] };

describe('config: unknown keys', () => {
  describe('a typo at any level', () => {
    it('is refused with the key it likely meant, every typo at once', () => {
      const problems = problemsOf({
        server: { prot: 8080, cors: { origin: ['https://inbox.example.com'] } },
        vendors: {
          ofauth: { ...ofauth, baseURL: 'http://127.0.0.1:9' },
          onlyfansapi: {
            apiKey: 'key',
            timeoutMS: 5000,
            accounts: [{ id: 'acct_0123', platform: 'onlyfans', plattform: 'fansly' }],
          },
        },
        limits: { maxcost: 10 },
        redis: { URL: 'redis://127.0.0.1:6379', keyprefix: 'a:' },
        auth: { tokens: [{ name: 'a', sha256: 'a'.repeat(64), accounts: ['*'], acounts: [] }] },
      });
      // Was: [] (every one of them accepted; baseUrl stayed https://api.ofauth.com).
      expect(problems.sort()).toEqual(
        [
          'server.prot: unknown key — did you mean port?',
          'server.cors.origin: unknown key — did you mean origins?',
          'vendors.ofauth.baseURL: unknown key — did you mean baseUrl?',
          'vendors.onlyfansapi.timeoutMS: unknown key — did you mean timeoutMs?',
          'vendors.onlyfansapi.accounts[0].plattform: unknown key — did you mean platform?',
          'limits.maxcost: unknown limit — did you mean maxCost?',
          'redis.URL: unknown key — did you mean url?',
          'redis.keyprefix: unknown key — did you mean keyPrefix?',
          'auth.tokens[0].acounts: unknown key — did you mean accounts?',
        ].sort(),
      );
    });

    it('lists the known keys when nothing is close', () => {
      expect(problemsOf({ vendors: { ofauth }, server: { banana: 1 } })).toEqual([
        'server.banana: unknown key (expected host, port, graphiql, introspection, requestTimeoutMs, mode, cors, cursorSecret)',
      ]);
    });

    it('refuses unknown keys beside a secret, without echoing the secret', () => {
      const problems = problemsOf(
        { vendors: { ofauth: { ...ofauth, apiKey: { env: 'OFAUTH_KEY', value: 'hunter2' } } } },
        { OFAUTH_KEY: 'from-env' },
      );
      expect(problems).toEqual(['vendors.ofauth.apiKey.value: unknown key (expected env)']);
      expect(problems.join('\n')).not.toContain('hunter2');
    });
  });

  describe('the keys other parts read', () => {
    it('are defined with their ranges and defaults', () => {
      const config = parseConfig(
        {
          server: { cursorSecret: { env: 'CURSOR_SECRET' } },
          vendors: { ofauth },
          auth: { tokens: [{ name: 'a', sha256: 'a'.repeat(64), accounts: ['*'] }] },
          limits: { maxUpstreamCalls: 500 },
        },
        { CURSOR_SECRET: 's'.repeat(32) },
      );
      expect(config.server.cors).toEqual({ origins: ['*'] });
      expect(config.server.cursorSecret).toBe('s'.repeat(32));
      expect(config.limits).toEqual({ maxResponseBytes: 8_388_608, maxUpstreamCalls: 500 });
      expect(config.vendors.ofauth?.maxInFlightPerAccount).toBe(8);
      expect(config.auth.tokens[0]?.upstreamCallsPerMinute).toBeUndefined();
      expect(defaultServerConfig({ NODE_ENV: 'production' }).cors).toEqual({ origins: [] });
      expect(defaultServerConfig({}).cursorSecret).toBeUndefined();

      expect(
        problemsOf({
          server: {
            cursorSecret: 'too-short-secret',
            cors: { origins: ['*', 'https://a.example/'] },
          },
          vendors: { ofauth: { ...ofauth, maxInFlightPerAccount: 0 } },
          auth: {
            tokens: [
              { name: 'a', sha256: 'a'.repeat(64), accounts: ['*'], upstreamCallsPerMinute: 0.5 },
            ],
          },
          limits: { maxResponseBytes: 100, maxUpstreamCalls: 100_001 },
        }),
      ).toEqual([
        'server.cors.origins[1]: expected an origin like https://inbox.example.com, or "*"',
        'server.cors.origins: "*" allows every origin: list it alone',
        'server.cursorSecret: expected a secret of at least 32 characters',
        'vendors.ofauth.maxInFlightPerAccount: expected an integer from 1 to 1000',
        'auth.tokens[0].upstreamCallsPerMinute: expected an integer from 1 to 1000000',
        'limits.maxResponseBytes: expected an integer from 1024 to 1073741824',
        'limits.maxUpstreamCalls: expected an integer from 1 to 100000',
      ]);
    });
  });

  describe('npm start -- --check-config', () => {
    it('prints one line per typo and exits 1', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'chatgraph-typos-'));
      const path = join(folder, 'chatgraph.json');
      await writeFile(
        path,
        JSON.stringify({ server: { prot: 80 }, vendors: { ofauth: { ...ofauth, baseURL: 'x' } } }),
      );
      const child = runMain(['--check-config', '--config', path]);
      expect(await child.exited).toBe(1);
      expect(child.output().trim().split('\n')).toEqual([
        'server.prot: unknown key — did you mean port?',
        'vendors.ofauth.baseURL: unknown key — did you mean baseUrl?',
      ]);
    });
  });
});
