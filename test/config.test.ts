import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRedisConfig, loadConfigFile, parseConfig } from '../src/config.ts';
import { problemsOf } from './support/config-problems.ts';

const valid = {
  server: { host: '0.0.0.0', port: 4100 },
  vendors: {
    onlyfansapi: {
      baseUrl: 'https://app.onlyfansapi.com',
      apiKey: { env: 'ONLYFANSAPI_API_KEY' },
      accounts: [
        { id: 'acct_0123456789abcdef0123456789abcdef', platform: 'onlyfans' },
        { id: 'fansly_acct_0123', platform: 'fansly' },
      ],
    },
    ofauth: { apiKey: 'inline-key', connections: [{ id: 'conn_0123' }] },
  },
};

describe('parseConfig', () => {
  describe('the documented example', () => {
    it('reads secrets from the environment and fills defaults', () => {
      const config = parseConfig(valid, { ONLYFANSAPI_API_KEY: 'from-env' });
      expect(config.server).toEqual({
        host: '0.0.0.0',
        port: 4100,
        graphiql: true,
        introspection: true,
        requestTimeoutMs: 30_000,
        mode: 'plain',
        cors: { origins: ['*'] },
      });
      expect(config.auth).toEqual({ tokens: [] });
      expect(config.limits).toEqual({ maxResponseBytes: 8_388_608 });
      expect(config.vendors.onlyfansapi).toMatchObject({ apiKey: 'from-env', timeoutMs: 10_000 });
      expect(config.vendors.ofauth).toMatchObject({
        baseUrl: 'https://api.ofauth.com',
        apiKey: 'inline-key',
      });
    });

    it('retries a failed call twice unless told otherwise', () => {
      const config = parseConfig(valid, { ONLYFANSAPI_API_KEY: 'from-env' });
      expect(config.vendors.onlyfansapi?.retries).toBe(2);
      expect(config.vendors.ofauth?.retries).toBe(2);
      const none = parseConfig(
        { vendors: { ofauth: { ...valid.vendors.ofauth, retries: 0 } } },
        {},
      );
      expect(none.vendors.ofauth?.retries).toBe(0);
    });

    it('pools 32 connections per vendor unless told otherwise', () => {
      const config = parseConfig(valid, { ONLYFANSAPI_API_KEY: 'from-env' });
      expect(config.vendors.onlyfansapi?.poolConnections).toBe(32);
      const wider = parseConfig(
        { vendors: { ofauth: { ...valid.vendors.ofauth, poolConnections: 128 } } },
        {},
      );
      expect(wider.vendors.ofauth?.poolConnections).toBe(128);
      expect(
        problemsOf({ vendors: { ofauth: { ...valid.vendors.ofauth, poolConnections: 0 } } }),
      ).toEqual(['vendors.ofauth.poolConnections: expected an integer from 1 to 1024']);
    });
  });

  describe('a vendor webhook secret', () => {
    it('is absent unless given, and read from the environment like apiKey', () => {
      expect(parseConfig(valid, { ONLYFANSAPI_API_KEY: 'k' }).vendors.ofauth?.webhookSecret).toBe(
        undefined,
      );
      const withSecret = {
        vendors: { ofauth: { ...valid.vendors.ofauth, webhookSecret: { env: 'OFAUTH_HOOKS' } } },
      };
      expect(parseConfig(withSecret, { OFAUTH_HOOKS: 'whsec_abc' }).vendors.ofauth).toMatchObject({
        webhookSecret: 'whsec_abc',
      });
      expect(problemsOf(withSecret)).toEqual([
        'vendors.ofauth.webhookSecret: environment variable OFAUTH_HOOKS is not set',
      ]);
    });
  });

  describe('an invalid file', () => {
    it('lists every problem, one per line, with its path', () => {
      const problems = problemsOf({
        server: { port: 'eighty', graphiql: 'yes' },
        vendors: {
          onlyfansapi: {
            baseUrl: 'ftp://nowhere',
            apiKey: { env: 'MISSING_KEY' },
            accounts: [
              { id: 'acct_1', platform: 'myspace' },
              { id: 'conn_1', platform: 'fansly' },
            ],
          },
          ofauth: { apiKey: '', connections: [] },
          other: {},
        },
        extra: true,
      });
      expect(problems).toEqual([
        'server.port: expected an integer from 0 to 65535',
        'server.graphiql: expected true or false',
        'vendors.onlyfansapi.baseUrl: expected an http(s) URL',
        'vendors.onlyfansapi.apiKey: environment variable MISSING_KEY is not set',
        'vendors.onlyfansapi.accounts[0].platform: expected "onlyfans" or "fansly"',
        'vendors.onlyfansapi.accounts[1].id: expected a Fansly account id: fansly_acct_ then 1 to 128 letters, digits, "_" or "-"',
        'vendors.ofauth.apiKey: expected a string or {"env": "NAME"}',
        'vendors.ofauth.connections: expected a non-empty array',
        'vendors.other: unknown vendor (expected onlyfansapi, ofauth)',
        'extra: unknown key (expected server, vendors, auth, limits, redis, cache)',
      ]);
    });

    it('never echoes a secret value in a problem', () => {
      const problems = problemsOf({
        vendors: { ofauth: { apiKey: 'super-secret-value', connections: [{ id: 'bad id' }] } },
      });
      expect(problems.join('\n')).not.toContain('super-secret-value');
      expect(problems).toEqual([
        'vendors.ofauth.connections[0].id: expected an OFAuth connection id: conn_ then 1 to 128 letters, digits, "_" or "-"',
      ]);
    });

    it('rejects a retries count that is not an integer from 0 to 10', () => {
      expect(
        problemsOf({
          vendors: {
            onlyfansapi: { ...valid.vendors.onlyfansapi, apiKey: 'k', retries: -1 },
            ofauth: { ...valid.vendors.ofauth, retries: 'twice' },
          },
        }),
      ).toEqual([
        'vendors.onlyfansapi.retries: expected an integer from 0 to 10',
        'vendors.ofauth.retries: expected an integer from 0 to 10',
      ]);
      expect(problemsOf({ vendors: { ofauth: { ...valid.vendors.ofauth, retries: 11 } } })).toEqual(
        ['vendors.ofauth.retries: expected an integer from 0 to 10'],
      );
    });

    it('rejects an account listed twice and a config without vendors', () => {
      expect(
        problemsOf({
          vendors: { ofauth: { apiKey: 'k', connections: [{ id: 'conn_1' }, { id: 'conn_1' }] } },
        }),
      ).toEqual(['vendors: account conn_1 is listed twice']);
      expect(problemsOf({ vendors: {} })).toEqual([
        'vendors: configure at least one of onlyfansapi, ofauth',
      ]);
    });
  });
});

