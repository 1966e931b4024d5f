import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { encodeGlobalId } from '../../src/ids.ts';
import type { GatewayHarness } from '../support/gateway-harness.ts';
import { graphqlRequest } from '../support/graphql-request.ts';

export interface Served {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** HTTP requests received since the last reset. */
  requests(): number;
  /** The `authorization` header of every request since the last reset. */
  authorizations(): Array<string | undefined>;
  resetRequests(): void;
  close(): Promise<void>;
}

/** Serves a handler on a free port of 127.0.0.1, counting the HTTP requests it receives. */
export async function listen(handler: RequestListener): Promise<Served> {
  let requests = 0;
  let authorizations: Array<string | undefined> = [];
  const server = createServer((request, response) => {
    requests += 1;
    authorizations.push(request.headers.authorization);
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => requests,
    authorizations: () => authorizations,
    resetRequests: () => {
      requests = 0;
      authorizations = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends one operation to a GraphQL endpoint over HTTP and returns the JSON body. */
export async function post<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}> {
  const response = await fetch(url, graphqlRequest(query, variables));
  return response.json();
}

/**
 * Composes subgraphs into a supergraph with Apollo's composition library; a composition error
 * fails with the library's own messages.
 */
export function composeSupergraph(
  subgraphs: Array<{ name: string; url: string; sdl: string }>,
): string {
  const result = composeServices(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) {
    throw new Error(
      `composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}

/** Vendor calls per sandbox route since the last reset, only the routes that were called. */
export function vendorCalls(harness: GatewayHarness): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [route, stats] of Object.entries(harness.sandbox.stats().routes)) {
    if (stats.calls > 0) calls[route] = stats.calls;
  }
  return calls;
}

/** A fan as chatgraph names them. */
export interface Partner {
  id: string;
  username: string | null;
}

/** The partners of the first twelve chats of the sandbox's first OFAuth connection. */
export async function ofAuthPartners(harness: GatewayHarness): Promise<Partner[]> {
  const connection = harness.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
  const chats = await harness.query<{
    connectedAccount: { chats: { edges: Array<{ node: { partner: Partner } }> } };
  }>(
    `query ($id: ID!) { connectedAccount(id: $id) { chats(first: 12) { edges { node { partner { id username } } } } } }`,
    { id: encodeGlobalId('ConnectedAccount', connection.handle) },
  );
  return chats.data!.connectedAccount.chats.edges.map(({ node }) => node.partner);
}
