import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConnectedAccountKey } from '../../../src/domain.ts';
import { renderOnlyFansApiMessageWebhook } from '../../../src/sandbox/render-onlyfansapi-webhook.ts';
import type { VendorWebhooks } from '../../../src/vendors/contract.ts';
import { onlyFansApiWebhooks } from '../../../src/vendors/onlyfansapi/onlyfansapi-webhooks.ts';
import { ONLYFANSAPI_FANSLY, ONLYFANSAPI_ONLYFANS, useAdapter } from '../adapter-cases.ts';
import { useSandbox } from '../adapter-harness.ts';

const SECRET = 'whs-test-signing-secret-0123456789';
const ONLYFANS: ConnectedAccountKey = {
  vendor: 'ONLYFANSAPI',
  platform: 'ONLYFANS',
  externalId: 'acct_a1',
};
const FANSLY: ConnectedAccountKey = {
  vendor: 'ONLYFANSAPI',
  platform: 'FANSLY',
  externalId: 'fansly_acct_f1',
};

/** The webhooks of a credential whose configured accounts are `accounts`. */
function webhooksOf(accounts: readonly ConnectedAccountKey[]): VendorWebhooks {
  const byId = new Map(accounts.map((account) => [account.externalId, account]));
  return onlyFansApiWebhooks({
    secret: SECRET,
    lookup: (externalId) => byId.get(externalId) ?? null,
  });
}

const webhooks = webhooksOf([ONLYFANS, FANSLY]);

/** A delivery as the vendor signs it. */
function signed(body: string, headers: Record<string, string> = {}) {
  const rawBody = new TextEncoder().encode(body);
  const signature = createHmac('sha256', SECRET).update(rawBody).digest('hex');
  return { headers: { signature, ...headers }, rawBody };
}

const BODY = JSON.stringify({ event: 'accounts.reconnected', account_id: 'acct_a1', payload: {} });