describe('parseConfig: auth, limits and production defaults', () => {
  const externalId = 'acct_0123456789abcdef0123456789abcdef';
  const hash = 'a'.repeat(64);

  it('reads tokens scoped to configured accounts and limits within range', () => {
    const config = parseConfig(
      {
        ...valid,
        auth: { tokens: [{ name: 'agency-a', sha256: hash, accounts: [externalId] }] },
        limits: { maxDepth: 8, maxBodyBytes: 65_536 },
      },
      { ONLYFANSAPI_API_KEY: 'k' },
    );
    expect(config.auth.tokens).toEqual([
      { name: 'agency-a', sha256: hash, accounts: [externalId] },
    ]);
    expect(config.limits).toEqual({
      maxDepth: 8,
      maxBodyBytes: 65_536,
      maxResponseBytes: 8_388_608,
    });
  });

  it('names every problem of tokens and limits', () => {
    expect(
      problemsOf(
        {
          ...valid,
          auth: {
            tokens: [
              { name: 'x', sha256: 'NOT-HEX', accounts: ['acct_unknown'] },
              { sha256: hash, accounts: [] },
            ],
          },
          limits: { maxDepth: 1, maxFun: 3 },
        },
        { ONLYFANSAPI_API_KEY: 'k' },
      ),
    ).toEqual([
      'auth.tokens[0].sha256: expected the lowercase hex sha256 of the token',
      'auth.tokens[1].name: expected a non-empty string',
      'auth.tokens[1].accounts: expected a non-empty list of account handles, or ["*"]',
      'limits.maxDepth: expected an integer from 2 to 100',
      'limits.maxFun: unknown limit (expected maxDepth, maxAliases, maxDirectives, maxCost, maxTokens, maxBodyBytes, maxBatch, maxWebhookBodyBytes, maxResponseBytes, maxUpstreamCalls, maxQueuedEvents, maxSubscriptions)',
      'auth.tokens[0].accounts: acct_unknown is not a configured account',
    ]);
  });

  it('reads the schema mode and refuses unknown ones', () => {
    expect(
      parseConfig({ ...valid, server: { mode: 'both' } }, { ONLYFANSAPI_API_KEY: 'k' }).server.mode,
    ).toBe('both');
    expect(
      problemsOf({ ...valid, server: { mode: 'federated' } }, { ONLYFANSAPI_API_KEY: 'k' }),
    ).toEqual(['server.mode: expected "plain", "subgraph" or "both"']);
  });

  it('refuses two tokens with the same name', () => {
    const token = { name: 'agency', sha256: hash, accounts: ['*'] };
    expect(
      problemsOf(
        { ...valid, auth: { tokens: [token, { ...token, sha256: 'b'.repeat(64) }] } },
        { ONLYFANSAPI_API_KEY: 'k' },
      ),
    ).toEqual(['auth.tokens: the name agency is used twice (names identify callers in logs)']);
  });

  it('turns GraphiQL and introspection off by default in production', () => {
    const config = parseConfig(valid, { ONLYFANSAPI_API_KEY: 'k', NODE_ENV: 'production' });
    expect(config.server).toMatchObject({ graphiql: false, introspection: false });
    const opened = parseConfig(
      { ...valid, server: { graphiql: true } },
      { ONLYFANSAPI_API_KEY: 'k', NODE_ENV: 'production' },
    );
    expect(opened.server).toMatchObject({ graphiql: true, introspection: false });
  });
});

