import { makeExecutableSchema } from '@graphql-tools/schema';

/** A staff member of the agency, with the fans (chatgraph Account ids) they look after. */
export interface StaffMember {
  id: string;
  name: string;
  shift: string;
  fanIds: string[];
}

/**
 * An agency's own graph, to stitch with chatgraph: staff, their shifts, and which staff member
 * looks after each fan. It knows Accounts only by chatgraph's id.
 */
export const AGENCY_SDL = /* GraphQL */ `
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

export interface AgencySchema {
  schema: ReturnType<typeof makeExecutableSchema>;
  /** Calls of `agencyAccounts` and the ids they asked for, since the last reset. */
  lookups: string[][];
}

export function createAgencySchema(staff: StaffMember[]): AgencySchema {
  const lookups: string[][] = [];
  const staffOf = (accountId: string) =>
    staff.find((member) => member.fanIds.includes(accountId)) ?? null;
  const schema = makeExecutableSchema({
    typeDefs: AGENCY_SDL,
    resolvers: {
      Query: {
        staff: () => staff,
        agencyAccounts: (_root: unknown, args: { ids: string[] }) => {
          lookups.push(args.ids);
          return args.ids.map((id) => ({ id }));
        },
      },
      Staff: {
        fans: (member: StaffMember) => member.fanIds.map((id) => ({ id })),
      },
      Account: {
        assignedTo: (account: { id: string }) => staffOf(account.id),
      },
    },
  });
  return { schema, lookups };
}
