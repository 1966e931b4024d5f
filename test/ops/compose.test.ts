import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type GatewayConfig, loadConfigFile } from '../../src/config.ts';
import { withOutput } from './support/chatgraph-process.ts';

/**
 * docker-compose.yml and its configs in deploy/ against the code, without Docker: the files are
 * read as `docker compose up` reads them with no variable set (each `${NAME:-default}` at its
 * default), and every name, port and secret one service expects of another is checked, as is
 * every gateway config file against the gateway's own schema. The sandbox service's command runs
 * from the built image's bundle (dist/sandbox.js).
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFile(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/** The compose file as `docker compose up` reads it with no variable set. */
async function composeServices(): Promise<Record<string, Service>> {
  const text = (await read('docker-compose.yml')).replace(
    /\$\{\w+:-([^}]*)\}/g,
    (_, fallback: string) => fallback,
  );
  // Any other interpolation would need a variable set: the stack must start with none.
  expect(text).not.toContain('${');
  return (parse(text) as { services: Record<string, Service> }).services;
}

/** The value after `--name` in a command. */
function flag(command: string[], name: string): string | undefined {
  const index = command.indexOf(`--${name}`);
  return index === -1 ? undefined : command[index + 1];
}

/** The host file mounted at `target` in a service. */
function mounted(service: Service, target: string): string {
  const volume = service.volumes?.find((entry) => entry.split(':')[1] === target);
  expect(volume, `a volume mounted at ${target}`).toBeDefined();
  return volume!.split(':')[0]!;
}

/** The gateway replicas: the services that run the gateway with a config file. */
function gatewaysOf(services: Record<string, Service>): Array<[string, Service]> {
  return Object.entries(services).filter(([, service]) => service.environment?.CHATGRAPH_CONFIG);
}

/** The config a replica runs with: its mounted file, read with its environment. */
function configOf(service: Service): Promise<GatewayConfig> {
  const environment = service.environment!;
  const file = mounted(service, environment.CHATGRAPH_CONFIG!);
  // The image sets NODE_ENV=production (Dockerfile), which changes some defaults.
  return loadConfigFile(join(ROOT, file), { NODE_ENV: 'production', ...environment });
}

/** The port the image listens on (its `PORT`, which wins over the config's server.port). */
async function imagePort(): Promise<string> {
  const port = /^\s*PORT=(\d+)/m.exec(await read('Dockerfile'))?.[1];
  expect(port).toBeDefined();
  return port!;
}

