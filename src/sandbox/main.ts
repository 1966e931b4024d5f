/**
 * `npm run sandbox`: serves the vendor sandbox until interrupted.
 * Flags: `--port` (default 4010, or SANDBOX_PORT), `--latency` (ms), `--seed`, `--unmetered`
 * (report a full rate-limit allowance on every answer, for load tests).
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SANDBOX_PORT ?? '4010' },
    latency: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    unmetered: { type: 'boolean', default: false },
  },
});

function integerFlag(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    console.error(`--${name} must be a non-negative integer, got ${value}`);
    process.exit(2);
  }
  return number;
}

const sandbox = await startSandbox({
  port: integerFlag('port', values.port),
  latencyMs: integerFlag('latency', values.latency),
  seed: integerFlag('seed', values.seed),
  meterRateLimits: !values.unmetered,
});

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
