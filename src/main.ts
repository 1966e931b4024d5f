import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { ConfigError, defaultServerConfig, type GatewayConfig, loadConfigFile } from './config.ts';
import { createGateway } from './create-gateway.ts';
import { type Sandbox, startSandbox } from './sandbox/index.ts';
import { sandboxConfig } from './sandbox-mode.ts';
import { createChatgraph } from './yoga.ts';

const HELP = `chatgraph — one GraphQL API over OnlyFans and Fansly chats

Usage: npm start -- [--config <file>]

Options:
  --config <file>   the gateway's JSON config (see README); without one, sandbox mode
  --check-config    validate the config, print the problems, and exit
  --mode <mode>     plain (the published schema on /graphql), subgraph (the Apollo Federation
                    subgraph on /graphql) or both (subgraph on /subgraph); overrides server.mode
  --help            this text

Environment:
  CHATGRAPH_CONFIG  path of the config file, when --config is not given
  PORT, HOST        override server.port and server.host
  Secrets in the config may be {"env": "NAME"}: they are read from NAME.

Sandbox mode (no config): the embedded vendor sandbox starts in-process and every sandbox
account is connected, so the API answers with realistic data and no vendor credits are spent.
`;

function listenAddress(server: GatewayConfig['server']): GatewayConfig['server'] {
  const port = process.env.PORT === undefined ? server.port : Number.parseInt(process.env.PORT, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([`PORT: expected an integer from 0 to 65535`]);
  }
  return { ...server, host: process.env.HOST || server.host, port };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'check-config': { type: 'boolean', default: false },
      mode: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const configPath = values.config ?? process.env.CHATGRAPH_CONFIG;
  let sandbox: Sandbox | null = null;
  let config: GatewayConfig;
  if (configPath) {
    config = await loadConfigFile(configPath);
    if (values['check-config']) {
      process.stdout.write(`${configPath}: valid\n`);
      return;
    }
    config = { ...config, server: listenAddress(config.server) };
  } else {
    sandbox = await startSandbox();
    config = sandboxConfig(sandbox, listenAddress(defaultServerConfig()));
  }

  if (values.mode !== undefined) {
    if (values.mode !== 'plain' && values.mode !== 'subgraph' && values.mode !== 'both') {
      throw new ConfigError(['--mode: expected plain, subgraph or both']);
    }
    config = { ...config, server: { ...config.server, mode: values.mode } };
  }

  const gateway = await createGateway(config, { warn: (message) => console.warn(message) });
  const { maxBodyBytes, maxBatch, ...limits } = config.limits;
  const yoga = createChatgraph({
    gateway,
    graphiql: config.server.graphiql,
    introspection: config.server.introspection,
    requestTimeoutMs: config.server.requestTimeoutMs,
    tokens: config.auth.tokens,
    limits,
    maxBodyBytes,
    maxBatch,
    mode: config.server.mode,
  });
  if (config.auth.tokens.length === 0) {
    console.warn(
      'warning: no gateway tokens configured (auth.tokens): the gateway is open to every caller and shows every account. Fine for local development; configure tokens before exposing it.',
    );
  }
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://${config.server.host}:${port}/graphql`;
  if (sandbox) {
    console.log(
      `sandbox mode: the vendor sandbox runs at ${sandbox.url}, ${gateway.accounts.length} accounts connected`,
    );
  }
  console.log(
    `chatgraph listening on ${url}${config.server.graphiql ? ` (GraphiQL: open ${url})` : ''}`,
  );
  if (config.server.mode === 'both') {
    console.log(`federation subgraph on http://${config.server.host}:${port}/subgraph`);
  }

  const stop = async () => {
    server.close();
    server.closeAllConnections();
    await gateway.close();
    await sandbox?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(problem);
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
