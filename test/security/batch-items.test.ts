import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';
import { useRequestLog } from '../../src/plugins/use-request-log.ts';
import { useYogaLogger } from '../../src/plugins/use-yoga-logger.ts';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { memoryDestination } from '../ops/support/ops-harness.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { codesOf, expectWellFormedAnswer, send } from './security-support.ts';

/**
 * Issue 12, finding 8: a batch whose items are not operations (`[null]`) answered
 * INTERNAL_SERVER_ERROR, and its error log line had no request id. A batch of anything but
 * operation objects, or of none, is now a coded 400 that names what is wrong.
 */

const OPERATION = { query: '{ __typename }' };

/** Fails, as a bug would, while reading the parameters of an operation with this marker. */
const failOnMarker: Plugin = {
  onParams({ params }) {
    if ((params as { extensions?: { explode?: boolean } } | null)?.extensions?.explode) {
      throw new TypeError('a bug while reading the parameters');
    }
  },
};

let harness: GatewayHarness;
const destination = memoryDestination();
let yoga: ReturnType<typeof createChatgraph>;

beforeAll(async () => {
  harness = await startGatewayHarness();
  const logger = createLogger({ level: 'info', destination });
  yoga = createChatgraph({
    connectedAccounts: harness.connectedAccounts,
    maxBatch: 3,
    plugins: [failOnMarker, useYogaLogger({ logger }), useRequestLog({ logger })],
  });
});
afterAll(() => harness.close());
beforeEach(() => {
  destination.lines.length = 0;
});

function postBody(body: string, headers: Record<string, string> = {}) {
  return send(yoga, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('a batch with items that are not operations', () => {
  const cases: Array<[string, unknown[], RegExp]> = [
    ['[null]', [null], /item 0 .*null/],
    ['a number', [1], /item 0 .*number/],
    ['a string', ['{ __typename }'], /item 0 .*string/],
    ['a nested array', [[OPERATION]], /item 0 .*array/],
    ['null after an operation', [OPERATION, null], /item 1 .*null/],
  ];
  for (const [name, batch, message] of cases) {
    it(`answers ${name} with a 400 BAD_REQUEST naming the item`, async () => {
      const answer = await postBody(JSON.stringify(batch));
      expect(answer.status).toBe(400);
      expectWellFormedAnswer(answer, name);
      expect(codesOf(answer.body)).toEqual(['BAD_REQUEST']);
      expect(answer.body!.errors![0]!.message).toMatch(message);
      expect(destination.lines.filter((line) => line.level === 'error')).toEqual([]);
    });
  }

  it('answers an empty batch with a 400 BAD_REQUEST', async () => {
    const answer = await postBody('[]');
    expect(answer.status).toBe(400);
    expectWellFormedAnswer(answer, 'empty batch');
    expect(codesOf(answer.body)).toEqual(['BAD_REQUEST']);
    expect(answer.body!.errors![0]!.message).toMatch(/empty/);
  });

  it('answers a batch over the limit with a coded refusal', async () => {
    const answer = await postBody(JSON.stringify([OPERATION, OPERATION, OPERATION, OPERATION]));
    expect(answer.status).toBe(413);
    expectWellFormedAnswer(answer, 'batch over the limit');
    expect(codesOf(answer.body)).toEqual(['BAD_REQUEST']);
    expect(answer.body!.errors![0]!.message).toMatch(/limited to 3/);
  });

  it('answers an item without a query with BAD_REQUEST beside the others', async () => {
    const answer = await postBody(JSON.stringify([{}, OPERATION]));
    const results = JSON.parse(answer.text) as Array<{ errors?: unknown[]; data?: unknown }>;
    expect(results).toHaveLength(2);
    expectWellFormedAnswer({ ...answer, body: results[0]! as never }, 'item without a query');
    expect(codesOf(results[0] as never)).toEqual(['BAD_REQUEST']);
    expect(results[1]).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('logs the request with its request id', async () => {
    const answer = await postBody('[null]', { 'x-request-id': 'batch-null-1' });
    expect(answer.headers.get('x-request-id')).toBe('batch-null-1');
    expect(destination.lines).toEqual([
      expect.objectContaining({ requestId: 'batch-null-1', status: 400, outcome: 'rejected' }),
    ]);
  });
});

describe('an unexpected error while reading an operation of a batch', () => {
  it('is logged with the request id', async () => {
    const answer = await postBody(
      JSON.stringify([OPERATION, { ...OPERATION, extensions: { explode: true } }]),
      { 'x-request-id': 'batch-bug-1' },
    );
    expect(answer.status, answer.text).toBe(200);
    const errors = destination.lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ requestId: 'batch-bug-1' });
  });

  it('is logged with the request id outside a batch too', async () => {
    await postBody(JSON.stringify({ ...OPERATION, extensions: { explode: true } }), {
      'x-request-id': 'single-bug-1',
    });
    const errors = destination.lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ requestId: 'single-bug-1' });
  });
});
