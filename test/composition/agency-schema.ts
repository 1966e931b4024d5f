import type { GraphQLSchema } from 'graphql';
import {
  createAgencySchema as createExampleSchema,
  type StaffMember,
} from '../../examples/stitching/agency-schema.mjs';

export type { StaffMember };

export interface AgencySchema {
  schema: GraphQLSchema;
  /** Calls of `agencyAccounts` and the ids they asked for, since the last reset. */
  lookups: string[][];
}

/** The stitching example's agency graph, recording the lookups stitching sends it. */
export function createAgencySchema(staff: StaffMember[]): AgencySchema {
  const lookups: string[][] = [];
  const schema = createExampleSchema(staff, { onLookup: (ids) => lookups.push(ids) });
  return { schema, lookups };
}
