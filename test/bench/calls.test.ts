import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/sandbox/index.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { fingerprint, fingerprintDifference } from './fingerprint.ts';
import { type Floor, startFloor } from './floor-server.ts';
import { callsByRoute } from './minimum.ts';
import { buildScenarios, inboxUnavailable } from './scenarios.ts';

/**
 * The benchmark's call counts, without its timings: every scenario costs the gateway exactly the
 * fewest vendor calls that can answer it, and the floor that the benchmark compares against makes
 * those same calls and answers the same chats, messages and media. `npm test` runs this, so the
 * benchmark's scenarios keep working between benchmark runs.
 */

const inboxNote = inboxUnavailable();
// The harness's sandbox uses the default seed, so this is the dataset it serves.
const { scenarios, skipped } = buildScenarios(generateDataset(1), {
  withInbox: inboxNote === null,
  inboxNote: inboxNote ?? undefined,
});

describe('benchmark scenarios', () => {
  let harness: GatewayHarness;
  let floor: Floor;

  beforeAll(async () => {
    harness = await startGatewayHarness();
    floor = await startFloor({ sandboxUrl: harness.sandbox.url });
  });

  afterAll(async () => {
    await floor?.close();
    await harness?.close();
  });

  async function floorAnswer(path: string): Promise<{ data: unknown }> {
    const response = await fetch(`${floor.url}${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as { data: unknown };
  }

  for (const scenario of scenarios) {
    describe(scenario.title, () => {
      const { calls } = scenario.minimum;
      it(`costs the gateway the minimum, ${calls} vendor call${calls === 1 ? '' : 's'}`, async () => {
        harness.sandbox.resetStats();
        const result = await harness.query(scenario.query, scenario.variables);
        expect(result.errors).toBeUndefined();
        expect(callsByRoute(harness.sandbox.stats())).toEqual(scenario.minimum.byRoute);
        expect(result.extensions?.cost).toEqual({
          upstreamCalls: scenario.minimum.calls,
          credits: scenario.minimum.credits,
          cacheHits: 0,
          creditsSaved: 0,
        });
      });

      it('costs the floor the same calls, for the same chats, messages and media', async () => {
        harness.sandbox.resetStats();
        const floorData = (await floorAnswer(scenario.floorPath)).data;
        expect(callsByRoute(harness.sandbox.stats())).toEqual(scenario.minimum.byRoute);
        const gateway = await harness.query(scenario.query, scenario.variables);
        expect(fingerprintDifference(fingerprint(gateway.data), fingerprint(floorData))).toBeNull();
      });
    });
  }

  it('runs every scenario (the unified inbox exists now)', () => {
    expect(skipped.map((scenario) => `${scenario.title}: ${scenario.reason}`)).toEqual([]);
  });
});
