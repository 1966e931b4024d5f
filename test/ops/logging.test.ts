import { Writable } from 'node:stream';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLogger,
  loggerOptionsFromEnv,
  scrubSecrets,
  withShallowRedaction,
} from '../../src/observability/logger.ts';
import { useRequestLog } from '../../src/plugins/use-request-log.ts';
import { useYogaLogger } from '../../src/plugins/use-yoga-logger.ts';
import { memoryDestination, type OpsHarness, startOpsHarness } from './support/ops-harness.ts';

const INBOX = 'query Inbox { inbox(first: 3) { edges { node { id partner { username } } } } }';

/** Fails every operation named `Explode` with an unexpected error (a bug), carrying a secret. */
const explode: Plugin = {
  onExecute({ args }) {
    if (getOperationAST(args.document, args.operationName)?.name?.value === 'Explode') {
      throw new Error('database said: Authorization: Bearer sk_live_0123456789 rejected');
    }
  },
};

describe('logging', () => {
  const destination = memoryDestination();
  let harness: OpsHarness;

  beforeAll(async () => {
    const logger = createLogger({ level: 'debug', destination });
    harness = await startOpsHarness({
      plugins: [explode, useYogaLogger({ logger }), useRequestLog({ logger })],
    });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    destination.lines.length = 0;
  });

  describe('a GraphQL request', () => {
    it('is one JSON line with request id, operation, duration, cost and every vendor call', async () => {
      const response = await harness.post(INBOX);
      expect(response.status).toBe(200);
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const lines = destination.lines.filter((line) => line.msg === 'graphql request');
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      expect(line).toMatchObject({
        level: 'info',
        service: 'chatgraph',
        requestId,
        method: 'POST',
        path: '/graphql',
        status: 200,
        outcome: 'success',
        operations: [{ name: 'Inbox', type: 'query', outcome: 'success' }],
        upstreamCalls: 6,
        credits: 4,
      });
      expect(typeof line.time).toBe('string');
      expect(line.durationMs).toBeGreaterThan(0);
      const calls = line.vendorCalls as Array<Record<string, unknown>>;
      expect(calls).toHaveLength(6);
      for (const call of calls) {
        expect(call).toMatchObject({ status: 200, attempt: 1 });
        expect(call.route).toMatch(/^(onlyfans|fansly|ofauth)\.chats$/);
        expect(call.durationMs).toBeGreaterThanOrEqual(0);
        expect(typeof call.account).toBe('string');
      }
    });

    it('keeps a well-formed x-request-id from the caller and answers it back', async () => {
      const response = await harness.post(INBOX, { headers: { 'x-request-id': 'edge-42.a' } });
      expect(response.headers.get('x-request-id')).toBe('edge-42.a');
      expect(destination.lines.at(-1)).toMatchObject({ requestId: 'edge-42.a' });
    });

    it('replaces a malformed x-request-id rather than logging it', async () => {
      const response = await harness.post(INBOX, {
        headers: { 'x-request-id': 'a\u00e9b{"injected":true}' },
      });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('logs vendor failures with their status and error code', async () => {
      harness.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 403, times: 1 });
      await harness.post(
        'query Chats { connectedAccounts { chats(first: 1) { edges { node { id } } } } }',
      );
      const line = destination.lines.find((entry) => entry.msg === 'graphql request')!;
      expect(line.outcome).toBe('partial');
      expect(line.operations).toEqual([
        { name: 'Chats', type: 'query', outcome: 'partial', errors: ['UPSTREAM_FORBIDDEN'] },
      ]);
      // Yoga reports the field's failure too: a compact warning, not an error with a stack.
      expect(destination.lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          msg: expect.stringMatching(/^vendor failure: OFAUTH ofauth\.chats/),
          requestId: line.requestId,
          vendor: 'OFAUTH',
          route: 'ofauth.chats',
          code: 'UPSTREAM_FORBIDDEN',
          status: 403,
        }),
      );
      expect(destination.lines.filter((entry) => entry.level === 'error')).toEqual([]);
      expect(line.vendorCalls).toContainEqual(
        expect.objectContaining({
          route: 'ofauth.chats',
          status: 403,
          errorCode: 'UPSTREAM_FORBIDDEN',
        }),
      );
    });

    it('logs a request refused before execution with its status and no operation', async () => {
      const response = await harness.post('{ nope }', {
        headers: { accept: 'application/graphql-response+json' },
      });
      expect(response.status).toBe(400);
      expect(destination.lines.at(-1)).toMatchObject({
        msg: 'graphql request',
        status: 400,
        outcome: 'error',
        operations: [{ name: null, type: null, outcome: 'error' }],
        vendorCalls: [],
      });
    });

    it('logs probes at debug only', async () => {
      await harness.get('/health');
      expect(destination.lines.at(-1)).toMatchObject({ level: 'debug', path: '/health' });
    });
  });

  describe('an unexpected error', () => {
    it('is masked in the response and logged through pino with its stack, secrets scrubbed', async () => {
      const response = await harness.post(
        'query Explode { inbox(first: 1) { pageInfo { hasNextPage } } }',
      );
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(body.errors[0]!.message).toBe('Unexpected error.');
      const requestId = response.headers.get('x-request-id');
      const logged = destination.lines.find((line) => line.level === 'error');
      expect(logged).toMatchObject({
        requestId,
        msg: 'unexpected error, masked in the response',
        err: { type: 'Error' },
      });
      const text = JSON.stringify(logged);
      expect(text).toContain('Bearer [redacted]');
      expect(text).not.toContain('sk_live_0123456789');
      expect((logged!.err as { stack: string }).stack).toContain('logging.test.ts');
    });
  });
});

