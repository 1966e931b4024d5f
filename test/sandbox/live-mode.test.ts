import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS, startSandbox } from '../../src/sandbox/index.ts';
import { verifyOfAuthSignature } from '../../src/vendors/ofauth/verify-ofauth-signature.ts';
import { verifyOnlyFansApiDelivery } from '../../src/vendors/onlyfansapi/onlyfansapi-webhook-signature.ts';
import {
  type ChatgraphProcess,
  runMain,
  sandboxUrlOf,
  startChatgraph,
  withOutput,
} from '../ops/support/chatgraph-process.ts';
import { expectJson, type Json } from './helpers.ts';
import { type ReceivedDelivery, useWebhookReceiver } from './webhook-receiver.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const held = useWebhookReceiver();

/** `npm run sandbox -- …` in its own process. */
function runSandbox(args: string[]) {
  return withOutput(
    spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SANDBOX_PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

function verified(delivery: ReceivedDelivery, secrets: { onlyfansapi: string; ofauth: string }) {
  return delivery.path.endsWith('/ofauth')
    ? verifyOfAuthSignature(delivery, { secret: secrets.ofauth, now: Date.now })
    : verifyOnlyFansApiDelivery(secrets.onlyfansapi, delivery);
}

describe('live fans', () => {
  it('write on their own, each message delivered, until the sandbox closes', async () => {
    held.receiver.clear();
    const sandbox = await startSandbox({ seed: 3, live: { intervalMs: 15 } });
    const { webhookSecrets } = sandbox;
    try {
      sandbox.setWebhookTargets({
        onlyfansapi: {
          url: `${held.receiver.origin}/webhooks/onlyfansapi`,
          secret: webhookSecrets.onlyfansapi,
        },
        ofauth: { url: `${held.receiver.origin}/webhooks/ofauth`, secret: webhookSecrets.ofauth },
      });
      const deliveries = await held.receiver.waitFor(6);
      for (const delivery of deliveries) {
        expect(verified(delivery, webhookSecrets)).toMatchObject({ ok: true });
        const kind = delivery.body.event ?? delivery.body.type;
        expect([
          'messages.received',
          'fansly.messages.received',
          'realtime.chat_message.received',
        ]).toContain(kind);
      }
    } finally {
      await sandbox.close();
    }
    const after = sandbox.stats().webhooks.events;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sandbox.stats().webhooks).toMatchObject({ events: after, pending: 0 });
  });

  it('refuses an interval that is not a positive integer', async () => {
    await expect(startSandbox({ live: { intervalMs: 0 } })).rejects.toThrow(/intervalMs/);
  });
});

describe('npm run sandbox -- --live --webhooks-to', () => {
  let child: ReturnType<typeof runSandbox> | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await child.exited;
    }
  });

  it('delivers fans’ messages to the origin, signed with the secrets --write-config writes', async () => {
    held.receiver.clear();
    const folder = await mkdtemp(join(tmpdir(), 'chatgraph-sandbox-live-'));
    const file = join(folder, 'sandbox.json');
    child = runSandbox([
      '--port',
      '0',
      '--live',
      '--live-interval',
      '20',
      '--webhooks-to',
      held.receiver.origin,
      '--write-config',
      file,
    ]);
    while (!child.output().includes('Gateway config written')) {
      if (child.exitCode !== null) throw new Error(`the sandbox exited:\n${child.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(child.output()).toContain('Live: a fan writes every 20 ms');
    const config = JSON.parse(await readFile(file, 'utf8'));
    const secrets = {
      onlyfansapi: config.vendors.onlyfansapi.webhookSecret,
      ofauth: config.vendors.ofauth.webhookSecret,
    };
    expect(child.output()).not.toContain(secrets.onlyfansapi);
    expect(child.output()).not.toContain(secrets.ofauth);
    const deliveries = await held.receiver.waitFor(4);
    for (const delivery of deliveries) {
      expect(verified(delivery, secrets)).toMatchObject({ ok: true });
    }
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it.each([
    [['--live-interval', '0'], '--live-interval must be at least 1'],
    [['--live-interval', 'soon'], '--live-interval must be an integer'],
    [['--webhooks-to', 'ftp://127.0.0.1'], '--webhooks-to must be an http(s) origin'],
    [
      ['--webhooks-to', 'http://127.0.0.1:4000/webhooks'],
      '--webhooks-to must be an http(s) origin',
    ],
  ])('%j is one line on stderr and exit code 2', async (args, message) => {
    const mistaken = runSandbox(args);
    expect(await mistaken.exited).toBe(2);
    expect(mistaken.output()).toContain(message);
    expect(mistaken.output().trim().split('\n')).toHaveLength(1);
  });

  it('--help lists the live flags and the webhook controls', async () => {
    const help = runSandbox(['--help']);
    expect(await help.exited).toBe(0);
    for (const expected of [
      '--live ',
      '--live-interval <ms>',
      '--webhooks-to <origin>',
      '/_sandbox/webhooks',
      '/_sandbox/simulate/message',
    ]) {
      expect(help.output()).toContain(expected);
    }
  });
});

describe('npm start in sandbox mode', () => {
  let gateway: ChatgraphProcess | undefined;
  afterAll(async () => {
    await gateway?.stop();
  });

  it('points the embedded sandbox’s webhooks at the gateway, with SANDBOX_LIVE fans writing', async () => {
    gateway = await startChatgraph([], { SANDBOX_LIVE: '1' });
    expect(gateway.output()).toContain('fans writing live');
    const sandboxUrl = sandboxUrlOf(gateway);
    const targets: Json = await expectJson(await fetch(`${sandboxUrl}/_sandbox/webhooks`));
    expect(targets).toEqual({
      onlyfansapi: { url: `${gateway.origin}/webhooks/onlyfansapi`, secret: 'generated' },
      ofauth: { url: `${gateway.origin}/webhooks/ofauth`, secret: 'generated' },
    });
    // A fan message now is delivered to the gateway (whatever its endpoint answers).
    const accounts: Json = await expectJson(
      await fetch(`${sandboxUrl}/api/accounts`, {
        headers: { authorization: `Bearer ${SANDBOX_KEYS.onlyfansapi}` },
      }),
    );
    const simulated: Json = await expectJson(
      await fetch(`${sandboxUrl}/_sandbox/simulate/message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account: accounts.data[0].id }),
      }),
      201,
    );
    expect(simulated.eventId).toMatch(/^evt_/);
    const deadline = Date.now() + 10_000;
    let stats: Json;
    do {
      stats = await expectJson(await fetch(`${sandboxUrl}/_sandbox/stats`));
      if (stats.webhooks.attempted >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (Date.now() < deadline);
    expect(stats.webhooks.attempted).toBeGreaterThanOrEqual(2);
  });

  it('refuses a SANDBOX_LIVE that is not a switch', async () => {
    const child = runMain([], { SANDBOX_LIVE: 'maybe' });
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('SANDBOX_LIVE: expected 1, true, 0 or false');
  });
});
