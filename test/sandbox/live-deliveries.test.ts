import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, type SandboxAccount, startSandbox } from '../../src/sandbox/index.ts';
import { verifyOfAuthSignature } from '../../src/vendors/ofauth/verify-ofauth-signature.ts';
import { verifyOnlyFansApiDelivery } from '../../src/vendors/onlyfansapi/onlyfansapi-webhook-signature.ts';
import { expectJson, type Json } from './helpers.ts';
import { type ReceivedDelivery, useWebhookReceiver } from './webhook-receiver.ts';

const SECRETS = {
  onlyfansapi: 'ofapi-test-signing-secret',
  ofauth: `whsec_${Buffer.from('ofauth-test-signing-key-0123456789').toString('base64')}`,
};

const held = useWebhookReceiver();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    webhooks: { secrets: SECRETS, retryDelaysMs: [20, 20], timeoutMs: 1_000, maxPending: 64 },
  });
});
afterAll(() => sandbox.close());

const receiver = () => held.receiver;
const accountOf = (vendor: SandboxAccount['vendor'], platform: SandboxAccount['platform']) =>
  sandbox.dataset.accountsOf(vendor, platform)[0]!;

function deliverHere(): void {
  sandbox.setWebhookTargets({
    onlyfansapi: { url: `${receiver().origin}/webhooks/onlyfansapi`, secret: SECRETS.onlyfansapi },
    ofauth: { url: `${receiver().origin}/webhooks/ofauth`, secret: SECRETS.ofauth },
  });
}

