import type { RequestListener } from 'node:http';
import { expect } from 'vitest';
import { listen, type Served } from '../composition/servers.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

export interface ChatgraphServer {
  harness: GatewayHarness;
  /** chatgraph's HTTP server: `origin` is what an example's CHATGRAPH_URL names. */
  served: Served;
  close(): Promise<void>;
}

/** chatgraph on the sandbox, on a free port, serving `/graphql` and `/subgraph` (mode both). */
export async function startChatgraphServer(
  options: { introspection?: boolean } = {},
): Promise<ChatgraphServer> {
  const harness = await startGatewayHarness({ chatgraph: { mode: 'both', ...options } });
  const served = await listen(harness.yoga as unknown as RequestListener);
  return {
    harness,
    served,
    close: async () => {
      await served.close();
      await harness.close();
    },
  };
}

export interface Partner {
  id: string;
  username: string | null;
}

/**
 * The partners of chatgraph's newest 50 inbox chats that are on OnlyFans, in inbox order: the
 * fans the examples' stand-in databases record (they leave Fansly's out, see the README).
 */
export async function onlyFansInboxFans(harness: GatewayHarness): Promise<Partner[]> {
  const inbox = await harness.query<{
    inbox: { edges: Array<{ node: { platform: string; partner: Partner } }> };
  }>('{ inbox(first: 50) { edges { node { platform partner { id username } } } } }');
  return inbox
    .data!.inbox.edges.filter(({ node }) => node.platform === 'ONLYFANS')
    .map(({ node }) => node.partner);
}

/** What every example must do with CHATGRAPH_TOKEN: send it to chatgraph, as a bearer token. */
export function expectTokenSent(chatgraph: ChatgraphServer): void {
  const sent = chatgraph.served.authorizations();
  expect(sent.length).toBeGreaterThan(0);
  expect(new Set(sent)).toEqual(new Set(['Bearer example-token']));
}
