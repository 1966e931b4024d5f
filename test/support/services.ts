import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';

/**
 * The services the suite talks to (Redis, for the live inbox and the shared cache) follow one
 * rule: found at the configured address, or started by the suite when the server's binary is on
 * the machine, else skipped with one summary line — and under `CI=true`, missing is a failure.
 */

export interface ProvidedService {
  /** `redis://host:port`. */
  url: string;
  /** Where it came from: found at the configured address, or started for this run. */
  origin: 'found' | 'started';
  /** Stops it if the suite started it. */
  stop(): Promise<void>;
}

export interface ServiceLookup {
  /** The configured address. @default process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' */
  url?: string;
  /** Whether missing is a failure. @default process.env.CI === 'true' */
  ci?: boolean;
  /** The server binary to start when nothing answers. @default 'redis-server' */
  binary?: string;
}

/** Why a service is not there, for the summary line and the CI failure. */
export class ServiceMissingError extends Error {
  override readonly name = 'ServiceMissingError';
}

/** Whether a Redis server answers PING at `url`, within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const socket = new Socket();
  try {
    socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
    socket.connect(Number(port || 6379), hostname);
    await once(socket, 'connect');
    socket.write('PING\r\n');
    const [reply] = await once(socket, 'data');
    return String(reply).startsWith('+PONG');
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

/** A port nothing listens on now, from the kernel. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

function onPath(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Redis for this test run, by the rule above: the configured server if it answers, else a
 * throwaway `redis-server` on a free loopback port (no persistence), else `null` — or, when
 * `ci`, a {@link ServiceMissingError}.
 */
export async function provideRedis(lookup: ServiceLookup = {}): Promise<ProvidedService | null> {
  const {
    url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ci = process.env.CI === 'true',
    binary = 'redis-server',
  } = lookup;
  if (await redisAnswers(url)) return { url, origin: 'found', stop: async () => {} };
  if (onPath(binary)) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const started = `redis://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (await redisAnswers(started)) {
        return {
          url: started,
          origin: 'started',
          stop: async () => {
            if (child.exitCode === null) {
              child.kill('SIGTERM');
              await once(child, 'exit');
            }
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
  }
  const why = `no Redis answers at ${url} and ${binary} is not on PATH (set REDIS_URL, or install Redis)`;
  if (ci) throw new ServiceMissingError(`Redis is required under CI=true: ${why}`);
  return null;
}

/** The one line a run prints about a service. */
export function serviceSummary(name: string, service: ProvidedService | null): string {
  if (!service) return `${name}: not found — its tests are skipped (set REDIS_URL to run them)`;
  return `${name}: ${service.origin === 'found' ? 'found at' : 'started at'} ${service.url}`;
}
