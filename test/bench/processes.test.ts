import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startService } from './processes.ts';

/** The benchmark's processes report the warnings Node printed, as the report lists them. */

describe('a benchmark service', () => {
  it('counts the process warnings Node prints on its stderr, by name', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'chatgraph-bench-service-')), 'warns.mjs');
    writeFileSync(
      script,
      [
        "process.emitWarning('11 abort listeners added', 'MaxListenersExceededWarning');",
        "process.emitWarning('11 abort listeners added', 'MaxListenersExceededWarning');",
        "process.emitWarning('a note', 'ExperimentalWarning');",
        "console.error('(not a warning) Warning: only a line that says so');",
        "console.log('listening on http://127.0.0.1:1');",
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const service = await startService({
      name: 'warns',
      script,
      ready: /listening on (\S+)/,
    });
    try {
      for (let poll = 0; poll < 100 && Object.keys(service.warnings()).length < 2; poll += 1) {
        await sleep(20);
      }
      expect(service.warnings()).toEqual({
        MaxListenersExceededWarning: 2,
        ExperimentalWarning: 1,
      });
    } finally {
      await service.stop();
    }
  });
});
