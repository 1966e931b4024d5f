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
