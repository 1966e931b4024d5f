import { describe, expect, it } from 'vitest';
import type { ConnectedAccountKey } from '../../../src/domain.ts';
import { renderOnlyFansMessage } from '../../../src/sandbox/render-onlyfans.ts';
import { convertOfAuthWebhook } from '../../../src/vendors/ofauth/convert-ofauth-webhook.ts';
import { OFAUTH_ONLYFANS, useAdapter } from '../adapter-cases.ts';
import { useSandbox } from '../adapter-harness.ts';

const KNOWN: ConnectedAccountKey = { vendor: 'OFAUTH', platform: 'ONLYFANS', externalId: 'conn_1' };
const lookup = (externalId: string) => (externalId === 'conn_1' ? KNOWN : null);

/** A delivery's body as OFAuth posts it. */
function delivery(type: string, data: Record<string, unknown>) {
  return { type, timestamp: '2026-01-01T00:00:00.000Z', data };
}

const FAN_MESSAGE = {
  id: 1800000000001,
  text: 'hello&nbsp;<b>there</b>',
  fromUser: { id: 42, _view: 'i' },
  isSentByMe: false,
  isNew: true,
  isFree: true,
  price: 0,
  media: [],
  previews: [],
  createdAt: '2026-01-01T00:00:00+00:00',
};

describe('convertOfAuthWebhook', () => {
  describe('realtime.chat_message.received', () => {
    const body = delivery('realtime.chat_message.received', {
      connection: { id: 'conn_1' },
      eventBody: FAN_MESSAGE,
    });

    it('tells the message, in the fan’s chat, and that the chat changed', () => {
      const events = convertOfAuthWebhook(body, lookup);
      expect(events).toEqual([
        {
          kind: 'messageAdded',
          message: expect.objectContaining({
            connectedAccount: KNOWN,
            platform: 'ONLYFANS',
            chatId: '42',
            partnerId: '42',
            platformId: '1800000000001',
            senderId: '42',
            isFromCreator: false,
            text: 'hello\u00a0there',
            isRead: false,
            createdAt: '2026-01-01T00:00:00.000Z',
          }),
        },
        { kind: 'chatUpdated', connectedAccount: KNOWN, chatId: '42', partnerId: '42' },
      ]);
    });

    it('keeps ids past 2^53 as sent, as strings', () => {
      const big = {
        ...FAN_MESSAGE,
        id: '90071992547409930',
        fromUser: { id: '90071992547409931' },
      };
      const events = convertOfAuthWebhook(
        delivery('realtime.chat_message.received', {
          connection: { id: 'conn_1' },
          eventBody: big,
        }),
        lookup,
      );
      expect(events[0]).toMatchObject({
        message: { platformId: '90071992547409930', partnerId: '90071992547409931' },
      });
    });

    it.each([
      ['no eventBody', { connection: { id: 'conn_1' } }],
      [
        'an eventBody without id',
        { connection: { id: 'conn_1' }, eventBody: { ...FAN_MESSAGE, id: null } },
      ],
      [
        'no sender',
        { connection: { id: 'conn_1' }, eventBody: { ...FAN_MESSAGE, fromUser: null } },
      ],
      [
        'no createdAt',
        { connection: { id: 'conn_1' }, eventBody: { ...FAN_MESSAGE, createdAt: 'soon' } },
      ],
      [
        'the creator’s own message (no fan named)',
        { connection: { id: 'conn_1' }, eventBody: { ...FAN_MESSAGE, isSentByMe: true } },
      ],
    ])('answers nothing, without throwing, for %s', (_, data) => {
      expect(
        convertOfAuthWebhook(delivery('realtime.chat_message.received', data), lookup),
      ).toEqual([]);
    });
  });

  describe('connection events', () => {
    it('tells connection.expired as EXPIRED', () => {
      const body = delivery('connection.expired', { connection: { id: 'conn_1' } });
      expect(convertOfAuthWebhook(body, lookup)).toEqual([
        { kind: 'connectedAccountUpdated', connectedAccount: KNOWN, status: 'EXPIRED' },
      ]);
    });

    it.each([
      ['connection.created', 'active', 'CONNECTED'],
      ['connection.updated', 'active', 'CONNECTED'],
      ['connection.updated', 'expired', 'EXPIRED'],
      ['connection.updated', 'pending', 'UNKNOWN'],
      ['connection.created', undefined, 'UNKNOWN'],
    ])('tells %s with status %s as %s', (type, status, expected) => {
      const body = delivery(type, { connection: { id: 'conn_1', status } });
      expect(convertOfAuthWebhook(body, lookup)).toEqual([
        { kind: 'connectedAccountUpdated', connectedAccount: KNOWN, status: expected },
      ]);
    });
  });

  describe('what it does not follow', () => {
    it.each([
      ['typing', delivery('realtime.chat_typing.updated', { connection: { id: 'conn_1' } })],
      ['an unknown type', delivery('realtime.something_new', { connection: { id: 'conn_1' } })],
      [
        'a connection it cannot name',
        delivery('connection.expired', { connection: { id: 'conn_x' } }),
      ],
      ['no connection', delivery('connection.expired', {})],
      ['no type', { data: { connection: { id: 'conn_1' } } }],
      ['no data', { type: 'connection.expired' }],
      ['a body that is not an object', ['connection.expired']],
      ['null', null],
    ])('answers nothing for %s', (_, body) => {
      expect(convertOfAuthWebhook(body, lookup)).toEqual([]);
    });
  });

  describe('parity with reads', () => {
    const env = useSandbox();
    const under = useAdapter(env, OFAUTH_ONLYFANS);

    it('converts every fan message exactly as the thread read converts the same message', async () => {
      const { account } = under;
      const key = under.adapter.connectedAccount;
      const byKey = (externalId: string) => (externalId === key.externalId ? key : null);
      const chat = account.chats.find((candidate) =>
        candidate.messages.slice(-20).some((message) => !message.fromCreator),
      );
      if (chat === undefined) throw new Error('the dataset has no fan message to compare');
      const page = await under.adapter.listMessages({
        chatId: chat.id,
        partnerId: chat.partner.id,
        first: 20,
      });
      const fanMessages = chat.messages.slice(-20).filter((message) => !message.fromCreator);
      for (const message of fanMessages) {
        const body = delivery('realtime.chat_message.received', {
          connection: { id: account.handle },
          eventBody: renderOnlyFansMessage(account, chat, message),
        });
        const read = page.items.find((item) => item.platformId === message.id);
        expect(read).toBeDefined();
        expect(convertOfAuthWebhook(body, byKey)).toEqual([
          { kind: 'messageAdded', message: read },
          {
            kind: 'chatUpdated',
            connectedAccount: key,
            chatId: chat.id,
            partnerId: chat.partner.id,
          },
        ]);
      }
      expect(fanMessages.length).toBeGreaterThan(0);
    });
  });
});
