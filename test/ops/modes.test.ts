import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatgraphProcess, startChatgraph } from './support/chatgraph-process.ts';

/** Mode `both` mounts the subgraph app inside the published one: still one line, one count. */
describe('npm start -- --mode both', () => {
  let chatgraph: ChatgraphProcess;

  const post = (path: string, query: string, requestId: string) =>
    fetch(`${chatgraph.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query }),
    });

  beforeAll(async () => {
    chatgraph = await startChatgraph(['--mode', 'both']);
  });
  afterAll(() => chatgraph.stop());

  it('says where the subgraph is', async () => {
    // The line follows the one the start waits for, through a pipe: wait for it too.
    const expected = `federation subgraph on ${chatgraph.origin}/subgraph`;
    const lines = await chatgraph.waitForLog((line) => String(line.msg).includes(expected));
    expect(lines).toHaveLength(1);
  });

  it('logs and counts a subgraph request once', async () => {
    const response = await post('/subgraph', 'query Sdl { _service { sdl } }', 'subgraph-1');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('subgraph-1');
    const body = (await response.json()) as { data: { _service: { sdl: string } } };
    expect(body.data._service.sdl).toContain('@key');

    await post('/graphql', 'query Accounts { connectedAccounts { id } }', 'plain-1');
    await chatgraph.waitForLog((line) => line.requestId === 'plain-1');
    const lines = chatgraph.logLines().filter((line) => line.msg === 'graphql request');
    expect(lines.filter((line) => line.requestId === 'subgraph-1')).toEqual([
      expect.objectContaining({
        path: '/subgraph',
        operations: [expect.objectContaining({ name: 'Sdl' })],
      }),
    ]);
    expect(lines.filter((line) => line.requestId === 'plain-1')).toHaveLength(1);

    const metrics = await (await fetch(`${chatgraph.origin}/metrics`)).text();
    expect(metrics).toContain(
      'chatgraph_graphql_requests_total{operation="Sdl",type="query",outcome="success"} 1',
    );
    expect(metrics).toContain(
      'chatgraph_graphql_requests_total{operation="Accounts",type="query",outcome="success"} 1',
    );
  });

  it('refuses an unknown mode', async () => {
    const other = await startChatgraph(['--mode', 'mesh']).catch((error: Error) => error);
    expect(other).toBeInstanceOf(Error);
    expect((other as Error).message).toContain('--mode: expected "plain", "subgraph" or "both"');
  });
});
