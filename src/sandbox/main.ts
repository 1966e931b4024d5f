/**
 * `npm run sandbox`: serves the vendor sandbox until interrupted. `--help` lists the flags;
 * `--write-config <file>` writes a gateway config that reads every sandbox account, so
 * `npm start -- --config <file>` runs the gateway against this standalone sandbox.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { gatewayConfigFileFor } from './gateway-config-file.ts';
import { type SandboxWebhookSecrets, startSandbox } from './index.ts';
import { isSvixSecret } from './webhook-signing.ts';

const HELP = `chatgraph vendor sandbox — OnlyFansAPI (OnlyFans, Fansly) and OFAuth on one port

Usage: npm run sandbox -- [options]

Options:
  --port <port>             where to listen (default 4010, or SANDBOX_PORT; 0 picks one)
  --host <host>             the address to listen on (default 127.0.0.1, or SANDBOX_HOST;
                            0.0.0.0 in a container)
  --latency <ms>            delay every vendor answer (default 0)
  --seed <n>                seed of the generated dataset: the same seed, the same data (default 1)
  --unmetered               report a full rate-limit allowance on every answer (for load tests)
  --write-config <file>     write a gateway config (JSON) for this sandbox: its URL, keys,
                            accounts and webhook secrets; then run the gateway with
                            npm start -- --config <file>
  --webhooks-to <origin>    deliver both vendors' webhooks to a gateway at <origin>
                            (<origin>/webhooks/onlyfansapi and /webhooks/ofauth), signed with
                            the secrets --write-config writes
  --live                    fans write every few seconds: each message is added and its webhook
                            delivered
  --live-interval <ms>      with --live, the time between two fan messages (default 5000)
  -h, --help                this text

Environment:
  SANDBOX_ONLYFANSAPI_WEBHOOK_SECRET, SANDBOX_OFAUTH_WEBHOOK_SECRET
                            the secrets webhooks are signed with (OFAuth's: whsec_<base64>),
                            for gateways configured beforehand; default: generated at start

Controls: GET /_sandbox/stats, POST /_sandbox/reset, POST|DELETE /_sandbox/faults,
PUT /_sandbox/latency, GET /_sandbox/health, GET|PUT|DELETE /_sandbox/webhooks,
POST|DELETE /_sandbox/webhooks/faults, POST /_sandbox/simulate/message.
`;

/** Reads the flags; a mistake is one line on stderr and exit code 2, never a stack. */
function readFlags() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: process.env.SANDBOX_PORT || '4010' },
        host: { type: 'string', default: process.env.SANDBOX_HOST || '127.0.0.1' },
        latency: { type: 'string', default: '0' },
        seed: { type: 'string', default: '1' },
        unmetered: { type: 'boolean', default: false },
        'write-config': { type: 'string' },
        'webhooks-to': { type: 'string' },
        live: { type: 'boolean', default: false },
        'live-interval': { type: 'string', default: '5000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return values;
  } catch (error) {
    fail(`${(error as Error).message.replace(/\s*\n\s*/g, ' ')} (see npm run sandbox -- --help)`);
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function integerFlag(name: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const number = Number(value);
  if (value === '' || !Number.isInteger(number) || number < 0 || number > max) {
    fail(`--${name} must be an integer from 0 to ${max}, got ${value}`);
  }
  return number;
}

/** `--webhooks-to`: an http(s) origin, to which the gateway's webhook paths are added. */
function originFlag(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url === null || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/') {
    fail(`--webhooks-to must be an http(s) origin such as http://127.0.0.1:4000, got ${value}`);
  }
  return url.origin;
}

/**
 * The webhook secrets given in the environment, so that gateways configured before the sandbox
 * starts (docker-compose.yml) verify its deliveries; a missing one is generated at start.
 */
