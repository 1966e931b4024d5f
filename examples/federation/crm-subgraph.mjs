// A CRM's own subgraph: it extends chatgraph's Account (keyed by chatgraph's id) with what the
// agency records of each fan, and serves it over HTTP like any federation subgraph.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/** @typedef {{ notes: Array<{ text: string, author: string }>, lifetimeSpend: number }} CrmRecord */

export const crmTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Account @key(fields: "id") {
    id: ID!
    notes: [Note!]!
    "US dollars."
    lifetimeSpend: Float!
  }

  type Note {
    text: String!
    author: String!
  }

  type Query {
    "The fans who spent the most, highest first."
    topSpenders(first: Int! = 10): [Account!]!
  }
`;

/**
 * The CRM subgraph's HTTP handler (a Node request listener), over records keyed by Account id.
 * @param {Map<string, CrmRecord>} records
 * @param {{ onReference?: (id: string) => void }} [hooks] onReference: each Account `_entities` loads
 */
export function createCrmSubgraph(records, hooks = {}) {
  /** @param {string} id */
  const recordOf = (id) => records.get(id) ?? { notes: [], lifetimeSpend: 0 };
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(crmTypeDefs),
      resolvers: {
        Query: {
          /** @param {unknown} _root @param {{ first: number }} args */
          topSpenders: (_root, args) =>
            [...records]
              .sort(([, left], [, right]) => right.lifetimeSpend - left.lifetimeSpend)
              .slice(0, args.first)
              .map(([id]) => ({ id })),
        },
        Account: {
          /** @param {{ id: string }} reference */
          __resolveReference: (reference) => {
            hooks.onReference?.(reference.id);
            return { id: reference.id };
          },
          /** @param {{ id: string }} account */
          notes: (account) => recordOf(account.id).notes,
          /** @param {{ id: string }} account */
          lifetimeSpend: (account) => recordOf(account.id).lifetimeSpend,
        },
      },
    },
  ]);
  return createYoga({ schema, landingPage: false, graphiql: false, logging: false });
}
