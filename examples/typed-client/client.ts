// A typed chatgraph client with nothing but `fetch`: the documents and the types of their answers
// are generated from chatgraph's schema/operations into ./generated (see chatgraph's codegen.yml).
import {
  ChatThreadDocument,
  type TypedDocumentString,
  UnifiedInboxDocument,
} from './generated/graphql.js';

const endpoint = `${process.env.CHATGRAPH_URL ?? 'http://127.0.0.1:4000'}/graphql`;
// A chatgraph gateway token (auth.tokens); unset when chatgraph runs without tokens.
const token = process.env.CHATGRAPH_TOKEN;

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

/** Sends one generated operation; the answer is typed by the operation itself. */
async function execute<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const { data, errors } = (await response.json()) as { data?: Result; errors?: GraphQLError[] };
  if (errors?.length || !data) {
    const reasons = errors?.map((error) => `${error.extensions?.code}: ${error.message}`);
    throw new Error(`${endpoint} answered HTTP ${response.status}: ${reasons?.join('; ')}`);
  }
  return data;
}

const { inbox } = await execute(UnifiedInboxDocument, { first: 5 });
const exact = inbox.unreadTotalIsExact ? '' : ' or more';
console.log(`Unified inbox: ${inbox.unreadTotal}${exact} unread messages`);
for (const { node } of inbox.edges) {
  const who = `${node.platform} @${node.partner.username}`;
  console.log(`${who}, ${node.unreadCount} unread: ${node.lastMessage?.text ?? ''}`);
}

const newest = inbox.edges[0]?.node;
if (newest) {
  const { chat } = await execute(ChatThreadDocument, { chatId: newest.id, first: 3 });
  console.log(`Newest messages with @${newest.partner.username}:`);
  for (const { node } of chat?.messages?.edges ?? []) {
    console.log(`  ${node.isFromCreator ? 'creator' : 'fan'}: ${node.text}`);
  }
}