function webhookSecretsFromEnv(): Partial<SandboxWebhookSecrets> {
  const secrets: Partial<SandboxWebhookSecrets> = {};
  const onlyFansApi = process.env.SANDBOX_ONLYFANSAPI_WEBHOOK_SECRET;
  if (onlyFansApi) {
    if (onlyFansApi.length > 256)
      fail('SANDBOX_ONLYFANSAPI_WEBHOOK_SECRET: at most 256 characters');
    secrets.onlyfansapi = onlyFansApi;
  }
  const ofAuth = process.env.SANDBOX_OFAUTH_WEBHOOK_SECRET;
  if (ofAuth) {
    // Never echoed: a secret in a message ends up in logs.
    if (!isSvixSecret(ofAuth) || ofAuth.length > 256) {
      fail(
        'SANDBOX_OFAUTH_WEBHOOK_SECRET: expected whsec_ and base64 (Svix form), at most 256 characters',
      );
    }
    secrets.ofauth = ofAuth;
  }
  return secrets;
}

const values = readFlags();
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const webhooksTo =
  values['webhooks-to'] === undefined ? undefined : originFlag(values['webhooks-to']);
const liveIntervalMs = integerFlag('live-interval', values['live-interval']);
if (liveIntervalMs === 0) fail('--live-interval must be at least 1');
if (values.host === '') fail('--host must not be empty');
const sandbox = await startSandbox({
  host: values.host,
  port: integerFlag('port', values.port, 65535),
  latencyMs: integerFlag('latency', values.latency),
  seed: integerFlag('seed', values.seed),
  meterRateLimits: !values.unmetered,
  webhooks: { secrets: webhookSecretsFromEnv() },
  ...(values.live ? { live: { intervalMs: liveIntervalMs } } : {}),
});
if (webhooksTo !== undefined) {
  sandbox.setWebhookTargets({
    onlyfansapi: {
      url: `${webhooksTo}/webhooks/onlyfansapi`,
      secret: sandbox.webhookSecrets.onlyfansapi,
    },
    ofauth: { url: `${webhooksTo}/webhooks/ofauth`, secret: sandbox.webhookSecrets.ofauth },
  });
}

const configFile = values['write-config'];
if (configFile !== undefined) {
  await writeFile(configFile, `${JSON.stringify(gatewayConfigFileFor(sandbox), null, 2)}\n`);
}

const { dataset } = sandbox;
const lines = [
  `Vendor sandbox listening on ${sandbox.url} (seed ${dataset.seed})`,
  `  OnlyFansAPI key: ${sandbox.keys.onlyfansapi}   (Authorization: Bearer <key>)`,
  `  OFAuth key:      ${sandbox.keys.ofauth}   (apiKey: <key>, x-connection-id: <conn>)`,
  `  ${dataset.totals.chats} chats, ${dataset.totals.messages} messages, ${dataset.totals.media} media, generated in ${Math.round(dataset.generatedInMs)} ms`,
  '  Accounts:',
  ...dataset.accounts.map(
    (account) =>
      `    ${account.vendor.padEnd(11)} ${account.platform.padEnd(8)} ${account.handle}  @${account.creator.username}  ${account.chats.length} chats`,
  ),
  '  Controls: GET /_sandbox/stats, POST /_sandbox/reset, POST|DELETE /_sandbox/faults, PUT /_sandbox/latency, GET /_sandbox/health',
  '  Webhooks: GET|PUT|DELETE /_sandbox/webhooks, POST|DELETE /_sandbox/webhooks/faults, POST /_sandbox/simulate/message',
  webhooksTo === undefined
    ? '  Webhooks deliver nowhere yet: --webhooks-to <gateway origin>, or PUT /_sandbox/webhooks'
    : `  Webhooks delivered to ${webhooksTo}/webhooks/onlyfansapi and ${webhooksTo}/webhooks/ofauth`,
  values.live
    ? `  Live: a fan writes every ${liveIntervalMs} ms`
    : '  Live fans off: --live, or POST /_sandbox/simulate/message',
  ...(configFile === undefined
    ? ['  Gateway config for this sandbox: npm run sandbox -- --write-config <file>']
    : [`  Gateway config written to ${configFile}: npm start -- --config ${configFile}`]),
];
console.log(lines.join('\n'));

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the sandbox`);
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
