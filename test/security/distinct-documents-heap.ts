/**
 * Run by distinct-documents.test.ts in a child process (`node --expose-gc`): sends a stream of
 * distinct documents through the app, each twice (so each is compiled), and prints the heap
 * retained per document after forced garbage collection, as JSON on stdout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sandboxConfig } from '../../src/app/sandbox-mode.ts';
import { defaultServerConfig } from '../../src/config.ts';
import { startSandbox } from '../../src/sandbox/index.ts';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { connectAccounts } from '../../src/vendors/connect-accounts.ts';

const [warmup = 1500, measured = 1500] = process.argv.slice(2).map(Number);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with node --expose-gc');

const sandbox = await startSandbox();
const connectedAccounts = await connectAccounts(
  sandboxConfig(sandbox, { ...defaultServerConfig({}), port: 0 }),
);
// A short deadline: each request's deadline timer is gone before the heap is read.
const app = createChatgraph({ connectedAccounts: connectedAccounts, requestTimeoutMs: 50 });

async function send(index: number): Promise<void> {
  // Distinct texts of a screen's shape: an interface, inline fragments, nested objects.
  const query = `query Q${index} { connectedAccounts { id platform a${index}: externalId }
    node(id: "bm90IGFuIGlk") { id ... on Chat { unreadCount partner { username displayName }
    lastMessage { text createdAt isFromCreator } } } }`;
  for (let run = 0; run < 2; run++) {
    const response = await app.fetch('http://chatgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    await response.text();
  }
}

async function heapUsed(): Promise<number> {
  await sleep(200);
  // V8 keeps the code of `new Function` (graphql-jit's plans) in its compilation cache for a few
  // full collections after it is unreachable: collect until that cache has aged out.
  for (let round = 0; round < 12; round++) collect!();
  return process.memoryUsage().heapUsed;
}

let index = 0;
for (; index < warmup; index++) await send(index);
const before = await heapUsed();
for (const end = index + measured; index < end; index++) await send(index);
const after = await heapUsed();
process.stdout.write(`${JSON.stringify({ bytesPerDocument: (after - before) / measured })}\n`);
await connectedAccounts.close();
await sandbox.close();