describe('parseConfig: redis', () => {
  const ofauthOnly = { vendors: { ofauth: valid.vendors.ofauth } };

  describe('neither the file nor REDIS_URL names one', () => {
    it('has no Redis url and the default key prefix', () => {
      expect(parseConfig(ofauthOnly, {}).redis).toEqual({ keyPrefix: 'chatgraph:', replicas: 1 });
      expect(defaultRedisConfig({})).toEqual({ keyPrefix: 'chatgraph:', replicas: 1 });
    });
  });

  describe('the file names one', () => {
    it('reads the url, inline or from a variable, and the key prefix', () => {
      const inline = parseConfig(
        { ...ofauthOnly, redis: { url: 'redis://127.0.0.1:6379/2', keyPrefix: 'team-a:' } },
        {},
      );
      expect(inline.redis).toEqual({
        url: 'redis://127.0.0.1:6379/2',
        keyPrefix: 'team-a:',
        replicas: 1,
      });
      const fromVariable = parseConfig(
        { ...ofauthOnly, redis: { url: { env: 'CHATGRAPH_REDIS' } } },
        { CHATGRAPH_REDIS: 'rediss://:pw@redis.example.com:6380' },
      );
      expect(fromVariable.redis.url).toBe('rediss://:pw@redis.example.com:6380');
    });

    it('wins over REDIS_URL', () => {
      const config = parseConfig(
        { ...ofauthOnly, redis: { url: 'redis://from-file:6379' } },
        { REDIS_URL: 'redis://from-env:6379' },
      );
      expect(config.redis.url).toBe('redis://from-file:6379');
    });
  });

  describe('only REDIS_URL names one', () => {
    it('is used, with the file or without one (sandbox mode)', () => {
      const env = { REDIS_URL: 'redis://from-env:6379' };
      expect(parseConfig(ofauthOnly, env).redis).toEqual({
        url: 'redis://from-env:6379',
        keyPrefix: 'chatgraph:',
        replicas: 1,
      });
      const prefixed = parseConfig({ ...ofauthOnly, redis: { keyPrefix: 'b:' } }, env);
      expect(prefixed.redis).toEqual({
        url: 'redis://from-env:6379',
        keyPrefix: 'b:',
        replicas: 1,
      });
      expect(defaultRedisConfig(env).url).toBe('redis://from-env:6379');
    });
  });

  describe("replicas and the vendors' rate budgets", () => {
    it("reads the replicas sharing the budgets, and each vendor's budget", () => {
      const config = parseConfig(
        {
          vendors: {
            ofauth: { ...valid.vendors.ofauth, rateLimit: { requestsPerMinute: 30, burst: 5 } },
          },
          redis: { url: 'redis://127.0.0.1:6379', replicas: 3 },
        },
        {},
      );
      expect(config.redis.replicas).toBe(3);
      expect(config.vendors.ofauth?.rateLimit).toEqual({ requestsPerMinute: 30, burst: 5 });
      expect(
        problemsOf(
          {
            vendors: { ofauth: { ...valid.vendors.ofauth, rateLimit: { burst: 0 } } },
            redis: { replicas: 0 },
          },
          {},
        ).sort(),
      ).toEqual(
        [
          'redis.replicas: expected an integer from 1 to 1000',
          'vendors.ofauth.rateLimit.burst: expected an integer from 1 to 1000000',
          'vendors.ofauth.rateLimit.requestsPerMinute: expected an integer from 1 to 1000000',
        ].sort(),
      );
    });
  });

  describe('a wrong value', () => {
    it('names the key or the variable, never the URL (it may hold a password)', () => {
      const problems = problemsOf(
        {
          ...ofauthOnly,
          redis: { url: 'http://user:hunter2@cache:6379', keyPrefix: 'has space', db: 1 },
        },
        {},
      );
      expect(problems.sort()).toEqual(
        [
          'redis.url: expected a redis:// or rediss:// URL',
          'redis.keyPrefix: expected 1 to 64 characters, no spaces',
          'redis.db: unknown key (expected url, keyPrefix, replicas)',
        ].sort(),
      );
      expect(problemsOf(ofauthOnly, { REDIS_URL: 'cache:hunter2@6379' })).toEqual([
        'redis.url: environment variable REDIS_URL: expected a redis:// or rediss:// URL',
      ]);
      expect(() => defaultRedisConfig({ REDIS_URL: 'hunter2' })).toThrow(
        'redis.url: environment variable REDIS_URL: expected a redis:// or rediss:// URL',
      );
      expect(problemsOf({ ...ofauthOnly, redis: { url: { env: 'NOPE' } } }, {})).toEqual([
        'redis.url: environment variable NOPE is not set',
      ]);
    });
  });
});