describe('onlyFansApiWebhooks', () => {
  it('listens on /webhooks/onlyfansapi', () => {
    expect(webhooks.path).toBe('/webhooks/onlyfansapi');
  });

  describe('verify', () => {
    it('accepts a delivery signed with the secret, naming its event id', () => {
      const delivery = signed(BODY, { 'x-ofapi-idempotency-key': 'evt_123' });
      expect(webhooks.verify(delivery)).toEqual({ ok: true, eventId: 'evt_123' });
    });

    it('reads header names in any case', () => {
      const { headers, rawBody } = signed(BODY);
      const verdict = webhooks.verify({
        headers: { Signature: headers.signature, 'X-OFAPI-Idempotency-Key': 'evt_9' },
        rawBody,
      });
      expect(verdict).toEqual({ ok: true, eventId: 'evt_9' });
    });

    it('answers a null event id for an ephemeral event (no idempotency key)', () => {
      expect(webhooks.verify(signed(BODY))).toEqual({ ok: true, eventId: null });
    });

    it('gives a redelivery the same event id, for the caller to drop it', () => {
      const delivery = signed(BODY, { 'x-ofapi-idempotency-key': 'evt_same' });
      const first = webhooks.verify(delivery);
      const again = webhooks.verify({
        ...delivery,
        headers: { ...delivery.headers, 'x-ofapi-redelivery-of': 'evt_same' },
      });
      expect(again).toEqual(first);
      expect(again).toEqual({ ok: true, eventId: 'evt_same' });
    });

    it('refuses a delivery without a signature', () => {
      const { rawBody } = signed(BODY);
      expect(webhooks.verify({ headers: {}, rawBody })).toEqual({
        ok: false,
        reason: 'missing-signature',
      });
      expect(webhooks.verify({ headers: { signature: '  ' }, rawBody })).toEqual({
        ok: false,
        reason: 'missing-signature',
      });
    });

    it('refuses a signature made with another secret', () => {
      const rawBody = new TextEncoder().encode(BODY);
      const signature = createHmac('sha256', 'another-secret').update(rawBody).digest('hex');
      expect(webhooks.verify({ headers: { signature }, rawBody })).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });

    it('refuses a body changed after signing, by one byte', () => {
      const { headers } = signed(BODY);
      const rawBody = new TextEncoder().encode(BODY.replace('acct_a1', 'acct_a2'));
      expect(webhooks.verify({ headers, rawBody })).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });

    it.each([
      ['too short', 'abc123'],
      ['too long', 'a'.repeat(66)],
      ['not hex', 'z'.repeat(64)],
      ['with a scheme prefix', `sha256=${'a'.repeat(64)}`],
    ])('refuses a signature %s without comparing it', (_case, signature) => {
      const { rawBody } = signed(BODY);
      expect(webhooks.verify({ headers: { signature }, rawBody })).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });

    it('checks the raw bytes, not a re-serialization of them', () => {
      const spaced = '{ "event": "accounts.reconnected",  "account_id": "acct_a1", "payload": {} }';
      const { headers } = signed(spaced);
      expect(webhooks.verify({ headers, rawBody: new TextEncoder().encode(BODY) })).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
      expect(webhooks.verify(signed(spaced))).toMatchObject({ ok: true });
    });

    it('verifies a body that is not JSON before anything parses it', () => {
      expect(webhooks.verify(signed('{"event": "messages.rec'))).toEqual({
        ok: true,
        eventId: null,
      });
    });

    it('has no staleness check: the vendor signs no timestamp', () => {
      // An old delivery verifies; its replay is dropped by the caller's dedupe on the event id.
      const delivery = signed(BODY, {
        'x-ofapi-idempotency-key': 'evt_2020',
        date: 'Wed, 01 Jan 2020 00:00:00 GMT',
      });
      expect(webhooks.verify(delivery)).toEqual({ ok: true, eventId: 'evt_2020' });
    });
  });

  describe('normalize', () => {
    const fan = { id: 501, name: 'Fan', username: 'fan501', avatar: null, view: 's' };
    const ofMessage = {
      id: 7000000000001,
      text: '<p>hi &amp; bye</p>',
      fromUser: fan,
      isFree: true,
      price: 0,
      media: [],
      isSentByMe: false,
      isNew: true,
      createdAt: '2025-06-01T12:00:00+00:00',
    };

    it("reads messages.received as the fan's message and the chat it changed", () => {
      const events = webhooks.normalize({
        event: 'messages.received',
        account_id: 'acct_a1',
        payload: ofMessage,
      });
      expect(events).toEqual([
        {
          kind: 'messageAdded',
          message: expect.objectContaining({
            connectedAccount: ONLYFANS,
            platform: 'ONLYFANS',
            chatId: '501',
            partnerId: '501',
            platformId: '7000000000001',
            senderId: '501',
            isFromCreator: false,
            text: 'hi & bye',
            isRead: false,
          }),
        },
        { kind: 'chatUpdated', connectedAccount: ONLYFANS, chatId: '501', partnerId: '501' },
      ]);
    });

    it("reads messages.sent as the creator's message in the chat of its recipient", () => {
      const events = webhooks.normalize({
        event: 'messages.sent',
        account_id: 'acct_a1',
        payload: {
          ...ofMessage,
          fromUser: { id: 9, name: 'Creator', username: 'creator' },
          toUser: { id: 501 },
          isSentByMe: true,
          isOpened: false,
        },
      });
      expect(events).toEqual([
        {
          kind: 'messageAdded',
          message: expect.objectContaining({
            chatId: '501',
            partnerId: '501',
            senderId: '9',
            isFromCreator: true,
            isSeenByPartner: false,
          }),
        },
        { kind: 'chatUpdated', connectedAccount: ONLYFANS, chatId: '501', partnerId: '501' },
      ]);
    });

    it('reads messages.sent without a recipient as nothing: its chat is unknown', () => {
      const payload = { ...ofMessage, fromUser: { id: 9 }, isSentByMe: true };
      expect(
        webhooks.normalize({ event: 'messages.sent', account_id: 'acct_a1', payload }),
      ).toEqual([]);
    });

    it('reads messages.ppv.unlocked as the chat of the fan who paid, not a message', () => {
      const payload = {
        type: 'pay_for_message',
        replacePairs: { '{AMOUNT}': '$5' },
        user: { id: 501 },
      };
      expect(
        webhooks.normalize({ event: 'messages.ppv.unlocked', account_id: 'acct_a1', payload }),
      ).toEqual([
        { kind: 'chatUpdated', connectedAccount: ONLYFANS, chatId: '501', partnerId: '501' },
      ]);
      expect(
        webhooks.normalize({
          event: 'messages.ppv.unlocked',
          account_id: 'acct_a1',
          payload: { type: 'pay_for_message', replacePairs: {} },
        }),
      ).toEqual([]);
    });

    it('reads fansly.messages.received with snowflake ids, seconds and deferred media', () => {
      const events = webhooks.normalize({
        event: 'fansly.messages.received',
        account_id: 'fansly_acct_f1',
        payload: {
          id: '812345678901234567',
          groupId: '812345678901230000',
          senderId: '812345678901239999',
          content: 'hello',
          createdAt: 1748779200,
          attachments: [{ contentType: 1, contentId: '812345678901200001', pos: 0 }],
          interactions: [],
          totalTipAmount: 0,
        },
      });
      expect(events).toEqual([
        {
          kind: 'messageAdded',
          message: expect.objectContaining({
            connectedAccount: FANSLY,
            platform: 'FANSLY',
            chatId: '812345678901230000',
            partnerId: '812345678901239999',
            platformId: '812345678901234567',
            senderId: '812345678901239999',
            isFromCreator: false,
            text: 'hello',
            createdAt: '2025-06-01T12:00:00.000Z',
            media: {
              kind: 'deferred',
              refs: [{ kind: 'media', id: '812345678901200001', position: 0 }],
            },
          }),
        },
        {
          kind: 'chatUpdated',
          connectedAccount: FANSLY,
          chatId: '812345678901230000',
          partnerId: '812345678901239999',
        },
      ]);
    });

    it.each([
      ['accounts.session_expired', 'EXPIRED'],
      ['accounts.reconnected', 'CONNECTED'],
    ] as const)('reads %s as the account now %s', (event, status) => {
      for (const account of [ONLYFANS, FANSLY]) {
        expect(webhooks.normalize({ event, account_id: account.externalId, payload: {} })).toEqual([
          { kind: 'connectedAccountUpdated', connectedAccount: account, status },
        ]);
      }
    });

    it.each([
      ['subscriptions.new', { user: { id: 501 } }],
      ['fansly.subscriptions.new', {}],
      ['something.never.seen', ofMessage],
      ['constructor', ofMessage],
      ['__proto__', ofMessage],
    ])('acknowledges %s and ignores it', (event, payload) => {
      expect(webhooks.normalize({ event, account_id: 'acct_a1', payload })).toEqual([]);
    });

    it.each([
      ['a body that is not an object', 'messages.received'],
      ['a body without an event', { account_id: 'acct_a1', payload: ofMessage }],
      ['an event that is not a string', { event: 7, account_id: 'acct_a1', payload: ofMessage }],
      ['no account_id', { event: 'messages.received', payload: ofMessage }],
      ['no payload', { event: 'messages.received', account_id: 'acct_a1' }],
      [
        'a payload that is not an object',
        { event: 'messages.received', account_id: 'acct_a1', payload: [] },
      ],
      [
        'a message without an id',
        { event: 'messages.received', account_id: 'acct_a1', payload: { ...ofMessage, id: null } },
      ],
      [
        'a message without a time',
        {
          event: 'messages.received',
          account_id: 'acct_a1',
          payload: { ...ofMessage, createdAt: 'soon' },
        },
      ],
      [
        'a Fansly message without a sender',
        {
          event: 'fansly.messages.received',
          account_id: 'fansly_acct_f1',
          payload: { id: '1', groupId: '2' },
        },
      ],
      [
        'a Fansly message with attachments that are not a list',
        {
          event: 'fansly.messages.received',
          account_id: 'fansly_acct_f1',
          payload: { id: '1', groupId: '2', senderId: '3', createdAt: 1, attachments: 'x' },
        },
      ],
    ])('answers nothing, without throwing, for %s', (_case, body) => {
      expect(webhooks.normalize(body)).toEqual([]);
    });

    it('answers nothing for an account it is not configured with (its platform is unknown)', () => {
      expect(
        webhooks.normalize({
          event: 'accounts.reconnected',
          account_id: 'acct_other',
          payload: {},
        }),
      ).toEqual([]);
    });

    it("answers nothing for an event of the other platform than its account's", () => {
      expect(
        webhooks.normalize({
          event: 'messages.received',
          account_id: 'fansly_acct_f1',
          payload: ofMessage,
        }),
      ).toEqual([]);
      expect(
        webhooks.normalize({
          event: 'fansly.messages.received',
          account_id: 'acct_a1',
          payload: { id: '1', groupId: '2', senderId: '3', createdAt: 1 },
        }),
      ).toEqual([]);
    });
  });
});

