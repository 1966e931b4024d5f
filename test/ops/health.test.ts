import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayReadinessChecks, useReadiness } from '../../src/plugins/use-readiness.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { startGatewayHarness } from '../support/gateway-harness.ts';
import { type ChatgraphProcess, startChatgraph } from './support/chatgraph-process.ts';
import { type OpsHarness, startOpsHarness } from './support/ops-harness.ts';

describe('health and readiness', () => {
  describe('in sandbox mode (npm start)', () => {
    let chatgraph: ChatgraphProcess;

    beforeAll(async () => {
      chatgraph = await startChatgraph();
    });
    afterAll(() => chatgraph.stop());

    it('answers /health with 200 (alive)', async () => {
      const response = await fetch(`${chatgraph.origin}/health`);
      expect(response.status).toBe(200);
    });

    it('answers /ready with 200 and each check: config loaded, accepting, sandbox up', async () => {
      const response = await fetch(`${chatgraph.origin}/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ready: true,
        checks: { config: 'ok', accepting: 'ok', sandbox: 'ok' },
      });
    });
  });

  describe('the gateway checks', () => {
    let harness: OpsHarness;
    let watched: Sandbox;
    let stopping = false;

    beforeAll(async () => {
      watched = await startSandbox();
      const checks = gatewayReadinessChecks({ stopping: () => stopping, sandboxUrl: watched.url });
      harness = await startOpsHarness({ plugins: [useReadiness({ checks, timeoutMs: 1000 })] });
    });
    afterAll(() => harness.close());

    it('are ready while the sandbox answers', async () => {
      const response = await harness.get('/ready');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('are not ready once shutting down', async () => {
      stopping = true;
      const response = await harness.get('/ready');
      stopping = false;
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ready: false,
        checks: { config: 'ok', accepting: 'shutting down', sandbox: 'ok' },
      });
    });

    it('are not ready when the sandbox is down', async () => {
      await watched.close();
      const response = await harness.get('/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ready: false,
        checks: { config: 'ok', accepting: 'ok', sandbox: 'the sandbox does not answer' },
      });
    });
  });

  describe('a check that hangs', () => {
    it('fails after the timeout', async () => {
      const harness = await startOpsHarness({
        plugins: [useReadiness({ checks: { slow: () => new Promise(() => {}) }, timeoutMs: 50 })],
      });
      const response = await harness.get('/ready');
      await harness.close();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ready: false,
        checks: { slow: 'no answer within 50 ms' },
      });
    });
  });

  describe('a degrading check', () => {
    it('failing, leaves the instance ready (200) and says degraded, naming why', async () => {
      const harness = await startOpsHarness({
        plugins: [
          useReadiness({
            checks: {
              config: () => {},
              redis: {
                degrades: true,
                check: () => {
                  throw new Error('Redis unreachable');
                },
              },
            },
          }),
        ],
      });
      const response = await harness.get('/ready');
      await harness.close();
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ready: true,
        degraded: true,
        checks: { config: 'ok', redis: 'Redis unreachable' },
      });
    });

    it('beside a failing check, does not make the instance ready', async () => {
      const harness = await startOpsHarness({
        plugins: [
          useReadiness({
            checks: {
              accepting: () => {
                throw new Error('shutting down');
              },
              redis: {
                degrades: true,
                check: () => Promise.reject(new Error('Redis unreachable')),
              },
            },
          }),
        ],
      });
      const response = await harness.get('/ready');
      await harness.close();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ready: false,
        checks: { accepting: 'shutting down', redis: 'Redis unreachable' },
      });
    });
  });
});

describe('/ready with gateway tokens configured', () => {
  it('answers without a token, while /metrics and /graphql ask for one', async () => {
    const harness = await startGatewayHarness();
    try {
      const yoga = createChatgraph({
        connectedAccounts: harness.connectedAccounts,
        tokens: [{ name: 'ops', sha256: 'a'.repeat(64), accounts: ['*'] }],
        probes: [useReadiness({ checks: {} })],
      });
      expect((await yoga.fetch('http://chatgraph/ready')).status).toBe(200);
      const graphql = await yoga.fetch('http://chatgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(graphql.status).toBe(401);
    } finally {
      await harness.close();
    }
  });
});
