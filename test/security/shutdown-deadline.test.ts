import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../../src/server/graphiql.ts';
import { sandboxUrlOf, startChatgraph, untilExecuting } from '../ops/support/chatgraph-process.ts';

/**
 * Issue 12, finding 11: on SIGTERM, requests still running when the grace period ended were cut
 * with no response. Their deadlines are now brought forward to the end of the grace period (less
 * a margin for answering): they answer, their unfinished fields with UPSTREAM_TIMEOUT.
 */

describe('a request hung at the vendor when SIGTERM comes', () => {
  it('answers whole, its unfinished fields with UPSTREAM_TIMEOUT, before the process exits 0', async () => {
    const chatgraph = await startChatgraph([], { SHUTDOWN_GRACE_MS: '4000', LOG_LEVEL: 'debug' });
    // Every vendor call hangs: without the cut-off the request would wait for the vendor's
    // timeout (10 s, then retries), far past the grace period.
    const fault = await fetch(`${sandboxUrlOf(chatgraph)}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: '*', kind: 'hang', times: -1 }),
    });
    expect(fault.ok).toBe(true);
    const inFlight = fetch(chatgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_QUERY }),
    }).then(
      async (response) => ({ status: response.status, text: await response.text() }),
      (error: Error) => error,
    );
    await untilExecuting(chatgraph);
    chatgraph.child.kill('SIGTERM');

    const answer = await inFlight;
    expect(answer).not.toBeInstanceOf(Error);
    const { status, text } = answer as { status: number; text: string };
    expect(status).toBe(200);
    const result = JSON.parse(text) as {
      data: { connectedAccounts: unknown[] } | null;
      errors: Array<{ extensions: { code: string } }>;
    };
    expect(result.errors.length).toBeGreaterThan(0);
    expect(new Set(result.errors.map((error) => error.extensions.code))).toEqual(
      new Set(['UPSTREAM_TIMEOUT']),
    );

    expect(await chatgraph.exited).toBe(0);
    const messages = chatgraph.logLines().map((line) => line.msg);
    expect(messages).not.toContain('grace period over: cut the requests still running');
    expect(messages.at(-1)).toBe('stopped');
  }, 60_000);
});
