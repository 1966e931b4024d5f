// The federated graph: a CRM subgraph composed with a running chatgraph's subgraph, served by Hive
// Gateway. chatgraph must serve /subgraph: start it with `npm start -- --mode both`.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { createCrmSubgraph, crmTypeDefs } from './crm-subgraph.mjs';

const chatgraphUrl = `${process.env.CHATGRAPH_URL ?? 'http://127.0.0.1:4000'}/subgraph`;
// A chatgraph gateway token (auth.tokens), sent to chatgraph only; unset when it runs without.
const token = process.env.CHATGRAPH_TOKEN;
/** @type {Record<string, string>} */
const chatgraphHeaders = token ? { authorization: `Bearer ${token}` } : {};

/** @param {string} query */
async function askChatgraph(query) {
  const response = await fetch(chatgraphUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...chatgraphHeaders },
    body: JSON.stringify({ query }),
  });
  const { data, errors } = await response.json();
  if (!data) throw new Error(`${chatgraphUrl} answered ${JSON.stringify(errors)}`);
  return data;
}

/** @param {import('node:http').RequestListener} handler @param {number} port */
async function serve(handler, port) {
  const server = createServer(handler).listen(port, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
}

// Stands in for the CRM's database: a note and a spend for fans of chatgraph's inbox, on OnlyFans
// (to keep the example to one platform).
const { inbox } = await askChatgraph(
  '{ inbox(first: 50) { edges { node { platform partner { id } } } } }',
);
/** @type {Map<string, import('./crm-subgraph.mjs').CrmRecord>} */
const records = new Map();
inbox.edges
  .filter((/** @type {any} */ { node }) => node.platform === 'ONLYFANS')
  .forEach((/** @type {any} */ { node }, /** @type {number} */ index) => {
    const notes = [{ text: `Note ${index + 1}: prefers evening messages`, author: 'mia' }];
    records.set(node.partner.id, { notes, lifetimeSpend: 10 * (index + 1) });
  });
const crmUrl = `${await serve(createCrmSubgraph(records), Number(process.env.CRM_PORT ?? 4001))}/graphql`;

const { _service } = await askChatgraph('{ _service { sdl } }');
const composed = composeServices([
  { name: 'chatgraph', url: chatgraphUrl, typeDefs: parse(_service.sdl) },
  { name: 'crm', url: crmUrl, typeDefs: parse(crmTypeDefs) },
]);
if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));

const gateway = createGatewayRuntime({
  supergraph: composed.supergraphSdl,
  propagateHeaders: {
    fromClientToSubgraphs: ({ subgraphName }) =>
      subgraphName === 'chatgraph' ? chatgraphHeaders : {},
  },
});
const gatewayUrl = await serve(gateway, Number(process.env.PORT ?? 4100));
// Hive Gateway disposes itself on Ctrl-C and SIGTERM, but leaves the process running: end it.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0));
console.log(`CRM subgraph on ${crmUrl}`);
console.log(`Federated gateway on ${gatewayUrl}/graphql, try:`);
console.log(
  '{ inbox(first: 10) { edges { node { partner { username lifetimeSpend notes { text } } } } } }',
);
