import { getOperationAST, parse, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureOperation } from '../../src/limits/measure-operation.ts';
import { DEFAULT_QUERY_LIMITS } from '../../src/limits/query-limits.ts';
import { schema } from '../../src/schema/index.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { codesOf, post } from './security-support.ts';

/**
 * Finding 2: a document where each of 24 fragments spreads the previous one twice (918 bytes)
 * blocked the event loop for seconds inside the limit walk, and graphql-js's validation is
 * quadratic in repeated fields. Refusal must cost steps linear in the document's size, and come
 * before any validation rule runs. Counted, never timed.
 */

/** `levels` fragments, each spreading the one before twice, on top of `leaf`. */
function chain(levels: number, leaf = 'connectedAccounts { id }'): string {
  const fragments = [`fragment F0 on Query { ${leaf} }`];
  for (let level = 1; level < levels; level++) {
    fragments.push(`fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }`);
  }
  return `{ ...F${levels - 1} }\n${fragments.join('\n')}`;
}

const UNBOUNDED = {
  maxDepth: Number.POSITIVE_INFINITY,
  maxAliases: Number.POSITIVE_INFINITY,
  maxCost: Number.POSITIVE_INFINITY,
  maxUpstreamCalls: Number.POSITIVE_INFINITY,
};

function measure(query: string, bounds = UNBOUNDED) {
  const document = parse(query);
  return measureOperation(schema, document, getOperationAST(document)!, {}, bounds, {
    'Query.connectedAccounts': 6,
  });
}

let validationRuns = 0;
/** Counts validation passes that reach graphql-js's rules (after every plugin's onValidate). */
const countValidation: Plugin = {
  onValidate({ addValidationRule }) {
    const counting: ValidationRule = () => {
      validationRuns += 1;
      return {};
    };
    addValidationRule(counting);
  },
};

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness({ chatgraph: { plugins: [countValidation] } });
});
afterAll(() => harness.close());

describe('fragment chains', () => {
  it('refuses the 24-level chain with QUERY_TOO_COMPLEX, before validation and any vendor call', async () => {
    const query = chain(24);
    expect(query.length).toBeLessThan(1000);
    harness.sandbox.resetStats();
    validationRuns = 0;
    const answer = await post(harness.yoga, query);
    expect(codesOf(answer.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(validationRuns).toBe(0);
    expect(harness.calls()).toBe(0);
    // The same counter sees a normal document validated.
    await post(harness.yoga, '{ connectedAccounts { id } }');
    expect(validationRuns).toBe(1);
  });

  it('walks each fragment once: steps grow linearly with the number of fragments', () => {
    const steps = [8, 16, 32, 64].map((levels) => measure(chain(levels)).steps);
    // Two spreads per fragment, one field and its selection at the bottom, one spread on top.
    expect(steps).toEqual([8, 16, 32, 64].map((levels) => 2 * levels + 1));
    // And prices what the expansion would weigh: 2^31 copies of 1 + 6 accounts × 1.
    expect(measure(chain(32)).cost).toBe(2 ** 31 * 7);
  });

  it('stops at the first limit passed, well before the end of the document', () => {
    const refused = measure(chain(64), DEFAULT_QUERY_LIMITS);
    expect(refused.stoppedAt?.code).toBe('QUERY_TOO_COMPLEX');
    // Depth first, the walk reaches F0 through the first spreads (64 steps); on the way back up,
    // 2^11 copies of 7 pass the cost of 10000: it stops a dozen fragments later.
    expect(refused.steps).toBeLessThanOrEqual(64 + 13);
    expect(refused.steps).toBeLessThan(measure(chain(64)).steps);
  });

  it('counts aliases through the chain: TOO_MANY_ALIASES, before validation', async () => {
    validationRuns = 0;
    const answer = await post(harness.yoga, chain(24, 'a: __typename'));
    expect(codesOf(answer.body)).toEqual(['TOO_MANY_ALIASES']);
    expect(validationRuns).toBe(0);
  });

  it('refuses a field repeated hundreds of times (quadratic to validate), before validation', async () => {
    validationRuns = 0;
    const repeated = `{ ${Array.from({ length: 500 }, () => 'connectedAccounts { id }').join(' ')} }`;
    expect(codesOf((await post(harness.yoga, repeated)).body)).toEqual(['QUERY_TOO_COMPLEX']);
    const fragments = Array.from({ length: 100 }, (_, index) => index);
    const spread = `{ ${fragments.map((index) => `...S${index}`).join(' ')} }\n${fragments
      .map((index) => `fragment S${index} on Query { connectedAccounts { id } }`)
      .join('\n')}`;
    expect(codesOf((await post(harness.yoga, spread)).body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(validationRuns).toBe(0);
  });
});
