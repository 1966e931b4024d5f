import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyOfAuthSignature } from '../../../src/vendors/ofauth/verify-ofauth-signature.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW_SECONDS = 1_767_225_600;
const options = { secret: SECRET, now: () => NOW_SECONDS * 1000 };
const BODY = '{"type":"connection.expired","data":{"connection":{"id":"conn_1"}}}';

/** Headers as OFAuth's Svix sends them, signed with `key` over `{id}.{timestamp}.{body}`. */
function svixHeaders(
  body: string,
  { id = 'msg_2abc', timestamp = NOW_SECONDS, key = KEY } = {},
): Record<string, string> {
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'svix-id': id,
    'svix-timestamp': String(timestamp),
    'svix-signature': `v1,${signature}`,
  };
}

/** The older header: `t=<unix>,v1=<hex>` over `{t}.{body}`, keyed with the secret as given. */
function legacyHeaders(body: string, { timestamp = NOW_SECONDS, secret = SECRET } = {}) {
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'ofauth-signature': `t=${timestamp},v1=${hex}` };
}

const verify = (headers: Record<string, string | undefined>, body = BODY) =>
  verifyOfAuthSignature({ headers, rawBody: Buffer.from(body) }, options);

describe('verifyOfAuthSignature', () => {
  describe('a Svix delivery', () => {
    it('accepts a valid signature and names the event by svix-id', () => {
      expect(verify(svixHeaders(BODY))).toEqual({ ok: true, eventId: 'msg_2abc' });
    });

    it('answers the same event id for a redelivery of the same event', () => {
      const later = svixHeaders(BODY, { timestamp: NOW_SECONDS + 60 });
      expect(verify(svixHeaders(BODY))).toEqual(verify(later));
    });

    it('accepts any matching entry of a list (a secret being rotated)', () => {
      const headers = svixHeaders(BODY);
      const other = svixHeaders(BODY, { key: Buffer.from('another key') })['svix-signature'];
      headers['svix-signature'] = `${other} v2,abc ${headers['svix-signature']}`;
      expect(verify(headers)).toEqual({ ok: true, eventId: 'msg_2abc' });
    });

    it('reads header names whatever their case', () => {
      const headers = Object.fromEntries(
        Object.entries(svixHeaders(BODY)).map(([name, value]) => [name.toUpperCase(), value]),
      );
      expect(verify(headers)).toEqual({ ok: true, eventId: 'msg_2abc' });
    });

    it.each([
      ['a signature made with another key', svixHeaders(BODY, { key: Buffer.from('wrong') })],
      ['a body changed after signing', svixHeaders(`${BODY} `)],
      ['a signature for another event id', { ...svixHeaders(BODY), 'svix-id': 'msg_other' }],
      ['a truncated signature', { ...svixHeaders(BODY), 'svix-signature': 'v1,AAAA' }],
      ['no v1 entry', { ...svixHeaders(BODY), 'svix-signature': 'v2,abc' }],
    ])('refuses %s as bad-signature', (_, headers) => {
      expect(verify(headers)).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it.each([
      ['more than five minutes old', NOW_SECONDS - 301],
      ['more than five minutes ahead', NOW_SECONDS + 301],
    ])('refuses a genuine delivery %s as stale-timestamp', (_, timestamp) => {
      expect(verify(svixHeaders(BODY, { timestamp }))).toEqual({
        ok: false,
        reason: 'stale-timestamp',
      });
    });

    it('accepts a delivery exactly five minutes off', () => {
      const headers = svixHeaders(BODY, { timestamp: NOW_SECONDS - 300 });
      expect(verify(headers)).toEqual({ ok: true, eventId: 'msg_2abc' });
    });

    it.each([
      ['no svix-id', { ...svixHeaders(BODY), 'svix-id': undefined }],
      ['no svix-timestamp', { ...svixHeaders(BODY), 'svix-timestamp': undefined }],
      ['a timestamp that is not unix seconds', { ...svixHeaders(BODY), 'svix-timestamp': '1e9' }],
    ])('refuses %s as malformed', (_, headers) => {
      expect(verify(headers)).toEqual({ ok: false, reason: 'malformed' });
    });
  });

  describe('the older OFAuth-Signature header', () => {
    it('accepts a valid signature; it names no event', () => {
      expect(verify(legacyHeaders(BODY))).toEqual({ ok: true, eventId: null });
    });

    it.each([
      ['another secret', legacyHeaders(BODY, { secret: 'whsec_other' })],
      ['a changed body', legacyHeaders(`${BODY} `)],
      ['a signature that is not hex', { 'ofauth-signature': `t=${NOW_SECONDS},v1=zz` }],
    ])('refuses %s as bad-signature', (_, headers) => {
      expect(verify(headers)).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it('refuses a stale genuine delivery as stale-timestamp', () => {
      const headers = legacyHeaders(BODY, { timestamp: NOW_SECONDS - 600 });
      expect(verify(headers)).toEqual({ ok: false, reason: 'stale-timestamp' });
    });

    it.each([
      ['no t', { 'ofauth-signature': 'v1=00' }],
      ['no v1', { 'ofauth-signature': `t=${NOW_SECONDS}` }],
      ['no pairs at all', { 'ofauth-signature': 'garbage' }],
    ])('refuses %s as malformed', (_, headers) => {
      expect(verify(headers)).toEqual({ ok: false, reason: 'malformed' });
    });
  });

  describe('a delivery without a signature', () => {
    it.each([
      ['no headers', {}],
      ['empty signature headers', { 'svix-signature': '', 'ofauth-signature': ' ' }],
    ])('refuses %s as missing-signature', (_, headers) => {
      expect(verify(headers)).toEqual({ ok: false, reason: 'missing-signature' });
    });
  });

  it('never parses the body: a signed body that is not JSON still verifies', () => {
    const body = '{"type": "connection.exp';
    expect(verify(svixHeaders(body), body)).toEqual({ ok: true, eventId: 'msg_2abc' });
  });

  it('checks the raw bytes, not a re-encoding of them', () => {
    const body = '{"text":"caf\u00e9 \\u00e9"}';
    expect(verify(svixHeaders(body), body)).toEqual({ ok: true, eventId: 'msg_2abc' });
    const reencoded = JSON.stringify(JSON.parse(body));
    expect(verify(svixHeaders(body), reencoded)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
