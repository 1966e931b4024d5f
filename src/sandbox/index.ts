import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxControls } from './controls.ts';
import { generateDataset, type SandboxDataset } from './dataset.ts';
import { SandboxWrites } from './dataset-writes.ts';
import { IdempotencyMemory } from './idempotency-memory.ts';
import { createRequestListener } from './server.ts';
import {
  SANDBOX_KEYS,
  type SandboxFault,
  type SandboxOptions,
  type SandboxStats,
} from './types.ts';

export { messageText } from './content.ts';
export type { SandboxDataset } from './dataset.ts';
export { absentFromPageMediaIds, chatsInOrder, generateDataset } from './dataset.ts';
export * from './dataset-types.ts';
export * from './types.ts';

export interface Sandbox {
  /** `http://127.0.0.1:PORT`: the base URL for both vendors. */
  url: string;
  keys: { onlyfansapi: string; ofauth: string };
  /**
   * The ground truth, live: generated from the seed, then changed by the vendor write routes
   * (sends, unsends, read marks) so that later reads show them. Read it; only the write routes
   * change it (see `dataset-writes.ts`).
   */
  dataset: SandboxDataset;
  setLatency(ms: number): void;
  addFault(fault: SandboxFault): void;
  clearFaults(): void;
  /** Marks an account's vendor session expired (or working again): the accounts lists say so. */
  setSessionExpired(handle: string, expired: boolean): void;
  /** Counters per route, a deep copy. */
  stats(): SandboxStats;
  resetStats(): void;
  /** Stops listening and ends every open connection, hung responses included. */
  close(): Promise<void>;
}

/**
 * Starts a local server that answers like OnlyFansAPI (OnlyFans and Fansly) and OFAuth, over a
 * generated agency dataset that its write routes change.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { host = '127.0.0.1', port = 0, seed = 1, latencyMs = 0, meterRateLimits = true } = options;
  const keys = {
    onlyfansapi: options.keys?.onlyfansapi ?? SANDBOX_KEYS.onlyfansapi,
    ofauth: options.keys?.ofauth ?? SANDBOX_KEYS.ofauth,
  };
  const dataset = generateDataset(seed, options.handles);
  const controls = new SandboxControls(latencyMs, meterRateLimits);
  const hung = new Set<ServerResponse>();
  const server = createServer(
    createRequestListener({
      dataset,
      writes: new SandboxWrites(dataset),
      idempotency: new IdempotencyMemory(),
      controls,
      keys,
      hung,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    keys,
    dataset,
    setLatency: (ms) => {
      controls.latencyMs = ms;
    },
    addFault: (fault) => controls.addFault(fault),
    clearFaults: () => controls.clearFaults(),
    setSessionExpired: (handle, expired) => controls.setSessionExpired(handle, expired),
    stats: () => controls.stats(),
    resetStats: () => controls.resetStats(),
    close: async () => {
      for (const response of hung) response.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
