import {
  InboxChatsDocument,
  InboxChatUpdatedDocument,
  InboxMessageAddedDocument,
  type InboxRowFragment,
  MarkChatReadDocument,
  SendMessageDocument,
  ThreadMessagesDocument,
} from '../generated/graphql.js';
import { GatewayError, GraphQLClient } from './graphql-client.js';
import { InboxView, partnerName } from './inbox-view.js';
import { LiveConnection, type LiveState } from './live-connection.js';
import { ReplyForm } from './reply-form.js';
import { ThreadView } from './thread-view.js';

/** Where the gateway token is kept: this tab only, gone when it closes. */
const TOKEN_KEY = 'chatgraph-token';
const LIVE_LABELS: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

const element = <Type extends HTMLElement>(selector: string) =>
  document.querySelector<Type>(selector)!;

const problem = element<HTMLParagraphElement>('#problem');
const liveStatus = element<HTMLParagraphElement>('#live-status');
let heard = 0;

function say(text: string | null): void {
  problem.textContent = text ?? '';
  problem.hidden = text === null;
}

function describe(error: unknown): string {
  if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') {
    return 'chatgraph wants a gateway token: paste one above.';
  }
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  // The server tells where chatgraph is; the page talks to it directly (CORS), nothing proxies.
  const { graphqlUrl } = (await (await fetch('/config.json')).json()) as { graphqlUrl: string };
  const client = new GraphQLClient(graphqlUrl, () => sessionStorage.getItem(TOKEN_KEY) ?? '');

  const inbox = new InboxView(element('#inbox'), (row) => void openChat(row));
  const thread = new ThreadView(element('#thread'), element('#thread-title'), element('#messages'));
  const reply = new ReplyForm(
    element('#reply'),
    async (chatId, text, idempotencyKey) => {
      const { sendMessage } = await client.execute(SendMessageDocument, {
        input: { chatId, text, idempotencyKey },
      });
      if (sendMessage.message && thread.chatId === chatId) thread.add(sendMessage.message);
      return sendMessage.outcome;
    },
    say,
  );

  async function loadInbox(): Promise<void> {
    const { inbox: page } = await client.execute(InboxChatsDocument, { first: 30 });
    inbox.showAll(page.edges.map((edge) => edge.node));
    const missing = page.unavailableAccounts.map((account) => account.externalId);
    say(missing.length ? `Not answering now: ${missing.join(', ')}` : null);
  }

  async function loadThread(chatId: string): Promise<void> {
    const { chat } = await client.execute(ThreadMessagesDocument, { chatId, first: 30 });
    // Another chat may have been opened while this one was read.
    if (thread.chatId === chatId) thread.showRead(chat?.messages?.edges.map((e) => e.node) ?? []);
  }

  async function openChat(row: InboxRowFragment): Promise<void> {
    inbox.select(row.id);
    thread.open(row.id, partnerName(row));
    reply.setChat(row.capabilities.canSendMessage ? row.id : null);
    try {
      await loadThread(row.id);
      // Where the vendor has no read marks, the chat stays unread until the fan's app says so.
      if (row.unreadCount > 0 && row.capabilities.canMarkRead) {
        const { markChatRead } = await client.execute(MarkChatReadDocument, { chatId: row.id });
        inbox.setUnread(row.id, markChatRead.chat.unreadCount);
      }
    } catch (error) {
      say(describe(error));
    }
  }

  const live = new LiveConnection(
    [
      (opened, signal) =>
        client.subscribe(
          InboxMessageAddedDocument,
          {},
          {
            onOpen: opened,
            onData: ({ messageAdded }) => {
              liveStatus.dataset.heard = String(++heard);
              if (messageAdded.chat.id === thread.chatId) thread.add(messageAdded);
            },
          },
          signal,
        ),
      (opened, signal) =>
        client.subscribe(
          InboxChatUpdatedDocument,
          {},
          { onOpen: opened, onData: ({ chatUpdated }) => inbox.update(chatUpdated) },
          signal,
        ),
    ],
    {
      onState: (state) => {
        liveStatus.dataset.state = state;
        liveStatus.textContent = LIVE_LABELS[state];
      },
      // What happened while a stream was closed was not heard: read it again.
      onReopened: () => {
        void loadInbox().catch((error) => say(describe(error)));
        if (thread.chatId) void loadThread(thread.chatId).catch(() => {});
      },
      onError: (error) => {
        liveStatus.title = describe(error);
      },
    },
  );

  element<HTMLFormElement>('#token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('token');
    sessionStorage.setItem(TOKEN_KEY, (input as HTMLInputElement).value.trim());
    location.reload();
  });

  reply.setChat(null);
  // The streams open beside the first read; whatever they tell from then on replaces it.
  live.start();
  await loadInbox();
}

main().catch((error) => say(describe(error)));
