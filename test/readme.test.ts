import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CURSOR_SECRET } from './support/cursor-forgery.ts';
import { type GatewayHarness, startGatewayHarness } from './support/gateway-harness.ts';

interface Example {
  query: string;
  variables?: Record<string, unknown>;
  expected: { data: Record<string, unknown>; extensions?: unknown };
}

/** The README's GraphQL examples: a query, optionally its variables, then its printed answer. */
async function readmeExamples(): Promise<Example[]> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({
    lang,
    text: text!,
  }));
  const examples: Example[] = [];
  blocks.forEach((block, index) => {
    if (block.lang !== 'graphql') return;
    const following = blocks.slice(index + 1, index + 3).filter((next) => next.lang === 'json');
    const parsed = following.map((next) => JSON.parse(next.text) as Record<string, unknown>);
    const answer = parsed.find((value) => 'data' in value);
    const variables = parsed.find((value) => !('data' in value));
    examples.push({ query: block.text, variables, expected: answer as Example['expected'] });
  });
  return examples;
}

let harness: GatewayHarness;

beforeAll(async () => {
  // Cursors are signed with the deployment's secret: the README's were made with this one.
  harness = await startGatewayHarness({ chatgraph: { cursorSecret: TEST_CURSOR_SECRET } });
});
afterAll(() => harness.close());

describe('README examples', () => {
  it('answer exactly what the README prints (lists may be shown in part)', async () => {
    const examples = await readmeExamples();
    expect(examples).toHaveLength(5);
    for (const example of examples) {
      const result = await harness.query(example.query, example.variables);
      expect(result.errors).toBeUndefined();
      expect(result.extensions).toEqual(example.expected.extensions);
      const [root, shown] = Object.entries(example.expected.data)[0]!;
      const actual = (result.data as Record<string, unknown>)[root];
      if (Array.isArray(shown)) {
        expect((actual as unknown[]).slice(0, shown.length)).toEqual(shown);
      } else {
        expect(actual).toEqual(shown);
      }
    }
  });
});
