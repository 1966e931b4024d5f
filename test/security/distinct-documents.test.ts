import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheSizesOf } from '../../src/server/cache-sizes.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { START_ARGS } from '../support/start-command.ts';
import { post } from './security-support.ts';

/**
 * Finding 3: memory grew with every distinct query text (compiled plans, and the code V8 kept
 * for them). Every per-document cache is bounded, a text is compiled only once it repeats, and
 * the heap a stream of distinct documents leaves behind stays flat. Counted in entries and bytes.
 */
let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

const distinct = (index: number) =>
  `query Q${index} { a${index}: __typename connectedAccounts { id } }`;

describe('distinct documents', () => {
  it('keep every per-document cache at its bound', async () => {
    for (let index = 0; index < 3000; index++) await post(harness.yoga, distinct(index));
    expect(cacheSizesOf(harness.yoga)).toEqual({
      documents: 1000,
      verdicts: 2000,
      withinTokenLimit: 2000,
      // Each text ran once: none was worth compiling.
      plans: 0,
      sightings: 3000,
    });
    // Texts that repeat are compiled, at most 100 plans kept.
    for (let index = 0; index < 150; index++) {
      for (let run = 0; run < 2; run++) await post(harness.yoga, distinct(10_000 + index));
    }
    expect(cacheSizesOf(harness.yoga).plans).toBe(100);
    expect(cacheSizesOf(harness.yoga).documents).toBeLessThanOrEqual(1000);
  });

  it("retain no heap per distinct document, compiled or not, under npm start's flags", async () => {
    const script = fileURLToPath(new URL('./distinct-documents-heap.ts', import.meta.url));
    const flags = START_ARGS.slice(0, -1);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...flags, '--expose-gc', '--import', 'tsx', script, '1000', '1000'],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)), timeout: 240_000 },
    );
    const { bytesPerDocument } = JSON.parse(stdout) as { bytesPerDocument: number };
    // Before: ~150 KB per compiled document. Now only the bounded caches still filling up.
    expect(bytesPerDocument).toBeLessThan(2048);
  }, 300_000);
});
