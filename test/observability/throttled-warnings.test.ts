import { describe, expect, it } from 'vitest';
import { ThrottledWarnings } from '../../src/observability/throttled-warnings.ts';

describe('ThrottledWarnings', () => {
  it('logs one line per kind per interval, the next telling how many were held back', () => {
    let now = 0;
    const lines: string[] = [];
    const warnings = new ThrottledWarnings(
      1000,
      (line) => lines.push(line),
      () => now,
    );
    warnings.warn('down', 'Redis down');
    warnings.warn('down', 'Redis down');
    warnings.warn('other', 'something else');
    now = 999;
    warnings.warn('down', 'Redis down');
    now = 1000;
    warnings.warn('down', 'Redis down');
    now = 5000;
    warnings.warn('down', 'Redis down');
    expect(lines).toEqual([
      'Redis down',
      'something else',
      'Redis down (and 2 more like it since the last such line)',
      'Redis down',
    ]);
  });
});