describe('onlyFansApiWebhooks, parity with reads', () => {
  const env = useSandbox();

  describe.each([
    ['OnlyFans', ONLYFANSAPI_ONLYFANS],
    ['Fansly', ONLYFANSAPI_FANSLY],
  ] as const)('%s', (_platform, testCase) => {
    const under = useAdapter(env, testCase);

    // Fansly's documented message event is the fan's message only.
    const senders: ReadonlyArray<readonly [string, boolean]> =
      testCase === ONLYFANSAPI_FANSLY
        ? [['a fan', false]]
        : [
            ['a fan', false],
            ['the creator', true],
          ];

    it.each(senders)(
      'a message from %s equals its read from the thread',
      async (_who, fromCreator) => {
        const account = under.account;
        const chat = account.chats.find((candidate) =>
          candidate.messages.slice(-20).some((message) => message.fromCreator === fromCreator),
        );
        if (chat === undefined) throw new Error('no chat with such a recent message');
        const message = chat.messages
          .slice(-20)
          .findLast((entry) => entry.fromCreator === fromCreator);
        if (message === undefined) throw new Error('unreachable');

        const read = await under.adapter.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 20,
        });
        const delivery = renderOnlyFansApiMessageWebhook(account, chat, message);
        const events = webhooksOf([under.adapter.connectedAccount]).normalize(
          JSON.parse(JSON.stringify(delivery)),
        );

        const readMessage = read.items.find((item) => item.platformId === message.id);
        expect(readMessage).toBeDefined();
        expect(events[0]).toEqual({ kind: 'messageAdded', message: readMessage });
        expect(events[1]).toEqual({
          kind: 'chatUpdated',
          connectedAccount: under.adapter.connectedAccount,
          chatId: chat.id,
          partnerId: chat.partner.id,
        });
        expect(env.calls(testCase.routes.messages)).toBe(1);
      },
    );
  });
});
