import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printPublishedSchema } from '../../src/schema/print.ts';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing it)', async () => {
    const published = await readFile(
      new URL('../../schema/schema.graphql', import.meta.url),
      'utf8',
    );
    expect(published).toBe(printPublishedSchema());
  });
});
