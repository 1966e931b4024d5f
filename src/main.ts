import { runCommandLine } from './app/cli.ts';

// `npm start`: the command line (src/app/cli.ts) reads the flags and the config, then serves
// (src/app/start.ts) until a signal stops it (src/app/lifecycle.ts).
await runCommandLine(process.argv.slice(2), process.env);
