// The stitched graph: chatgraph (over HTTP) and the agency's graph, served by GraphQL Yoga.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { schemaFromExecutor } from '@graphql-tools/wrap';
import { buildSchema, parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { createAgencySchema } from './agency-schema.mjs';
import { stitchWithChatgraph } from './stitched-schema.mjs';

const endpoint = `${process.env.CHATGRAPH_URL ?? 'http://127.0.0.1:4000'}/graphql`;
// A chatgraph gateway token (auth.tokens); unset when chatgraph runs without tokens.
const token = process.env.CHATGRAPH_TOKEN;
const executor = buildHTTPExecutor({
  endpoint,
  headers: token ? { authorization: `Bearer ${token}` } : {},
});
// chatgraph's published schema: by introspection (on unless NODE_ENV=production), or from a
// copy of its schema/schema.graphql named by CHATGRAPH_SCHEMA.
const schemaFile = process.env.CHATGRAPH_SCHEMA;
const chatgraphSchema = schemaFile
  ? buildSchema(await readFile(schemaFile, 'utf8'))
  : await schemaFromExecutor(executor);

// Stands in for the agency's database: three staff members share twelve fans of the inbox, on
// OnlyFans (to keep the example to one platform).
const inbox = /** @type {import('graphql').ExecutionResult<any>} */ (
  await executor({
    document: parse('{ inbox(first: 50) { edges { node { platform partner { id } } } } }'),
  })
);
if (!inbox.data) throw new Error(`${endpoint} answered ${JSON.stringify(inbox.errors)}`);
/** @type {string[]} */
const fanIds = inbox.data.inbox.edges
  .filter((/** @type {any} */ { node }) => node.platform === 'ONLYFANS')
  .map((/** @type {any} */ { node }) => node.partner.id)
  .slice(0, 12);
const staff = ['Mia', 'Noah', 'Sofia'].map((name, index) => ({
  id: `staff-${index + 1}`,
  name,
  shift: ['06:00–14:00 UTC', '14:00–22:00 UTC', '22:00–06:00 UTC'][index] ?? '',
  fanIds: fanIds.slice(index * 4, index * 4 + 4),
}));

const schema = stitchWithChatgraph({
  chatgraph: { schema: chatgraphSchema, executor },
  agency: createAgencySchema(staff),
});
const server = createServer(createYoga({ schema })).listen(
  Number(process.env.PORT ?? 4200),
  '127.0.0.1',
);
server.once('listening', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`Stitched gateway on http://127.0.0.1:${port}/graphql, try:`);
  console.log('{ staff { name shift fans { username } } }');
});
