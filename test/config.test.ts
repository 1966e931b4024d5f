import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../src/config.ts';

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

function problemsOf(input: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(input, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  describe('the documented example', () => {
    it('reads secrets from the environment and fills defaults', () => {
      const config = parseConfig(valid, { ONLYFANSAPI_API_KEY: 'from-env' });
      expect(config.server).toEqual({ host: '0.0.0.0', port: 4100, graphiql: true });
      expect(config.vendors.onlyfansapi).toMatchObject({ apiKey: 'from-env', timeoutMs: 10_000 });
      expect(config.vendors.ofauth).toMatchObject({
        baseUrl: 'https://api.ofauth.com',
        apiKey: 'inline-key',
      });
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
        'extra: unknown key (expected server, vendors)',
        'server.port: expected an integer from 0 to 65535',
        'server.graphiql: expected true or false',
        'vendors.other: unknown vendor (expected onlyfansapi, ofauth)',
        'vendors.onlyfansapi.accounts[0].platform: expected "onlyfans" or "fansly"',
        'vendors.onlyfansapi.accounts[1].id: expected a Fansly account id like fansly_acct_…',
        'vendors.onlyfansapi.baseUrl: expected an http(s) URL',
        'vendors.onlyfansapi.apiKey: environment variable MISSING_KEY is not set',
        'vendors.ofauth.connections: expected a non-empty array',
        'vendors.ofauth.apiKey: expected a string or {"env": "NAME"}',
      ]);
    });

    it('never echoes a secret value in a problem', () => {
      const problems = problemsOf({
        vendors: { ofauth: { apiKey: 'super-secret-value', connections: [{ id: 'bad id' }] } },
      });
      expect(problems.join('\n')).not.toContain('super-secret-value');
      expect(problems).toEqual([
        'vendors.ofauth.connections[0].id: expected a connection id like conn_…',
      ]);
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
