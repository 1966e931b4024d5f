import { afterAll, beforeAll } from 'vitest';
import {
  type ChatgraphServer,
  onlyFansInboxFans,
  type Partner,
  startChatgraphServer,
} from './chatgraph-server.ts';
import { type ExampleName, type RunningExample, startServerExample } from './example-process.ts';

export interface ServerExample {
  chatgraph: ChatgraphServer;
  /** The example's GraphQL endpoint, as it printed it. */
  url: string;
  /** The OnlyFans fans of chatgraph's inbox, in inbox order (what the example records). */
  fans: Partner[];
}

/**
 * Registers the file's hooks: chatgraph on the sandbox, then the example's one command against
 * it, with CHATGRAPH_TOKEN set. The fields are filled before the first test; counters are reset.
 */
export function useServerExample(
  name: ExampleName,
  env: Record<string, string>,
  announcement: RegExp,
  chatgraphOptions: Parameters<typeof startChatgraphServer>[0] = {},
): ServerExample {
  const fixture = {} as ServerExample;
  let example: RunningExample | undefined;
  beforeAll(async () => {
    fixture.chatgraph = await startChatgraphServer(chatgraphOptions);
    fixture.fans = await onlyFansInboxFans(fixture.chatgraph.harness);
    const started = await startServerExample(
      name,
      { ...env, CHATGRAPH_URL: fixture.chatgraph.served.origin, CHATGRAPH_TOKEN: 'example-token' },
      announcement,
    );
    example = started.example;
    fixture.url = started.url;
    fixture.chatgraph.served.resetRequests();
  }, 120_000);
  afterAll(async () => {
    await example?.stop();
    await fixture.chatgraph?.close();
  });
  return fixture;
}
