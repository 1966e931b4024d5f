import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import {
  provideRedis,
  redisAnswers,
  ServiceMissingError,
  serviceSummary,
} from '../support/services.ts';

/** A loopback address where nothing listens. */
async function closedUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return `redis://127.0.0.1:${address.port}`;
}

const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

describe('services the suite needs', () => {
  describe("the run's Redis", () => {
    it.skipIf(inject('redisUrl') === '')(
      'answers PING at the address the run provides',
      async () => {
        expect(await redisAnswers(inject('redisUrl'))).toBe(true);
      },
    );
  });

  describe('missing: no server at the address, no binary', () => {
    it('is skipped with one summary line outside CI', async () => {
      const lookup = { url: await closedUrl(), binary: 'chatgraph-no-such-binary', ci: false };
      const redis = await provideRedis(lookup);
      expect(redis).toBeNull();
      expect(serviceSummary('Redis', redis)).toBe(
        'Redis: not found — its tests are skipped (set REDIS_URL to run them)',
      );
    });

    it('fails under CI=true, saying what is missing', async () => {
      const url = await closedUrl();
      const lookup = { url, binary: 'chatgraph-no-such-binary', ci: true };
      await expect(provideRedis(lookup)).rejects.toThrow(ServiceMissingError);
      await expect(provideRedis(lookup)).rejects.toThrow(`no Redis answers at ${url}`);
    });
  });

  describe('not at the address, but the binary is there', () => {
    it.skipIf(!hasRedisServer)('is started on a free port, and stopped again', async () => {
      const redis = await provideRedis({ url: await closedUrl(), ci: true });
      expect(redis?.origin).toBe('started');
      expect(await redisAnswers(redis!.url)).toBe(true);
      expect(serviceSummary('Redis', redis)).toBe(`Redis: started at ${redis!.url}`);
      await redis!.stop();
      expect(await redisAnswers(redis!.url)).toBe(false);
    });
  });
});
