import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatThreadDocument,
  type ChatThreadQuery,
  UnifiedInboxDocument,
  type UnifiedInboxQuery,
} from '../../src/generated/graphql.ts';
import { type ChatgraphServer, startChatgraphServer } from './chatgraph-server.ts';
import { startExample } from './example-process.ts';

let chatgraph: ChatgraphServer;
let run: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  chatgraph = await startChatgraphServer();
  const example = await startExample('typed-client', {
    CHATGRAPH_URL: chatgraph.served.origin,
    CHATGRAPH_TOKEN: 'example-token',
  });
  run = await example.finished();
  await example.stop();
}, 120_000);

afterAll(() => chatgraph?.close());

describe('examples/typed-client: `npm start` compiles and runs the typed fetch client', () => {
  it('exits 0 and prints the unified inbox and the newest thread, as chatgraph answers them', async () => {
    expect(run.code, run.stderr).toBe(0);
    const { data } = await chatgraph.harness.query<UnifiedInboxQuery>(print(UnifiedInboxDocument), {
      first: 5,
    });
    const { inbox } = data!;
    const newest = inbox.edges[0]!.node;
    const thread = await chatgraph.harness.query<ChatThreadQuery>(print(ChatThreadDocument), {
      chatId: newest.id,
      first: 3,
    });
    const expected = [
      `Unified inbox: ${inbox.unreadTotal}${inbox.unreadTotalIsExact ? '' : ' or more'} unread messages`,
      ...inbox.edges.map(
        ({ node }) =>
          `${node.platform} @${node.partner.username}, ${node.unreadCount} unread: ${node.lastMessage?.text ?? ''}`,
      ),
      `Newest messages with @${newest.partner.username}:`,
      ...thread.data!.chat!.messages!.edges.map(
        ({ node }) => `  ${node.isFromCreator ? 'creator' : 'fan'}: ${node.text}`,
      ),
    ];
    expect(run.stdout.trimEnd().split('\n').slice(-expected.length)).toEqual(expected);
    expect(inbox.edges).toHaveLength(5);
  });

  it('sends chatgraph the CHATGRAPH_TOKEN', () => {
    const sent = chatgraph.served.authorizations();
    expect(sent).toHaveLength(2);
    expect(new Set(sent)).toEqual(new Set(['Bearer example-token']));
  });
});
