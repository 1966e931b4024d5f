import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens.ts';
import type { SandboxAccount, SandboxChat, SandboxMessage } from '../../src/sandbox/index.ts';
import { renderOfAuthMessageWebhook } from '../../src/sandbox/render-ofauth-webhook.ts';
import { renderOnlyFansApiMessageWebhook } from '../../src/sandbox/render-onlyfansapi-webhook.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { PublishQueue } from '../../src/webhooks/publish-queue.ts';
import {
  OFAUTH_SECRET,
  ONLYFANSAPI_SECRET,
  ofAuthLegacyDelivery,
  ofAuthSvixDelivery,
  onlyFansApiDelivery,
} from './signed-deliveries.ts';
import { startWebhookHarness, type WebhookHarness } from './webhook-harness.ts';

/** An account of the sandbox by vendor and platform, its newest chat and that chat's fan messages. */
function pick(harness: WebhookHarness, vendor: string, platform: string) {
  const account = harness.sandbox.dataset.accounts.find(
    (candidate) => candidate.vendor === vendor && candidate.platform === platform,
  )!;
  const chat = account.chats.find((candidate) =>
    candidate.messages.some((message) => !message.fromCreator),
  )!;
  const fanMessages = chat.messages.filter((message) => !message.fromCreator);
  return { account, chat, fanMessages };
}

function onlyFansMessage(account: SandboxAccount, chat: SandboxChat, message: SandboxMessage) {
  return renderOnlyFansApiMessageWebhook(account, chat, message);
}

/** What a refusal must never show: the body, the secrets, the signatures. */
function expectNothingSecretIn(harness: WebhookHarness, ...texts: string[]) {
  const logged = JSON.stringify(harness.logLines);
  for (const text of [ONLYFANSAPI_SECRET, OFAUTH_SECRET, ...texts]) {
    expect(logged).not.toContain(text);
  }
}

