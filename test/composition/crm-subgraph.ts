import { type CrmRecord, createCrmSubgraph } from '../../examples/federation/crm-subgraph.mjs';
import { listen, type Served } from './servers.ts';

export { crmTypeDefs as CRM_SDL } from '../../examples/federation/crm-subgraph.mjs';
export type { CrmRecord };

export interface CrmSubgraph extends Served {
  /** Account representations `_entities` received since the last reset. */
  representations(): number;
}

/** Serves the federation example's CRM subgraph, counting the Accounts `_entities` loads. */
export async function serveCrmSubgraph(records: Map<string, CrmRecord>): Promise<CrmSubgraph> {
  let representations = 0;
  const served = await listen(
    createCrmSubgraph(records, {
      onReference: () => {
        representations += 1;
      },
    }),
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
