import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, UPSTREAM_ERROR_CODES } from '../../src/errors/error-codes.ts';

/** The README's Errors section, up to the next heading. */
async function errorsSection(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## Errors\n');
  expect(start, 'README has an Errors section').toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The rows of the section's `| code | HTTP | when |` table. */
function tableRows(section: string): Array<{ code: string; status: number; meaning: string }> {
  const lines = section.split('\n');
  const header = lines.indexOf('| code | HTTP | when |');
  expect(header, 'the Errors section has the code table').toBeGreaterThan(-1);
  const rows: Array<{ code: string; status: number; meaning: string }> = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const found = /^\| `([A-Z_]+)` \| (\d{3}) \| (.*) \|$/.exec(line);
    expect(found, `a row of three cells: ${line}`).not.toBeNull();
    rows.push({ code: found![1]!, status: Number(found![2]), meaning: found![3]! });
  }
  return rows;
}

describe('ERROR_CODES', () => {
  describe('and the README', () => {
    it('are the same list: every code documented, every documented code listed, in order', async () => {
      const documented = tableRows(await errorsSection());
      const listed = Object.entries(ERROR_CODES).map(([code, { status, meaning }]) => ({
        code,
        status,
        meaning,
      }));
      expect(documented).toEqual(listed);
    });

    it('name no other code anywhere in the Errors section', async () => {
      const named = [...(await errorsSection()).matchAll(/`([A-Z]+(?:_[A-Z]+)+)`/g)].map(
        ([, code]) => code!,
      );
      expect(named.filter((code) => !(code in ERROR_CODES))).toEqual([]);
    });
  });

  describe('vendor failures', () => {
    it('are answered in a GraphQL result, beside the data that could be had', () => {
      for (const code of UPSTREAM_ERROR_CODES) expect(ERROR_CODES[code].status, code).toBe(200);
    });
  });
});
