import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChatgraphProcess, startChatgraph, withOutput } from './support/chatgraph-process.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** `npm run sandbox -- …` as a user runs it: the script's own command, in its own process. */
function runSandbox(args: string[], env: Record<string, string> = {}) {
  return withOutput(
    spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SANDBOX_PORT: '', SANDBOX_HOST: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

describe('npm run sandbox (CLI)', () => {
  describe('--help and -h', () => {
    it.each([['--help'], ['-h']])('%s lists every flag and exits 0', async (flag) => {
      const child = runSandbox([flag]);
      expect(await child.exited).toBe(0);
      for (const expected of [
        '--port <port>',
        '--host <host>',
        'SANDBOX_OFAUTH_WEBHOOK_SECRET',
        '--latency <ms>',
        '--seed <n>',
        '--unmetered',
        '--write-config <file>',
        '-h, --help',
        '/_sandbox/faults',
      ]) {
        expect(child.output()).toContain(expected);
      }
    });
  });

  describe('a mistaken flag', () => {
    it.each([
      [['--bogus'], "Unknown option '--bogus'"],
      [['--port', 'x'], '--port must be an integer from 0 to 65535, got x'],
      [['--latency=-1'], '--latency must be an integer'],
      [['--latency', '-1'], "Option '--latency' argument is ambiguous."],
    ])('%j is one line on stderr and exit code 2, no stack', async (args, message) => {
      const child = runSandbox(args);
      expect(await child.exited).toBe(2);
      expect(child.output()).toContain(message);
      expect(child.output().trim().split('\n')).toHaveLength(1);
      expect(child.output()).not.toMatch(/\n\s+at /);
    });
  });

  describe('a webhook secret in the environment that its vendor would not issue', () => {
    it('is one line naming the variable, never the secret, and exit code 2', async () => {
      const child = runSandbox([], { SANDBOX_OFAUTH_WEBHOOK_SECRET: 'not-svix-form' });
      expect(await child.exited).toBe(2);
      expect(child.output().trim()).toBe(
        'SANDBOX_OFAUTH_WEBHOOK_SECRET: expected whsec_ and base64 (Svix form), at most 256 characters',
      );
    });
  });

  describe('--write-config', () => {
    let sandbox: ReturnType<typeof runSandbox> | undefined;
    let gateway: ChatgraphProcess | undefined;

    afterAll(async () => {
      await gateway?.stop();
      if (sandbox && sandbox.exitCode === null) {
        sandbox.kill('SIGTERM');
        await sandbox.exited;
      }
    });

    it('writes a config with which npm start reads every account of the standalone sandbox', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'chatgraph-sandbox-cli-'));
      const file = join(folder, 'sandbox.json');
      sandbox = runSandbox(['--port', '0', '--write-config', file]);
      while (!sandbox.output().includes('Gateway config written')) {
        if (sandbox.exitCode !== null) throw new Error(`the sandbox exited:\n${sandbox.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const config = JSON.parse(await readFile(file, 'utf8'));
      const origin = /listening on (http:\/\/\S+)/.exec(sandbox.output())![1];
      expect(config.vendors.onlyfansapi.baseUrl).toBe(origin);
      expect(config.vendors.ofauth.baseUrl).toBe(origin);

      gateway = await startChatgraph(['--config', file]);
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ connectedAccounts { vendor platform externalId } }' }),
      });
      const body = (await response.json()) as {
        data: { connectedAccounts: Array<{ vendor: string; platform: string }> };
      };
      expect(body.data.connectedAccounts).toHaveLength(6);
      expect(new Set(body.data.connectedAccounts.map((account) => account.vendor))).toEqual(
        new Set(['ONLYFANSAPI', 'OFAUTH']),
      );
    });
  });
});
