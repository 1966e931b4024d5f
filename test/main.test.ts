import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../src/server/graphiql.ts';
import { START_ARGS } from './support/start-command.ts';

/** Runs `npm start`'s entry point as its own process, as a user would. */
function start(
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...START_ARGS, ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CHATGRAPH_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return Object.assign(child, { output: () => output });
}

describe('npm start', () => {
  describe('with no config (sandbox mode)', () => {
    let child: ReturnType<typeof start>;
    let url: string;

    beforeAll(async () => {
      child = start([]);
      for (;;) {
        const found = /chatgraph listening on (http:\/\/\S+\/graphql)/.exec(child.output());
        if (found) {
          url = found[1]!;
          break;
        }
        if (child.exitCode !== null) throw new Error(child.output());
        await once(child.stdout!, 'data');
      }
    });

    afterAll(async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    });

    it('prints the GraphiQL URL and that the sandbox is connected', () => {
      expect(child.output()).toMatch(/sandbox mode: .* 6 accounts connected/);
      expect(child.output()).toContain(`GraphiQL: open ${url}`);
    });

    it('answers /health with 200', async () => {
      const response = await fetch(new URL('/health', url));
      expect(response.status).toBe(200);
    });

    it('serves GraphiQL opening with the inbox example', async () => {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<title>chatgraph</title>');
      expect(html).toContain(JSON.stringify(EXAMPLE_QUERY).slice(1, 40));
    });

    it('answers the example query with sandbox data', async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: EXAMPLE_QUERY }),
      });
      const result = (await response.json()) as {
        errors?: unknown;
        data: { connectedAccounts: Array<{ chats: { edges: unknown[] } }> };
      };
      expect(result.errors).toBeUndefined();
      expect(result.data.connectedAccounts).toHaveLength(6);
      for (const account of result.data.connectedAccounts)
        expect(account.chats.edges).toHaveLength(5);
    });

    it('stops cleanly on SIGTERM', async () => {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    });
  });

  describe('with an invalid config', () => {
    it('prints one line per problem and exits with code 1', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'chatgraph-main-'));
      const path = join(folder, 'config.json');
      await writeFile(
        path,
        JSON.stringify({
          server: { port: -1 },
          vendors: { ofauth: { apiKey: { env: 'NOPE_UNSET' }, connections: [{ id: 'x' }] } },
        }),
      );
      const child = start(['--config', path]);
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(child.output().trim().split('\n')).toEqual([
        'server.port: expected an integer from 0 to 65535',
        'vendors.ofauth.apiKey: environment variable NOPE_UNSET is not set',
        'vendors.ofauth.connections[0].id: expected an OFAuth connection id: conn_ then 1 to 128 letters, digits, "_" or "-"',
      ]);
    });
  });

  describe('--help', () => {
    it('lists the flags and environment variables', async () => {
      const child = start(['--help']);
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(child.output()).toMatch(
        /--config <file>[\s\S]*--check-config[\s\S]*CHATGRAPH_CONFIG[\s\S]*PORT, HOST/,
      );
    });
  });
});