describe('webhook receivers', () => {
  describe('POST /webhooks/onlyfansapi', () => {
    let harness: WebhookHarness;
    beforeAll(async () => {
      harness = await startWebhookHarness();
    });
    afterAll(() => harness.close());

    it('accepts a signed delivery, answers before publishing, and publishes its message and chat', async () => {
      const { account, chat, fanMessages } = pick(harness, 'onlyfansapi', 'onlyfans');
      const message = fanMessages.at(-1)!;
      const answer = await harness.deliver(
        onlyFansApiDelivery(onlyFansMessage(account, chat, message)),
      );
      expect(answer).toMatchObject({ status: 200, body: { ok: true, outcome: 'accepted' } });
      const [added] = await harness.waitForHeard('messageAdded');
      expect(added!.message).toMatchObject({
        connectedAccount: { externalId: account.handle },
        chatId: chat.id,
        partnerId: chat.partner.id,
        platformId: message.id,
        isFromCreator: false,
      });
      expect(added!.partnerUsername).toBeNull();
      const [updated] = await harness.waitForHeard('chatUpdated');
      expect(updated).toMatchObject({ chatId: chat.id, partnerId: chat.partner.id });
      expect(updated!.written.lastMessage).toEqual(added!.message);
      expect((await harness.deliveries())['ONLYFANSAPI/accepted']).toBe(1);
    });

    it('publishes a redelivery (same event id) once: the duplicate is acknowledged', async () => {
      const { account, chat, fanMessages } = pick(harness, 'onlyfansapi', 'onlyfans');
      const delivery = onlyFansApiDelivery(onlyFansMessage(account, chat, fanMessages.at(-2)!));
      const before = harness.heard.length;
      expect((await harness.deliver(delivery)).body.outcome).toBe('accepted');
      await harness.settled();
      expect((await harness.deliver(delivery)).body).toEqual({ ok: true, outcome: 'duplicate' });
      expect((await harness.deliver(delivery)).status).toBe(200);
      await harness.settled();
      const added = harness.heard.slice(before).filter((event) => event.kind === 'messageAdded');
      expect(added).toHaveLength(1);
      expect((await harness.deliveries())['ONLYFANSAPI/duplicate']).toBe(2);
    });

    it('publishes a message told again under another event id once', async () => {
      const { account, chat, fanMessages } = pick(harness, 'onlyfansapi', 'onlyfans');
      const body = onlyFansMessage(account, chat, fanMessages.at(-3)!);
      const before = harness.heard.length;
      expect((await harness.deliver(onlyFansApiDelivery(body))).body.outcome).toBe('accepted');
      expect((await harness.deliver(onlyFansApiDelivery(body))).body.outcome).toBe('accepted');
      await harness.settled();
      expect(harness.heard.slice(before).map((event) => event.kind)).toEqual([
        'messageAdded',
        'chatUpdated',
      ]);
    });

    it('refuses a wrong or missing signature with 401, publishing nothing, logging no body', async () => {
      const { account, chat, fanMessages } = pick(harness, 'onlyfansapi', 'onlyfans');
      const body = onlyFansMessage(account, chat, fanMessages.at(-4)!);
      const forged = onlyFansApiDelivery(body, { secret: 'not-the-secret' });
      const unsigned = onlyFansApiDelivery(body);
      delete unsigned.headers.signature;
      const before = harness.heard.length;
      for (const delivery of [forged, unsigned]) {
        const answer = await harness.deliver(delivery);
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({
          errors: [{ extensions: { code: 'WEBHOOK_SIGNATURE_INVALID' } }],
        });
      }
      // A body changed after signing fails too.
      const tampered = onlyFansApiDelivery(body);
      tampered.body = tampered.body.replace(chat.partner.id, '1');
      expect((await harness.deliver(tampered)).status).toBe(401);
      await harness.settled();
      expect(harness.heard.length).toBe(before);
      expect((await harness.deliveries())['ONLYFANSAPI/bad_signature']).toBe(3);
      const refusals = harness.logLines.filter(
        (line) => line.msg === "webhook delivery refused: The delivery's signature does not match.",
      );
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals[0]).toMatchObject({ vendor: 'ONLYFANSAPI', outcome: 'bad_signature' });
      expectNothingSecretIn(harness, forged.headers.signature!, forged.body);
    });

    it('refuses a correctly signed body that is not JSON with 400 WEBHOOK_MALFORMED', async () => {
      const answer = await harness.deliver(onlyFansApiDelivery('{"event": "messages.rec'));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        errors: [{ extensions: { code: 'WEBHOOK_MALFORMED' } }],
      });
      expect((await harness.deliveries())['ONLYFANSAPI/malformed']).toBe(1);
    });

    it('acknowledges and counts an unknown event type, and an account not configured here', async () => {
      const before = harness.heard.length;
      const unknown = await harness.deliver(
        onlyFansApiDelivery({ event: 'subscriptions.new', account_id: 'acct_x', payload: {} }),
      );
      expect(unknown).toMatchObject({ status: 200, body: { ok: true, outcome: 'unknown_event' } });
      const elsewhere = await harness.deliver(
        onlyFansApiDelivery({ event: 'accounts.session_expired', account_id: 'acct_not_here' }),
      );
      expect(elsewhere).toMatchObject({ status: 200, body: { outcome: 'unknown_event' } });
      await harness.settled();
      expect(harness.heard.length).toBe(before);
      expect((await harness.deliveries())['ONLYFANSAPI/unknown_event']).toBe(2);
    });

    it('refuses a body over the limit by its Content-Length with 413', async () => {
      const big = onlyFansApiDelivery({ event: 'x', padding: 'x'.repeat(300_000) });
      const answer = await harness.deliver(big);
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({
        errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
      });
      expect((await harness.deliveries())['ONLYFANSAPI/too_large']).toBe(1);
    });

    it('refuses a chunked body over the limit as it streams, over real HTTP', async () => {
      const server = createHttpServer(harness.yoga);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      try {
        const delivery = onlyFansApiDelivery({ event: 'x', padding: 'x'.repeat(300_000) });
        const bytes = new TextEncoder().encode(delivery.body);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < bytes.length; at += 16_384) {
              controller.enqueue(bytes.slice(at, at + 16_384));
            }
            controller.close();
          },
        });
        const response = await fetch(`http://127.0.0.1:${port}${delivery.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...delivery.headers },
          body: stream,
          duplex: 'half',
        } as RequestInit);
        expect(response.status).toBe(413);
        expect(await response.json()).toMatchObject({
          errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
        });
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    it('tells a session change to subscribers and to the account status queries answer', async () => {
      const { account } = pick(harness, 'onlyfansapi', 'fansly');
      const answer = await harness.deliver(
        onlyFansApiDelivery({ event: 'accounts.session_expired', account_id: account.handle }),
      );
      expect(answer.body.outcome).toBe('accepted');
      const [updated] = await harness.waitForHeard('connectedAccountUpdated');
      expect(updated).toMatchObject({
        connectedAccount: { externalId: account.handle },
        status: 'EXPIRED',
      });
      const result = await harness.query<{
        connectedAccounts: Array<{ externalId: string; status: string }>;
      }>('{ connectedAccounts { externalId status } }');
      expect(
        result.data!.connectedAccounts.find((entry) => entry.externalId === account.handle),
      ).toEqual({ externalId: account.handle, status: 'EXPIRED' });
    });

    it('answers another method with 405', async () => {
      const response = await harness.yoga.fetch('http://chatgraph/webhooks/onlyfansapi');
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });
  });

  describe('POST /webhooks/ofauth', () => {
    let harness: WebhookHarness;
    beforeAll(async () => {
      harness = await startWebhookHarness();
    });
    afterAll(() => harness.close());

    const message = () => {
      const { account, chat, fanMessages } = pick(harness, 'ofauth', 'onlyfans');
      return {
        account,
        chat,
        body: renderOfAuthMessageWebhook(account, chat, fanMessages.at(-1)!),
      };
    };

    it('accepts a Svix-signed delivery and drops its redelivery (same svix-id)', async () => {
      const { chat, body } = message();
      const delivery = ofAuthSvixDelivery(body);
      expect((await harness.deliver(delivery)).body).toEqual({ ok: true, outcome: 'accepted' });
      const [added] = await harness.waitForHeard('messageAdded');
      expect(added!.message).toMatchObject({ chatId: chat.id, isFromCreator: false });
      expect((await harness.deliver(delivery)).body).toEqual({ ok: true, outcome: 'duplicate' });
      await harness.settled();
      expect(harness.heard.filter((event) => event.kind === 'messageAdded')).toHaveLength(1);
    });

    it('refuses a wrong, missing or stale Svix signature with 401', async () => {
      const { body } = message();
      const wrong = ofAuthSvixDelivery(body, {
        key: Buffer.from('another key of thirty-two bytes!'),
      });
      const missing = ofAuthSvixDelivery(body);
      delete missing.headers['svix-signature'];
      const stale = ofAuthSvixDelivery(body, {
        timestampSeconds: Math.floor(Date.now() / 1000) - 600,
      });
      const before = harness.heard.length;
      expect((await harness.deliver(wrong)).body).toMatchObject({
        errors: [{ extensions: { code: 'WEBHOOK_SIGNATURE_INVALID' } }],
      });
      expect((await harness.deliver(missing)).status).toBe(401);
      const staleAnswer = await harness.deliver(stale);
      expect(staleAnswer.status).toBe(401);
      expect(staleAnswer.body).toMatchObject({
        errors: [{ extensions: { code: 'WEBHOOK_TIMESTAMP_STALE' } }],
      });
      // The stale delivery's id was not remembered: the same event, delivered fresh, is taken.
      const fresh = ofAuthSvixDelivery(body, { eventId: stale.headers['svix-id'] });
      expect((await harness.deliver(fresh)).status).toBe(200);
      await harness.settled();
      expect(await harness.deliveries()).toMatchObject({
        'OFAUTH/bad_signature': 2,
        'OFAUTH/stale': 1,
      });
      expect(harness.heard.length).toBe(before);
      expectNothingSecretIn(harness, wrong.headers['svix-signature']!);
    });

    it('accepts the older OFAuth-Signature form, and refuses it wrong or stale', async () => {
      const { account } = message();
      const body = {
        type: 'connection.expired',
        timestamp: new Date().toISOString(),
        data: { connection: { id: account.handle } },
      };
      const before = harness.heard.length;
      const wrong = ofAuthLegacyDelivery(body, { secret: 'whsec_bm90IHRoZSBzZWNyZXQ=' });
      expect((await harness.deliver(wrong)).body).toMatchObject({
        errors: [{ extensions: { code: 'WEBHOOK_SIGNATURE_INVALID' } }],
      });
      const stale = ofAuthLegacyDelivery(body, {
        timestampSeconds: Math.floor(Date.now() / 1000) + 600,
      });
      expect((await harness.deliver(stale)).body).toMatchObject({
        errors: [{ extensions: { code: 'WEBHOOK_TIMESTAMP_STALE' } }],
      });
      expect(harness.heard.length).toBe(before);
      expect((await harness.deliver(ofAuthLegacyDelivery(body))).body.outcome).toBe('accepted');
      const [updated] = await harness.waitForHeard('connectedAccountUpdated');
      expect(updated).toMatchObject({
        connectedAccount: { externalId: account.handle },
        status: 'EXPIRED',
      });
    });

    it('acknowledges a connection this gateway does not read, publishing nothing', async () => {
      const body = {
        type: 'connection.expired',
        timestamp: new Date().toISOString(),
        data: { connection: { id: 'conn_not_configured' } },
      };
      const before = harness.heard.length;
      expect((await harness.deliver(ofAuthSvixDelivery(body))).body.outcome).toBe('unknown_event');
      await harness.settled();
      expect(harness.heard.length).toBe(before);
    });
  });

  describe('with no webhook secret configured', () => {
    let harness: WebhookHarness;
    beforeAll(async () => {
      harness = await startWebhookHarness({ secrets: {} });
    });
    afterAll(() => harness.close());

    it('closes both paths: 404 WEBHOOK_NOT_CONFIGURED, even for a delivery signed right', async () => {
      const { account, chat, fanMessages } = pick(harness, 'onlyfansapi', 'onlyfans');
      for (const delivery of [
        onlyFansApiDelivery(onlyFansMessage(account, chat, fanMessages.at(-1)!)),
        ofAuthSvixDelivery({ type: 'connection.expired', data: {} }),
      ]) {
        const answer = await harness.deliver(delivery);
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({
          errors: [{ extensions: { code: 'WEBHOOK_NOT_CONFIGURED' } }],
        });
      }
      await harness.settled();
      expect(harness.heard).toEqual([]);
      expect(await harness.deliveries()).toEqual({
        'ONLYFANSAPI/not_configured': 1,
        'OFAUTH/not_configured': 1,
      });
    });
  });

  describe('on a gateway with tokens', () => {
    const TOKEN = 'a-gateway-token-for-the-webhook-tests';
    let harness: WebhookHarness;
    beforeAll(async () => {
      harness = await startWebhookHarness({
        tokens: [{ name: 'owner', sha256: sha256Hex(TOKEN), accounts: ['*'] }],
      });
    });
    afterAll(() => harness.close());

    it('takes a signed delivery without a bearer token, and still refuses GraphQL without one', async () => {
      const { account, chat, fanMessages } = pick(harness, 'onlyfansapi', 'onlyfans');
      const answer = await harness.deliver(
        onlyFansApiDelivery(onlyFansMessage(account, chat, fanMessages.at(-1)!)),
      );
      expect(answer.body.outcome).toBe('accepted');
      await harness.waitForHeard('messageAdded');
      const refused = await harness.query('{ connectedAccounts { externalId } }');
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const admitted = await harness.query('{ connectedAccounts { externalId } }', undefined, {
        authorization: `Bearer ${TOKEN}`,
      });
      expect(admitted.errors).toBeUndefined();
    });

    it('refuses an unsigned delivery there too', async () => {
      const answer = await harness.deliver({
        path: '/webhooks/onlyfansapi',
        body: '{}',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({
        errors: [{ extensions: { code: 'WEBHOOK_SIGNATURE_INVALID' } }],
      });
    });
  });

  describe('when too many deliveries are still being published', () => {
    let harness: WebhookHarness;
    const publishes = new PublishQueue({ max: 1 });
    beforeAll(async () => {
      harness = await startWebhookHarness({ publishes });
    });
    afterAll(() => harness.close());

    it('refuses with 503 WEBHOOK_BUSY without remembering the event, so its redelivery is taken', async () => {
      let release = () => {};
      publishes.run(() => new Promise<void>((resolve) => (release = resolve)));
      const { account, chat, fanMessages } = pick(harness, 'onlyfansapi', 'onlyfans');
      const delivery = onlyFansApiDelivery(onlyFansMessage(account, chat, fanMessages.at(-1)!));
      const busy = await harness.deliver(delivery);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('5');
      expect(busy.body).toMatchObject({ errors: [{ extensions: { code: 'WEBHOOK_BUSY' } }] });
      release();
      await harness.settled();
      expect((await harness.deliver(delivery)).body.outcome).toBe('accepted');
      await harness.waitForHeard('messageAdded');
    });
  });
});
