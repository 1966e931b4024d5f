import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SANDBOX_KEYS } from '../../src/sandbox/types.ts';
import { FLOOR_ROUTES } from './floor-routes.ts';
import { FloorVendors } from './floor-vendors.ts';

/**
 * The benchmark's floor: an HTTP server with one GET route per scenario that answers from raw
 * vendor calls (undici, no GraphQL, no validation). What the gateway costs beyond it is the
 * gateway's own overhead. Run as its own process by the bench runner:
 * `node --import tsx test/bench/floor-server.ts --port 0 --sandbox http://127.0.0.1:4010`.
 */

export interface Floor {
  url: string;
  close(): Promise<void>;
}

export async function startFloor(options: { sandboxUrl: string; port?: number }): Promise<Floor> {
  const vendors = await FloorVendors.connect(options.sandboxUrl, SANDBOX_KEYS);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://floor.invalid');
    const route = FLOOR_ROUTES[url.pathname];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    route(vendors, url.searchParams).then(
      (data) => {
        const body = JSON.stringify({ data });
        response.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      },
      (error: unknown) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await vendors.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, sandbox: { type: 'string' } },
  });
  if (!values.sandbox) {
    console.error('--sandbox <url> is required');
    process.exit(2);
  }
  const floor = await startFloor({ sandboxUrl: values.sandbox, port: Number(values.port) });
  console.log(`floor listening on ${floor.url}`);
  // A clean exit on SIGTERM, so `--cpu-prof` can write its profile.
  process.once('SIGTERM', () => void floor.close().then(() => process.exit(0)));
  process.once('SIGINT', () => void floor.close().then(() => process.exit(0)));
}
