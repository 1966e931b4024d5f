import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { fingerprint, fingerprintDifference } from './fingerprint.ts';
import { type Floor, startFloor } from './floor-server.ts';
import { gatewayTarget } from './measure.ts';
import { CREDIT_REFRESHES, measureCreditsPer100, REFRESHES } from './measure-warm.ts';
import { floorReplyPath, replyVariables, SEND_REPLY, WRITE_MINIMUM } from './measure-write.ts';
import { callsByRoute, newestChat } from './minimum.ts';
import type { Service } from './processes.ts';
import { announceFanMessage, measuredRefresh, refreshesInARow } from './refresh.ts';
import { pointWebhooksAt } from './sandbox-control.ts';
import { buildScenarios, inboxUnavailable, type WarmScreen } from './scenarios.ts';
import { gatewayConfig, startGateway } from './start-services.ts';

/**
 * The benchmark's call counts, without its timings: every scenario costs the gateway exactly the
 * fewest vendor calls that can answer it, and the floor that the benchmark compares against makes
 * those same calls and answers the same chats, messages and media; and the warm screens, refreshed
 * with the cache on, cost calls only where something changed. `npm test` runs this, so the
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

  describe('a reply (the write path)', () => {
    const dataset = generateDataset(1);
    const account = dataset.accounts.find(
      (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
    )!;
    const target = { account, chat: newestChat(account) };

    it(`costs the gateway the minimum, ${WRITE_MINIMUM.calls} vendor call`, async () => {
      harness.sandbox.resetStats();
      const result = await harness.query(SEND_REPLY, replyVariables(target, 'a benchmark reply'));
      expect(result.errors).toBeUndefined();
      expect(result.data).toMatchObject({ sendMessage: { outcome: 'SENT' } });
      expect(callsByRoute(harness.sandbox.stats())).toEqual(WRITE_MINIMUM.byRoute);
    });

    it('costs the floor the same call', async () => {
      harness.sandbox.resetStats();
      const answer = await floorAnswer(floorReplyPath(target, 'a floor reply'));
      expect(answer.data).toMatchObject({
        sendMessage: { outcome: 'SENT', message: { text: 'a floor reply' } },
      });
      expect(callsByRoute(harness.sandbox.stats())).toEqual(WRITE_MINIMUM.byRoute);
    });
  });

  it('runs every scenario (the unified inbox exists now)', () => {
    expect(skipped.map((scenario) => `${scenario.title}: ${scenario.reason}`)).toEqual([]);
  });
});

/**
 * The warm screens as the benchmark runs them: the gateway process as `npm start` runs it (cache
 * on), on a sandbox of its own whose signed webhooks it verifies (a fan's message changes the
 * sandbox's data, which the scenarios above read).
 */
describe('benchmark warm screens', () => {
  let sandbox: Sandbox;
  let gateway: Service;
  /** The same gateway with its cache off, for the credits of refreshes without it. */
  let coldGateway: Service;
  const configPaths = {
    warm: join(tmpdir(), `chatgraph-calls-warm-${process.pid}.json`),
    cold: join(tmpdir(), `chatgraph-calls-cold-${process.pid}.json`),
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    const { webhookSecrets } = sandbox;
    const warmConfig = gatewayConfig(sandbox.url, sandbox.dataset, { webhookSecrets });
    writeFileSync(configPaths.warm, JSON.stringify(warmConfig));
    writeFileSync(
      configPaths.cold,
      JSON.stringify(gatewayConfig(sandbox.url, sandbox.dataset, null)),
    );
    [gateway, coldGateway] = await Promise.all([
      startGateway('warm gateway', configPaths.warm),
      startGateway('cold gateway', configPaths.cold),
    ]);
    await pointWebhooksAt(sandbox.url, gateway.url);
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), coldGateway?.stop()]);
    await sandbox?.close();
    rmSync(configPaths.warm, { force: true });
    rmSync(configPaths.cold, { force: true });
  });

  const warmScenarios = scenarios.filter((scenario) => scenario.warm !== undefined);

  it('has warm screens: the overview and the unified inbox', () => {
    expect(warmScenarios.map((scenario) => scenario.name)).toEqual(['overview', 'inbox']);
  });

  for (const scenario of warmScenarios) {
    const { minimum, warm } = scenario as typeof scenario & { warm: WarmScreen };
    describe(scenario.title, () => {
      it(`refreshed ${REFRESHES} times with nothing changed, calls the vendors on the first only`, async () => {
        const refreshes = await refreshesInARow(sandbox.url, gateway.url, scenario, REFRESHES);
        expect(refreshes[0]!.byRoute).toEqual(minimum.byRoute);
        expect(refreshes.map((refresh) => refresh.calls)).toEqual([
          minimum.calls,
          ...Array<number>(REFRESHES - 1).fill(0),
        ]);
        // Every read the first refresh made is answered from the cache after it.
        for (const refresh of refreshes.slice(1)) {
          expect(refresh.cost).toEqual({
            upstreamCalls: 0,
            credits: 0,
            cacheHits: minimum.calls,
            creditsSaved: minimum.credits,
          });
        }
      });

      it("after a fan's message (a signed webhook), costs the changed account's calls only", async () => {
        await announceFanMessage(sandbox.url, gateway.url, warm.message);
        const afterMessage = await measuredRefresh(sandbox.url, gateway.url, scenario);
        expect(afterMessage.byRoute).toEqual(warm.afterMessage.byRoute);
        expect(afterMessage.cost).toEqual({
          upstreamCalls: warm.afterMessage.calls,
          credits: warm.afterMessage.credits,
          cacheHits: minimum.calls - warm.afterMessage.calls,
          creditsSaved: minimum.credits - warm.afterMessage.credits,
        });
        const again = await measuredRefresh(sandbox.url, gateway.url, scenario);
        expect(again.calls).toBe(0);
      });
    });
  }

  it(`spends on ${CREDIT_REFRESHES} inbox refreshes the credits of the first, and of each message's account`, async () => {
    const inbox = warmScenarios.find((scenario) => scenario.name === 'inbox')!;
    const { minimum, warm } = inbox as typeof inbox & { warm: WarmScreen };
    const credits = await measureCreditsPer100(
      sandbox.url,
      { cold: gatewayTarget(coldGateway.url), warm: gatewayTarget(gateway.url) },
      { ...inbox, warm },
      10,
    );
    const messages = CREDIT_REFRESHES / REFRESHES - 1;
    expect(credits).toEqual({
      title: inbox.title,
      refreshes: CREDIT_REFRESHES,
      cacheOff: CREDIT_REFRESHES * minimum.credits,
      unchanged: minimum.credits,
      withMessages: minimum.credits + messages * warm.afterMessage.credits,
      messages,
    });
    // 300 refreshes, 100 of them cold: a bound for a loaded machine, not a measure of time.
  }, 60_000);
});