/** Waits until no delivery is pending, so counters are final. */
async function settled(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (sandbox.stats().webhooks.pending > 0) {
    if (Date.now() > deadline) throw new Error('deliveries still pending');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function verifyOnlyFansApi(delivery: ReceivedDelivery) {
  return verifyOnlyFansApiDelivery(SECRETS.onlyfansapi, delivery);
}

function verifyOfAuth(delivery: ReceivedDelivery) {
  return verifyOfAuthSignature(delivery, { secret: SECRETS.ofauth, now: Date.now });
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

afterEach(async () => {
  await settled();
  sandbox.clearFaults();
  sandbox.resetStats();
  receiver().hang(false);
  receiver().clear();
  deliverHere();
});

describe('sandbox webhook deliveries', () => {
  beforeAll(() => deliverHere());

  describe('a fan message, signed as each vendor signs it', () => {
    it('OnlyFansAPI · OnlyFans: messages.received with a hex Signature and an evt_ id', async () => {
      const account = accountOf('onlyfansapi', 'onlyfans');
      const simulated = sandbox.simulateMessage({ account: account.handle, text: 'hi <3' });
      const [delivery] = await receiver().waitFor(1);
      expect(delivery!.path).toBe('/webhooks/onlyfansapi');
      expect(verifyOnlyFansApi(delivery!)).toEqual({ ok: true, eventId: simulated.eventId });
      expect(simulated.eventId).toMatch(/^evt_[0-9a-f]{24}$/);
      expect(delivery!.body).toMatchObject({
        event: 'messages.received',
        account_id: account.handle,
        payload: {
          id: Number(simulated.messageId),
          text: '<p>hi &lt;3</p>',
          fromUser: { id: Number(simulated.partnerId) },
          isSentByMe: false,
        },
      });
    });

    it('OnlyFansAPI · Fansly: fansly.messages.received with snowflake string ids', async () => {
      const account = accountOf('onlyfansapi', 'fansly');
      const simulated = sandbox.simulateMessage({ account: account.handle, text: 'hey' });
      const [delivery] = await receiver().waitFor(1);
      expect(verifyOnlyFansApi(delivery!)).toEqual({ ok: true, eventId: simulated.eventId });
      expect(delivery!.body).toMatchObject({
        event: 'fansly.messages.received',
        account_id: account.handle,
        payload: {
          id: simulated.messageId,
          groupId: simulated.chatId,
          senderId: simulated.partnerId,
          content: 'hey',
        },
      });
      expect(BigInt(simulated.messageId) > 2n ** 53n).toBe(true);
      expect(typeof delivery!.body.payload.createdAt).toBe('number');
    });

    it('OFAuth: realtime.chat_message.received with Svix headers', async () => {
      const account = accountOf('ofauth', 'onlyfans');
      const simulated = sandbox.simulateMessage({ account: account.handle });
      const [delivery] = await receiver().waitFor(1);
      expect(delivery!.path).toBe('/webhooks/ofauth');
      expect(verifyOfAuth(delivery!)).toEqual({ ok: true, eventId: simulated.eventId });
      expect(delivery!.headers['svix-id']).toBe(simulated.eventId);
      expect(delivery!.headers['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(delivery!.body).toMatchObject({
        type: 'realtime.chat_message.received',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        data: {
          connection: { id: account.handle },
          eventBody: { id: Number(simulated.messageId), isSentByMe: false },
        },
      });
    });

    it('is refused by the verify functions under another secret', async () => {
      sandbox.simulateMessage({ account: accountOf('onlyfansapi', 'onlyfans').handle });
      sandbox.simulateMessage({ account: accountOf('ofauth', 'onlyfans').handle });
      const [onlyfansapi] = await receiver().waitFor(1, (d) => d.path.endsWith('onlyfansapi'));
      const [ofauth] = await receiver().waitFor(1, (d) => d.path.endsWith('ofauth'));
      expect(verifyOnlyFansApiDelivery('another-secret', onlyfansapi!)).toMatchObject({
        ok: false,
        reason: 'bad-signature',
      });
      const otherKey = `whsec_${Buffer.from('another key').toString('base64')}`;
      expect(verifyOfAuthSignature(ofauth!, { secret: otherKey, now: Date.now })).toMatchObject({
        ok: false,
        reason: 'bad-signature',
      });
    });
  });

  describe('the creator sends through the write routes', () => {
    it('OnlyFans via OnlyFansAPI delivers messages.sent, naming the fan as toUser', async () => {
      const account = accountOf('onlyfansapi', 'onlyfans');
      const chat = account.chats[5]!;
      const response = await fetch(
        `${sandbox.url}/api/${account.handle}/chats/${chat.id}/messages`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${sandbox.keys.onlyfansapi}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ text: 'Thanks!' }),
        },
      );
      const sent = (await expectJson(response)).data;
      const [delivery] = await receiver().waitFor(1);
      expect(verifyOnlyFansApi(delivery!)).toMatchObject({ ok: true });
      expect(delivery!.body).toMatchObject({
        event: 'messages.sent',
        account_id: account.handle,
        payload: { id: sent.id, isSentByMe: true, toUser: { id: Number(chat.partner.id) } },
      });
    });

    it('a replay of the same Idempotency-Key delivers nothing more', async () => {
      const account = accountOf('onlyfansapi', 'onlyfans');
      const chat = account.chats[6]!;
      const send = () =>
        fetch(`${sandbox.url}/api/${account.handle}/chats/${chat.id}/messages`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${sandbox.keys.onlyfansapi}`,
            'content-type': 'application/json',
            'idempotency-key': 'live-replay-1',
          },
          body: JSON.stringify({ text: 'Once' }),
        });
      await expectJson(await send());
      await expectJson(await send());
      await settled();
      expect(sandbox.stats().webhooks.events).toBe(1);
    });

    it.each([
      ['Fansly (no sent event)', 'fansly', 'onlyfansapi'],
      ['OFAuth (no own messages)', 'onlyfans', 'ofauth'],
    ] as const)('%s delivers nothing', async (_name, platform, vendor) => {
      const account = accountOf(vendor, platform);
      const chat = account.chats[5]!;
      const response =
        vendor === 'ofauth'
          ? await fetch(`${sandbox.url}/v2/access/chats/${chat.id}/messages`, {
              method: 'POST',
              headers: {
                apikey: sandbox.keys.ofauth,
                'x-connection-id': account.handle,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ text: 'Thanks!' }),
            })
          : await fetch(`${sandbox.url}/api/fansly/${account.handle}/chats/${chat.id}/messages`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${sandbox.keys.onlyfansapi}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ text: 'Thanks!' }),
            });
      await expectJson(response);
      expect(sandbox.stats().webhooks.events).toBe(0);
    });
  });

  describe('session changes', () => {
    it.each([
      ['onlyfansapi', 'onlyfans', 'accounts.session_expired', 'accounts.reconnected'],
      ['onlyfansapi', 'fansly', 'accounts.session_expired', 'accounts.reconnected'],
      ['ofauth', 'onlyfans', 'connection.expired', 'connection.updated'],
    ] as const)('%s · %s: %s, then %s', async (vendor, platform, expired, restored) => {
      const account = accountOf(vendor, platform);
      const session = (value: boolean) =>
        post(`/_sandbox/accounts/${account.handle}/session`, { expired: value });
      await expectJson(await session(true));
      // Unchanged: nothing to announce.
      await expectJson(await session(true));
      await expectJson(await session(false));
      const deliveries = await receiver().waitFor(2);
      await settled();
      expect(sandbox.stats().webhooks.events).toBe(2);
      const kinds = deliveries.map((delivery) => delivery.body.event ?? delivery.body.type);
      expect(kinds.sort()).toEqual([expired, restored].sort());
      for (const delivery of deliveries) {
        const verdict = vendor === 'ofauth' ? verifyOfAuth(delivery) : verifyOnlyFansApi(delivery);
        expect(verdict).toMatchObject({ ok: true });
        if (vendor === 'ofauth') {
          expect(delivery.body.data.connection.id).toBe(account.handle);
        } else {
          expect(delivery.body.account_id).toBe(account.handle);
        }
      }
    });
  });

  describe('retries', () => {
    it('retries a 500 with the same event id, then counts the success', async () => {
      receiver().answerNext(500);
      const simulated = sandbox.simulateMessage({
        account: accountOf('onlyfansapi', 'onlyfans').handle,
      });
      const deliveries = await receiver().waitFor(2);
      await settled();
      expect(deliveries.map((d) => d.headers['x-ofapi-idempotency-key'])).toEqual([
        simulated.eventId,
        simulated.eventId,
      ]);
      expect(deliveries[1]!.rawBody).toEqual(deliveries[0]!.rawBody);
      expect(sandbox.stats().webhooks).toEqual({
        events: 1,
        attempted: 2,
        succeeded: 1,
        failed: 1,
        retried: 1,
        gaveUp: 0,
        dropped: 0,
        pending: 0,
      });
    });

    it('re-signs an OFAuth retry, keeping its svix-id', async () => {
      receiver().answerNext(503);
      const simulated = sandbox.simulateMessage({
        account: accountOf('ofauth', 'onlyfans').handle,
      });
      const deliveries = await receiver().waitFor(2);
      for (const delivery of deliveries) {
        expect(verifyOfAuth(delivery)).toEqual({ ok: true, eventId: simulated.eventId });
      }
    });

    it('gives up after the last retry', async () => {
      receiver().answerNext(500, 500, 500);
      sandbox.simulateMessage({ account: accountOf('onlyfansapi', 'onlyfans').handle });
      await receiver().waitFor(3);
      await settled();
      expect(sandbox.stats().webhooks).toMatchObject({
        attempted: 3,
        failed: 3,
        succeeded: 0,
        gaveUp: 1,
      });
    });

    it('counts an attempt that gets no answer within the timeout as failed, and retries it', async () => {
      receiver().hang(true);
      sandbox.simulateMessage({ account: accountOf('onlyfansapi', 'onlyfans').handle });
      await receiver().waitFor(2);
      receiver().hang(false);
      await settled();
      const stats = sandbox.stats().webhooks;
      expect(stats.failed).toBeGreaterThanOrEqual(1);
      expect(stats.attempted).toBe(stats.failed + stats.succeeded);
    });
  });

  describe('delivery faults', () => {
    it('redeliver: the same event, with the same id, arrives twice', async () => {
      sandbox.addDeliveryFault({ kind: 'redeliver' });
      const simulated = sandbox.simulateMessage({
        account: accountOf('onlyfansapi', 'onlyfans').handle,
      });
      const deliveries = await receiver().waitFor(2);
      for (const delivery of deliveries) {
        expect(verifyOnlyFansApi(delivery)).toEqual({ ok: true, eventId: simulated.eventId });
      }
      expect(Buffer.from(deliveries[1]!.rawBody)).toEqual(Buffer.from(deliveries[0]!.rawBody));
    });

    it('redeliver over HTTP for OFAuth: the same svix-id twice', async () => {
      await expectJson(
        await post('/_sandbox/webhooks/faults', { kind: 'redeliver', vendor: 'ofauth' }),
        201,
      );
      const simulated = sandbox.simulateMessage({
        account: accountOf('ofauth', 'onlyfans').handle,
      });
      const deliveries = await receiver().waitFor(2);
      expect(deliveries.map((delivery) => verifyOfAuth(delivery))).toEqual([
        { ok: true, eventId: simulated.eventId },
        { ok: true, eventId: simulated.eventId },
      ]);
    });

    it.each([
      ['badSignature', 'onlyfansapi', 'bad-signature'],
      ['unsigned', 'onlyfansapi', 'missing-signature'],
      ['badSignature', 'ofauth', 'bad-signature'],
      ['unsigned', 'ofauth', 'missing-signature'],
      ['staleTimestamp', 'ofauth', 'stale-timestamp'],
    ] as const)('%s on %s: the verify function says %s', async (kind, vendor, reason) => {
      sandbox.addDeliveryFault({ kind, vendor });
      const account = accountOf(vendor, 'onlyfans');
      sandbox.simulateMessage({ account: account.handle });
      const [delivery] = await receiver().waitFor(1);
      const verdict = vendor === 'ofauth' ? verifyOfAuth(delivery!) : verifyOnlyFansApi(delivery!);
      expect(verdict).toEqual({ ok: false, reason });
    });

    it('refuses an unknown kind, and a stale timestamp for OnlyFansAPI', async () => {
      expect((await post('/_sandbox/webhooks/faults', { kind: 'slow' })).status).toBe(400);
      const response = await post('/_sandbox/webhooks/faults', {
        kind: 'staleTimestamp',
        vendor: 'onlyfansapi',
      });
      expect(response.status).toBe(400);
    });
  });

  describe('the bound', () => {
    it('keeps at most maxPending deliveries, dropping the oldest', async () => {
      const bounded = await startSandbox({
        webhooks: {
          targets: {
            onlyfansapi: { url: `${receiver().origin}/hang`, secret: SECRETS.onlyfansapi },
          },
          maxPending: 2,
          timeoutMs: 30_000,
        },
      });
      try {
        receiver().hang(true);
        const handle = bounded.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!.handle;
        for (let index = 0; index < 5; index += 1) bounded.simulateMessage({ account: handle });
        expect(bounded.stats().webhooks).toMatchObject({ events: 5, dropped: 3, pending: 2 });
      } finally {
        await bounded.close();
      }
      expect(bounded.stats().webhooks.pending).toBe(0);
    });
  });

  describe('options', () => {
    it.each([
      [{ maxPending: 0 }, /maxPending/],
      [{ timeoutMs: 0 }, /timeoutMs/],
      [{ retryDelaysMs: [-1] }, /retryDelaysMs/],
      [{ targets: { ofauth: { url: 'http://127.0.0.1:9/', secret: 'plain' } } }, /whsec_/],
    ])('refuses %j before listening', async (webhooks, message) => {
      await expect(startSandbox({ webhooks })).rejects.toThrow(message);
    });
  });

  describe('no target', () => {
    it('delivers nothing and answers no event id', async () => {
      await expectJson(await fetch(`${sandbox.url}/_sandbox/webhooks`, { method: 'DELETE' }));
      const simulated = sandbox.simulateMessage({
        account: accountOf('onlyfansapi', 'onlyfans').handle,
      });
      expect(simulated.eventId).toBeNull();
      expect(sandbox.stats().webhooks.events).toBe(0);
    });
  });

  describe('GET /_sandbox/stats', () => {
    it('reports the webhook counters beside the routes', async () => {
      sandbox.simulateMessage({ account: accountOf('ofauth', 'onlyfans').handle });
      await receiver().waitFor(1);
      await settled();
      const stats: Json = await expectJson(await fetch(`${sandbox.url}/_sandbox/stats`));
      expect(stats.webhooks).toMatchObject({ events: 1, attempted: 1, succeeded: 1 });
      expect(stats.routes).toBeDefined();
    });
  });
});
