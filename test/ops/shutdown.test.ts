import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../../src/server/graphiql.ts';
import {
  type ChatgraphProcess,
  sandboxUrlOf,
  startChatgraph,
  untilExecuting,
} from './support/chatgraph-process.ts';

/** Whether a new TCP connection to the port is refused (rather than accepted). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function eventuallyRefused(port: number): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await refused(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function sendExampleQuery(chatgraph: ChatgraphProcess) {
  return fetch(chatgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: EXAMPLE_QUERY }),
  });
}

describe('shutdown on SIGTERM', () => {
  describe('with a request in flight', () => {
    it('refuses new connections, finishes the request with data, and exits 0', async () => {
      const chatgraph = await startChatgraph([], {
        SANDBOX_LATENCY_MS: '1000',
        SHUTDOWN_GRACE_MS: '20000',
        LOG_LEVEL: 'debug',
      });
      // Every vendor answer takes a second: the example query needs two rounds (chat lists, then
      // the OFAuth profiles), so it is in flight for about two.
      const inFlight = sendExampleQuery(chatgraph);
      await untilExecuting(chatgraph);
      chatgraph.child.kill('SIGTERM');

      expect(await eventuallyRefused(chatgraph.port)).toBe(true);
      const response = await inFlight;
      expect(response.status).toBe(200);
      const result = (await response.json()) as {
        errors?: unknown;
        data: { connectedAccounts: Array<{ chats: { edges: unknown[] } }> };
      };
      expect(result.errors).toBeUndefined();
      expect(result.data.connectedAccounts).toHaveLength(6);
      expect(result.data.connectedAccounts[0]!.chats.edges).toHaveLength(5);

      expect(await chatgraph.exited).toBe(0);
      const messages = chatgraph.logLines().map((line) => line.msg);
      const stopping = messages.indexOf(
        'shutting down: no new connections, waiting for the requests in flight',
      );
      expect(stopping).toBeGreaterThan(-1);
      expect(chatgraph.logLines()[stopping]).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });
      expect(messages.indexOf('graphql request')).toBeGreaterThan(stopping);
      expect(messages.at(-1)).toBe('stopped');
      expect(messages).not.toContain('grace period over: cut the requests still running');
    });
  });

  describe('with a request that outlasts the grace period', () => {
    it('answers it with UPSTREAM_TIMEOUT before the grace period ends, closes the pools, and exits 0', async () => {
      const chatgraph = await startChatgraph([], { SHUTDOWN_GRACE_MS: '2000', LOG_LEVEL: 'debug' });
      const latency = await fetch(`${sandboxUrlOf(chatgraph)}/_sandbox/latency`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 8000 }),
      });
      expect(latency.status).toBe(200);
      const inFlight = sendExampleQuery(chatgraph).then(
        async (response) => ({ status: response.status, body: await response.json() }),
        (error: Error) => error,
      );
      await untilExecuting(chatgraph);
      chatgraph.child.kill('SIGTERM');

      expect(await chatgraph.exited).toBe(0);
      const answer = (await inFlight) as {
        status: number;
        body: { errors: Array<{ extensions: { code: string } }> };
      };
      expect(answer.status).toBe(200);
      expect(answer.body.errors.map((error) => error.extensions.code)).toContain(
        'UPSTREAM_TIMEOUT',
      );
      expect(chatgraph.logLines().map((line) => line.msg)).not.toContain(
        'grace period over: cut the requests still running',
      );
    });
  });

  describe('when idle', () => {
    it('exits 0 at once on SIGINT too', async () => {
      const chatgraph = await startChatgraph();
      const ready = await fetch(`${chatgraph.origin}/ready`);
      expect(ready.status).toBe(200);
      chatgraph.child.kill('SIGINT');
      expect(await chatgraph.exited).toBe(0);
    });
  });
});
