import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { changeSession, sandboxStats } from './control-routes.ts';
import { SandboxControls } from './controls.ts';
import { generateDataset, type SandboxDataset } from './dataset.ts';
import { SandboxWrites } from './dataset-writes.ts';
import { IdempotencyMemory } from './idempotency-memory.ts';
import { startLiveFans } from './live-fans.ts';
import { createRandom, deriveSeed } from './random.ts';
import { createRequestListener, type SandboxServerState } from './server.ts';
import {
  type SimulatedMessage,
  type SimulateMessageInput,
  simulateFanMessage,
} from './simulate-message.ts';
import {
  SANDBOX_KEYS,
  type SandboxDeliveryFault,
  type SandboxFault,
  type SandboxOptions,
  type SandboxStats,
  type SandboxWebhookSecrets,
  type SandboxWebhookTargets,
} from './types.ts';
import { WebhookDeliveries } from './webhook-deliveries.ts';

export { messageText } from './content.ts';
export type { SandboxDataset } from './dataset.ts';
export { absentFromPageMediaIds, chatsInOrder, generateDataset } from './dataset.ts';
export * from './dataset-types.ts';
export type { SimulatedMessage, SimulateMessageInput } from './simulate-message.ts';
export { SimulateError } from './simulate-message.ts';
export * from './types.ts';

/** The random stream of fans' messages, apart from the dataset's per-account streams. */
const FANS_STREAM = 0xfa25;

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
  /** Clears the route faults and the delivery faults. */
  clearFaults(): void;
  /**
   * Marks an account's vendor session expired (or working again): the accounts lists say so,
   * and when that changes it its vendor delivers the session webhook.
   */
  setSessionExpired(handle: string, expired: boolean): void;
  /** The secrets a webhook target takes when given none; sandbox mode gives them to the gateway. */
  webhookSecrets: SandboxWebhookSecrets;
  /** Where each vendor delivers its webhooks now, secrets included. */
  webhookTargets(): SandboxWebhookTargets;
  /** Replaces every target (a vendor left out delivers nothing); `{}` stops delivering. */
  setWebhookTargets(targets: SandboxWebhookTargets): void;
  addDeliveryFault(fault: SandboxDeliveryFault): void;
  /**
   * A fan writes in a chat: the message is added, then its webhook is delivered. Throws a
   * `SimulateError` for an unknown account or chat.
   */
  simulateMessage(input: SimulateMessageInput): SimulatedMessage;
  /** Counters per route and of the webhook deliveries, a deep copy. */
  stats(): SandboxStats;
  resetStats(): void;
  /**
   * Stops the live fans, aborts the deliveries, stops listening and ends every open connection,
   * hung responses included.
   */
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
  const deliveries = new WebhookDeliveries(options.webhooks);
  const state: SandboxServerState = {
    dataset,
    writes: new SandboxWrites(dataset),
    idempotency: new IdempotencyMemory(),
    controls,
    keys,
    hung,
    deliveries,
    random: createRandom(deriveSeed(seed, FANS_STREAM)),
  };
  // Before listening, so a bad interval throws before anything needs closing.
  const live =
    options.live === undefined
      ? null
      : startLiveFans({
          intervalMs: options.live.intervalMs,
          dataset,
          random: state.random,
          simulate: (input) => simulateFanMessage(state, input),
        });
  const server = createServer(createRequestListener(state));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      live?.stop();
      reject(error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
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
    clearFaults: () => {
      controls.clearFaults();
      deliveries.clearFaults();
    },
    setSessionExpired: (handle, expired) => {
      if (!changeSession(state, handle, expired)) controls.setSessionExpired(handle, expired);
    },
    webhookSecrets: deliveries.secrets,
    webhookTargets: () => deliveries.targets,
    setWebhookTargets: (targets) => deliveries.setTargets(targets),
    addDeliveryFault: (fault) => deliveries.addFault(fault),
    simulateMessage: (input) => simulateFanMessage(state, input),
    stats: () => sandboxStats(state),
    resetStats: () => {
      controls.resetStats();
      deliveries.resetStats();
    },
    close: async () => {
      live?.stop();
      await deliveries.close();
      for (const response of hung) response.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