describe('docker-compose.yml', () => {
  it('runs two gateway replicas of the repository image, sharing one Redis', async () => {
    const services = await composeServices();
    const gateways = gatewaysOf(services);
    expect(gateways.map(([name]) => name)).toEqual(['gateway-1', 'gateway-2']);
    const redisUrls = new Set(gateways.map(([, service]) => service.environment!.REDIS_URL));
    expect(redisUrls.size).toBe(1);
    const redisUrl = new URL([...redisUrls][0]!);
    expect(redisUrl.protocol).toBe('redis:');
    expect(services[redisUrl.hostname]?.image).toMatch(/^redis:/);
    expect(redisUrl.port || '6379').toBe('6379');
    for (const [, service] of gateways) {
      expect(service.build).toBe('.');
      expect(service.depends_on).toEqual({
        [redisUrl.hostname]: { condition: 'service_healthy' },
        sandbox: { condition: 'service_healthy' },
      });
    }
  });

  it("gives each replica a config file the gateway's schema accepts, on that Redis and the sandbox", async () => {
    const services = await composeServices();
    const gateways = gatewaysOf(services);
    const sandboxPort = flag(services.sandbox!.command!, 'port');
    for (const [name, service] of gateways) {
      const config = await configOf(service);
      expect(config.redis.url, name).toBe(service.environment!.REDIS_URL);
      expect(config.redis.replicas, name).toBe(gateways.length);
      expect(config.vendors.onlyfansapi?.baseUrl).toBe(`http://sandbox:${sandboxPort}`);
      expect(config.vendors.ofauth?.baseUrl).toBe(`http://sandbox:${sandboxPort}`);
      // Replicas page each other's cursors and verify the same vendors' deliveries.
      expect(config.server.cursorSecret).toBeDefined();
    }
    const [first, second] = await Promise.all(gateways.map(([, service]) => configOf(service)));
    expect(second).toEqual(first);
  });

  it('probes each replica on /ready, at the port the image listens on', async () => {
    const port = await imagePort();
    for (const [name, service] of gatewaysOf(await composeServices())) {
      expect(service.healthcheck?.test.join(' '), name).toContain(`http://127.0.0.1:${port}/ready`);
    }
  });

  it('puts the load balancer in front of both replicas, and the sandbox delivers to it', async () => {
    const services = await composeServices();
    const lb = services.lb!;
    expect(lb.image).toMatch(/^nginx:/);
    const nginx = await read(mounted(lb, '/etc/nginx/conf.d/default.conf'));
    const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(nginx);
    expect(upstream).not.toBeNull();
    const servers = [...upstream![2]!.matchAll(/^\s*server\s+(\S+)\s*;/gm)].map(
      (match) => match[1],
    );
    const port = await imagePort();
    expect(servers).toEqual(gatewaysOf(services).map(([name]) => `${name}:${port}`));
    expect(nginx).toMatch(new RegExp(`proxy_pass http://${upstream![1]};`));
    // Subscriptions: WebSocket upgrades pass, and event streams are not held back.
    expect(nginx).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(nginx).toContain('proxy_buffering off;');

    const listen = /^\s*listen\s+(\d+)\s*;/m.exec(nginx)?.[1];
    // Published on this machine only, at the port the README's URLs use.
    expect(lb.ports).toEqual([`127.0.0.1:4000:${listen}`]);
    expect(new URL(flag(services.sandbox!.command!, 'webhooks-to')!).origin).toBe(
      new URL(`http://lb:${listen}`).origin,
    );
  });

  it('runs one sandbox from the image, signing webhooks with the secrets the replicas verify', async () => {
    const services = await composeServices();
    const sandbox = services.sandbox!;
    expect(sandbox.build).toBe('.');
    const [command, script, ...args] = sandbox.command!;
    expect([command, script]).toEqual(['node', 'dist/sandbox.js']);
    expect(flag(args, 'host')).toBe('0.0.0.0');

    // The same command here, on a free local port, writing the config it would give a gateway.
    const folder = await mkdtemp(join(tmpdir(), 'chatgraph-compose-'));
    const written = join(folder, 'sandbox.json');
    const local = args.slice();
    local[local.indexOf('--host') + 1] = '127.0.0.1';
    local[local.indexOf('--port') + 1] = '0';
    local.splice(local.indexOf('--webhooks-to'), 2);
    const child = withOutput(
      spawn(process.execPath, [join(ROOT, script!), ...local, '--write-config', written], {
        env: { ...process.env, SANDBOX_HOST: '', SANDBOX_PORT: '', ...sandbox.environment },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    try {
      while (!child.output().includes('Gateway config written')) {
        if (child.exitCode !== null) throw new Error(`the sandbox exited:\n${child.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      child.kill('SIGTERM');
      await child.exited;
    }
    const own = JSON.parse(await readFile(written, 'utf8')) as {
      vendors: Record<'onlyfansapi' | 'ofauth', Record<string, unknown>>;
    };

    const config = await configOf(gatewaysOf(services)[0]![1]);
    const { onlyfansapi, ofauth } = config.vendors;
    expect(onlyfansapi).toMatchObject({
      apiKey: own.vendors.onlyfansapi.apiKey,
      webhookSecret: own.vendors.onlyfansapi.webhookSecret,
      accounts: own.vendors.onlyfansapi.accounts,
    });
    expect(ofauth).toMatchObject({
      apiKey: own.vendors.ofauth.apiKey,
      webhookSecret: own.vendors.ofauth.webhookSecret,
      connections: own.vendors.ofauth.connections,
    });
  });
});