describe('createLogger', () => {
  describe('redaction', () => {
    it('keeps redacting top-level secret keys on the request line logger', () => {
      const destination = memoryDestination();
      const lines = withShallowRedaction(createLogger({ destination }));
      lines.info({ token: 't0', apiKey: 'k0', route: 'ofauth.chats' }, 'graphql request');
      expect(destination.lines[0]).toMatchObject({
        token: '[redacted]',
        apiKey: '[redacted]',
        route: 'ofauth.chats',
      });
    });

    it('redacts credentials by key, at any depth up to four levels', () => {
      const destination = memoryDestination();
      const logger = createLogger({ destination });
      logger.info(
        {
          apiKey: 'k0',
          headers: { authorization: 'Bearer t1', 'x-api-key': 'k1', accept: 'application/json' },
          vendors: { ofauth: { apiKey: 'k2', baseUrl: 'https://api.ofauth.com' } },
          config: { auth: { tokens: [{ name: 'a' }] }, vendors: { onlyfansapi: { apiKey: 'k3' } } },
          token: 't2',
        },
        'config loaded',
      );
      const [line] = destination.lines;
      const text = JSON.stringify(line);
      for (const secret of ['k0', 'k1', 'k2', 'k3', 't1', 't2'])
        expect(text).not.toContain(`"${secret}"`);
      expect(line).toMatchObject({
        apiKey: '[redacted]',
        headers: {
          authorization: '[redacted]',
          'x-api-key': '[redacted]',
          accept: 'application/json',
        },
        vendors: { ofauth: { apiKey: '[redacted]', baseUrl: 'https://api.ofauth.com' } },
        token: '[redacted]',
      });
    });

    it('scrubs bearer tokens and key=value secrets from messages', () => {
      const destination = memoryDestination();
      const logger = createLogger({ destination });
      logger.warn('retrying with Authorization: Bearer abc.def-123 and api_key=zzz9');
      expect(destination.lines[0]!.msg).toBe(
        'retrying with Authorization: Bearer [redacted] and api_key=[redacted]',
      );
      expect(scrubSecrets('{"apiKey": "s3cr3t"}')).toBe('{"apiKey": "[redacted]"}');
    });
  });

  describe('level', () => {
    it('writes nothing under the configured level', () => {
      const destination = memoryDestination();
      const logger = createLogger({ level: 'warn', destination });
      logger.info('quiet');
      logger.warn('loud');
      expect(destination.lines.map((line) => line.msg)).toEqual(['loud']);
    });

    it('reads LOG_LEVEL and LOG_FORMAT, and refuses values it does not know', () => {
      expect(loggerOptionsFromEnv({}, false)).toEqual({ level: 'info', pretty: false });
      expect(loggerOptionsFromEnv({}, true)).toEqual({ level: 'info', pretty: true });
      expect(loggerOptionsFromEnv({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'json' }, true)).toEqual({
        level: 'debug',
        pretty: false,
      });
      expect(() => loggerOptionsFromEnv({ LOG_LEVEL: 'loud' }, false)).toThrow(
        'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
      );
      expect(() => loggerOptionsFromEnv({ LOG_FORMAT: 'xml' }, false)).toThrow(
        'LOG_FORMAT: expected json or pretty',
      );
    });
  });

  describe('pretty output', () => {
    it('writes human-readable lines, still redacted', () => {
      let text = '';
      const destination = new Writable({
        write(chunk, _encoding, done) {
          text += chunk;
          done();
        },
      });
      const logger = createLogger({ pretty: true, destination });
      logger.info({ apiKey: 'k9', route: 'ofauth.chats' }, 'vendor answered');
      expect(text).toMatch(/INFO.*vendor answered/);
      expect(text).toContain('route: "ofauth.chats"');
      expect(text).toContain('apiKey: "[redacted]"');
      expect(text).not.toContain('{"');
    });
  });
});