describe('parseConfig: cache', () => {
  const ofauthOnly = { vendors: { ofauth: valid.vendors.ofauth } };

  it('is on by default, in 64 MiB, each kind for its own time', () => {
    expect(parseConfig(ofauthOnly, {}).cache).toEqual({
      enabled: true,
      maxBytes: 64 * 1024 * 1024,
      ttlSeconds: {},
    });
  });

  it('reads its switch, bound and times per kind', () => {
    const cache = {
      enabled: false,
      maxBytes: 2_097_152,
      ttlSeconds: { chatPages: 0, profiles: 3600 },
    };
    expect(parseConfig({ ...ofauthOnly, cache }, {}).cache).toEqual(cache);
  });

  it('names an unknown kind, a time beyond a day and a bound under 1 MiB', () => {
    expect(
      problemsOf({
        ...ofauthOnly,
        cache: { maxBytes: 1000, ttlSeconds: { chats: 10, messagePages: 86_401 } },
      }),
    ).toEqual([
      'cache.maxBytes: expected an integer from 1048576 to 17179869184',
      'cache.ttlSeconds.messagePages: expected an integer from 0 to 86400',
      'cache.ttlSeconds.chats: unknown cache kind (expected chatPages, messagePages, profiles, media, connectedAccounts)',
    ]);
  });
});

describe('loadConfigFile', () => {
  it('reports a file that is not JSON as one problem', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'chatgraph-config-'));
    const path = join(folder, 'config.json');
    await writeFile(path, '{ not json');
    await expect(loadConfigFile(path)).rejects.toMatchObject({
      problems: [expect.stringMatching(/config\.json: not valid JSON/)],
    });
  });

  it('reports a missing file as one problem', async () => {
    await expect(loadConfigFile('/nonexistent/chatgraph.json')).rejects.toMatchObject({
      problems: ['/nonexistent/chatgraph.json: cannot read the file (ENOENT)'],
    });
  });
});
