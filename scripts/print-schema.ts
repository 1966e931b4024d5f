import { writeFile } from 'node:fs/promises';
import { printPublishedSchema } from '../src/schema/print.ts';

const target = new URL('../schema/schema.graphql', import.meta.url);
await writeFile(target, printPublishedSchema());
console.log(`wrote ${target.pathname}`);
