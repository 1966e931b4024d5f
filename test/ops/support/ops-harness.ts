import type { Plugin } from 'graphql-yoga';
import { sandboxConfig } from '../../../src/app/sandbox-mode.ts';
import { defaultServerConfig } from '../../../src/config.ts';
import type { VendorHttpEvents } from '../../../src/http/vendor-http-events.ts';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.ts';
import {
  type Chatgraph,
  type ChatgraphOptions,
  createChatgraph,
} from '../../../src/server/create-chatgraph.ts';
import { connectAccounts } from '../../../src/vendors/connect-accounts.ts';
import type { ConnectedAccounts } from '../../../src/vendors/connected-accounts.ts';

export interface OpsHarness {
  sandbox: Sandbox;
  connectedAccounts: ConnectedAccounts;
  yoga: Chatgraph;
  /** POSTs one operation through the app's fetch handler and returns the response. */
  post(
    query: string,
    options?: { variables?: Record<string, unknown>; headers?: Record<string, string> },
  ): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A sandbox, a gateway over every sandbox account with the given VendorHttp hooks, and the app
 * with the given plugins: what `main.ts` assembles, without a process or a port.
 */
export async function startOpsHarness(
  options: {
    events?: VendorHttpEvents;
    plugins?: Plugin[];
    chatgraph?: Omit<ChatgraphOptions, 'connectedAccounts' | 'plugins'>;
    retries?: number;
  } = {},
): Promise<OpsHarness> {
  const sandbox = await startSandbox();
  const config = sandboxConfig(sandbox, { ...defaultServerConfig({}), port: 0 });
  if (options.retries !== undefined) {
    if (config.vendors.onlyfansapi) config.vendors.onlyfansapi.retries = options.retries;
    if (config.vendors.ofauth) config.vendors.ofauth.retries = options.retries;
  }
  const connectedAccounts = await connectAccounts(config, { events: options.events });
  const yoga = createChatgraph({
    connectedAccounts: connectedAccounts,
    ...options.chatgraph,
    plugins: options.plugins,
  });
  return {
    sandbox,
    connectedAccounts: connectedAccounts,
    yoga,
    post(query, { variables, headers = {} } = {}) {
      return Promise.resolve(
        yoga.fetch('http://chatgraph/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        }),
      );
    },
    get(path, headers = {}) {
      return Promise.resolve(yoga.fetch(`http://chatgraph${path}`, { headers }));
    },
    async close() {
      await connectedAccounts.close();
      await sandbox.close();
    },
  };
}

/** A pino destination that keeps every line, parsed. */
export function memoryDestination(): {
  write(line: string): void;
  lines: Array<Record<string, unknown>>;
} {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    write(line: string) {
      lines.push(JSON.parse(line));
    },
  };
}
