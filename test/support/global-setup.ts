import { buildDist } from './start-command.ts';

/** Once per test run: the processes tests start run the bundle built from the sources under test. */
export default function setup(): void {
  buildDist();
}
