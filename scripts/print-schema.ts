import { writeFile } from 'node:fs/promises';
import { printPublishedSchema, printSubgraphSdl } from '../src/schema/print.ts';

const outputs: Array<[string, () => string]> = [
  ['../schema/schema.graphql', printPublishedSchema],
  ['../schema/subgraph.graphql', printSubgraphSdl],
];
for (const [path, print] of outputs) {
  const target = new URL(path, import.meta.url);
  await writeFile(target, print());
  console.log(`wrote ${target.pathname}`);
}
