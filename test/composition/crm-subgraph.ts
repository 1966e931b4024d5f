import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { listen, type Served } from './servers.ts';

/** What a CRM knows of a fan, keyed by chatgraph's Account id. */
export interface CrmRecord {
  notes: Array<{ text: string; author: string }>;
  lifetimeSpend: number;
}

/** A CRM's own subgraph: it extends chatgraph's Account with what the agency records. */
export const CRM_SDL = /* GraphQL */ `
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

export interface CrmSubgraph extends Served {
  /** Account representations `_entities` received since the last reset. */
  representations(): number;
}

/** Serves the CRM subgraph over HTTP, from records keyed by Account id. */
export async function serveCrmSubgraph(records: Map<string, CrmRecord>): Promise<CrmSubgraph> {
  let representations = 0;
  const recordOf = (id: string): CrmRecord => records.get(id) ?? { notes: [], lifetimeSpend: 0 };
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(CRM_SDL),
      resolvers: {
        Query: {
          topSpenders: (_root: unknown, args: { first: number }) =>
            [...records]
              .sort(([, left], [, right]) => right.lifetimeSpend - left.lifetimeSpend)
              .slice(0, args.first)
              .map(([id]) => ({ id })),
        },
        Account: {
          __resolveReference: (reference: { id: string }) => {
            representations += 1;
            return { id: reference.id };
          },
          notes: (account: { id: string }) => recordOf(account.id).notes,
          lifetimeSpend: (account: { id: string }) => recordOf(account.id).lifetimeSpend,
        },
      },
    },
  ]);
  const served = await listen(
    createYoga({ schema, landingPage: false, graphiql: false, logging: false }),
  );
  return {
    ...served,
    representations: () => representations,
    resetRequests: () => {
      served.resetRequests();
      representations = 0;
    },
  };
}
