// An agency's own graph, to stitch with chatgraph: staff, their shifts, and which staff member
// looks after each fan. It knows Accounts only by chatgraph's id.
import { makeExecutableSchema } from '@graphql-tools/schema';

/** @typedef {{ id: string, name: string, shift: string, fanIds: string[] }} StaffMember */

export const agencyTypeDefs = /* GraphQL */ `
  type Staff {
    id: ID!
    name: String!
    shift: String!
    fans: [Account!]!
  }

  type Account {
    id: ID!
    assignedTo: Staff
  }

  type Query {
    staff: [Staff!]!
    "Accounts by chatgraph id, in the order asked: what stitching merges Account through."
    agencyAccounts(ids: [ID!]!): [Account]!
  }
`;

/**
 * @param {StaffMember[]} staff
 * @param {{ onLookup?: (ids: string[]) => void }} [hooks] onLookup: each `agencyAccounts` call
 */
export function createAgencySchema(staff, hooks = {}) {
  return makeExecutableSchema({
    typeDefs: agencyTypeDefs,
    resolvers: {
      Query: {
        staff: () => staff,
        /** @param {unknown} _root @param {{ ids: string[] }} args */
        agencyAccounts: (_root, args) => {
          hooks.onLookup?.(args.ids);
          return args.ids.map((id) => ({ id }));
        },
      },
      Staff: {
        /** @param {StaffMember} member */
        fans: (member) => member.fanIds.map((id) => ({ id })),
      },
      Account: {
        /** @param {{ id: string }} account */
        assignedTo: (account) => staff.find((member) => member.fanIds.includes(account.id)) ?? null,
      },
    },
  });
}
