import type { z } from 'zod';

/** `server.port`, `vendors.onlyfansapi.accounts[0].id`; the whole file is `(root)`. */
export function pathText(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/** Edits (insert, delete, replace, swap two neighbours) between two words, ignoring case. */
function distance(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  const rows = Array.from({ length: a.length + 1 }, (_, index) => [index]);
  for (let column = 1; column <= b.length; column++) rows[0]![column] = column;
  for (let row = 1; row <= a.length; row++) {
    for (let column = 1; column <= b.length; column++) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      let best = Math.min(
        rows[row - 1]![column]! + 1,
        rows[row]![column - 1]! + 1,
        rows[row - 1]![column - 1]! + cost,
      );
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) {
        best = Math.min(best, rows[row - 2]![column - 2]! + 1);
      }
      rows[row]![column] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The known key a typo most likely meant: a case slip, or a third of its letters at most. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const edits = distance(key, candidate);
    if (!best || edits < best.distance) best = { key: candidate, distance: edits };
  }
  const allowed = Math.max(1, Math.floor(key.length / 3));
  return best && best.distance <= allowed ? best.key : undefined;
}

export function unknownKeyProblem(key: string, known: readonly string[], noun: string): string {
  const meant = closestKey(key, known);
  return meant === undefined
    ? `unknown ${noun} (expected ${known.join(', ')})`
    : `unknown ${noun} — did you mean ${meant}?`;
}

/**
 * One line per problem, `path: what is expected`. An unknown-keys issue covers every unknown key
 * of its object, its message one line per key (see closedObject): each becomes its own problem.
 */
export function problemLines(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const messages = issue.message.split('\n');
      issue.keys.forEach((key, index) => {
        lines.push(`${pathText([...issue.path, key])}: ${messages[index] ?? 'unknown key'}`);
      });
    } else {
      lines.push(`${pathText(issue.path)}: ${issue.message}`);
    }
  }
  // An integer out of range and not whole breaks two rules with one message: say it once.
  return [...new Set(lines)];
}
