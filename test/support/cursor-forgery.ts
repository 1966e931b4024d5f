import { type Cursor, Cursors } from '../../src/cursors.ts';

/**
 * What a test needs to forge cursors the way only the deployment itself could: a known
 * `cursorSecret` to start the gateway with, the JSON inside a cursor, and a signature for any
 * payload, so a forged field reaches the range checks behind the signature.
 */

export const TEST_CURSOR_SECRET = 'chatgraph-test-cursor-secret-0123456789';

const cursors = new Cursors(TEST_CURSOR_SECRET);

/** The JSON inside a signed cursor (src/cursors.ts): the base64url bytes before the 16-byte tag. */
export function cursorPayload(cursor: string): Record<string, unknown> {
  const bytes = Buffer.from(cursor, 'base64url');
  return JSON.parse(bytes.subarray(0, bytes.length - 16).toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** Any JSON, signed with TEST_CURSOR_SECRET as the gateway signs its cursors. */
export function signCursor(payload: unknown): string {
  return cursors.encode(payload as Cursor);
}

/**
 * Opens a connection cursor the way a client trying to forge one would: base64url, holding a JSON
 * object, followed by whatever bytes the gateway appends (a signature, when cursors are signed;
 * nothing when they are not). Shared by the fuzz suite and the soak's attack mode, so both keep
 * working whether or not cursors carry a signature.
 */

export interface OpenedCursor {
  /** The decoded JSON. */
  value: unknown;
  /** Encodes `value` in place of the original JSON, keeping the bytes that followed it. */
  reseal(value: unknown): string;
}

const CLOSING_BRACE = 0x7d;

/** The cursor's JSON and what follows it, or null when no prefix of it is a JSON object. */
export function openCursor(cursor: string): OpenedCursor | null {
  const bytes = Buffer.from(cursor, 'base64url');
  // The JSON ends at a closing brace; bytes after it (a signature) may hold braces too, so the
  // last brace whose prefix parses is the end.
  for (let end = bytes.lastIndexOf(CLOSING_BRACE); end >= 0; ) {
    try {
      const value = JSON.parse(bytes.subarray(0, end + 1).toString('utf8')) as unknown;
      const suffix = bytes.subarray(end + 1);
      return {
        value,
        reseal: (edited) =>
          Buffer.concat([Buffer.from(JSON.stringify(edited), 'utf8'), suffix]).toString(
            'base64url',
          ),
      };
    } catch {
      end = end === 0 ? -1 : bytes.lastIndexOf(CLOSING_BRACE, end - 1);
    }
  }
  return null;
}

/**
 * The cursor with its JSON object changed by `edit` and resealed; a cursor that does not open
 * comes back with its first character changed.
 */
export function forgeCursor(
  cursor: string,
  edit: (value: Record<string, unknown>) => unknown,
): string {
  const opened = openCursor(cursor);
  if (opened === null || opened.value === null || typeof opened.value !== 'object') {
    return (cursor.startsWith('A') ? 'B' : 'A') + cursor.slice(1);
  }
  return opened.reseal(edit(opened.value as Record<string, unknown>));
}
