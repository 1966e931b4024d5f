import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain, startChatgraph } from './support/chatgraph-process.ts';

async function run(args: string[], env: Record<string, string> = {}) {
  const child = runMain(args, env);
  const code = await child.exited;
  return { code, output: child.output() };
}

describe('npm start (CLI)', () => {
  describe('--help', () => {
    it('lists every flag, environment variable and endpoint', async () => {
      const { code, output } = await run(['--help']);
      expect(code).toBe(0);
      for (const expected of [
        '--config <file>',
        '--check-config',
        '--shutdown-grace <ms>',
        '--sandbox-latency <ms>',
        '--sandbox-live',
        '-h, --help',
        '--port <port>',
        '--host <host>',
        'CHATGRAPH_CONFIG',
        'PORT, HOST',
        'NODE_ENV=production',
        'LOG_LEVEL',
        'LOG_FORMAT',
        'SHUTDOWN_GRACE_MS',
        'SANDBOX_LATENCY_MS',
        'SANDBOX_LIVE=1',
        'REDIS_URL',
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        '/graphql',
        '/health',
        '/ready',
        '/metrics',
        '/subgraph',
      ]) {
        expect(output).toContain(expected);
      }
    });

    it('is also -h', async () => {
      const { code, output } = await run(['-h']);
      expect(code).toBe(0);
      expect(output).toContain('Usage: npm start');
    });
  });

  describe('a mistaken flag', () => {
    it('is one line naming it and pointing at --help, exit code 1, no stack', async () => {
      const { code, output } = await run(['--bogus']);
      expect(code).toBe(1);
      expect(output.trim()).toBe("Unknown option '--bogus' (see npm start -- --help)");
    });

    it("--port takes server.port's rule", async () => {
      const { code, output } = await run(['--port', '70000']);
      expect(code).toBe(1);
      expect(output.trim().split('\n')).toHaveLength(1);
      expect(output).toMatch(/^--port: /);
    });
  });

  describe('--port and --host', () => {
    it('listen where they say, over PORT and HOST', async () => {
      const gateway = await startChatgraph(['--port', '0', '--host', '127.0.0.1'], {
        PORT: '1',
        HOST: '0.0.0.0',
      });
      try {
        expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
        expect(gateway.port).not.toBe(1);
        const response = await fetch(`${gateway.origin}/health`);
        expect(response.status).toBe(200);
      } finally {
        await gateway.stop();
      }
    });
  });

  describe('--check-config', () => {
    let valid: string;

    beforeAll(async () => {
      const folder = await mkdtemp(join(tmpdir(), 'chatgraph-cli-'));
      valid = join(folder, 'chatgraph.json');
      await writeFile(
        valid,
        JSON.stringify({
          vendors: {
            onlyfansapi: {
              apiKey: { env: 'CLI_TEST_ONLYFANSAPI_KEY' },
              accounts: [{ id: 'acct_0123', platform: 'onlyfans' }],
            },
          },
        }),
      );
    });

    it('says a valid config is valid and exits 0 without starting', async () => {
      const { code, output } = await run(['--check-config', '--config', valid], {
        CLI_TEST_ONLYFANSAPI_KEY: 'key',
      });
      expect(code).toBe(0);
      expect(output).toBe(`${valid}: valid\n`);
    });

    it('reads the config path from CHATGRAPH_CONFIG', async () => {
      const { code } = await run(['--check-config'], {
        CHATGRAPH_CONFIG: valid,
        CLI_TEST_ONLYFANSAPI_KEY: 'key',
      });
      expect(code).toBe(0);
    });

    it('fails on a secret missing from the environment', async () => {
      const { code, output } = await run(['--check-config', '--config', valid]);
      expect(code).toBe(1);
      expect(output).toContain(
        'vendors.onlyfansapi.apiKey: environment variable CLI_TEST_ONLYFANSAPI_KEY is not set',
      );
    });

    it('checks the environment too, every problem at once', async () => {
      const { code, output } = await run(['--check-config', '--config', valid], {
        CLI_TEST_ONLYFANSAPI_KEY: 'key',
        LOG_LEVEL: 'chatty',
        SHUTDOWN_GRACE_MS: 'soon',
      });
      expect(code).toBe(1);
      expect(output.trim().split('\n')).toEqual([
        'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
        'SHUTDOWN_GRACE_MS: expected a whole number of milliseconds, 0 or more',
      ]);
    });

    it('fails on a bad PORT', async () => {
      const { code, output } = await run(['--check-config', '--config', valid], {
        CLI_TEST_ONLYFANSAPI_KEY: 'key',
        PORT: 'eighty',
      });
      expect(code).toBe(1);
      expect(output.trim()).toBe('PORT: expected an integer from 0 to 65535');
    });

    it('says so when there is no config to check', async () => {
      const { code, output } = await run(['--check-config']);
      expect(code).toBe(1);
      expect(output.trim()).toBe(
        '--check-config: no config to check (give --config <file> or CHATGRAPH_CONFIG)',
      );
    });
  });

  describe('an unknown flag', () => {
    it('is refused with exit code 1', async () => {
      const { code, output } = await run(['--colour']);
      expect(code).toBe(1);
      expect(output).toContain("Unknown option '--colour'");
    });
  });
});
