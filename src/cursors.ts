import { badUserInput } from './ids.ts';

/**
 * Connection cursors: base64url JSON, opaque to clients. Each carries its kind and a signature of
 * the arguments that shaped the list, so a cursor is never silently applied to another list.
 */

export interface ChatListCursor {
  kind: 'chats';
  /** Signature of (account, order, unreadOnly, search). */
  list: string;
  /** The vendor offset of the entry after this one. */
  offset: number;
}

export interface MessageListCursor {
  kind: 'messages';
  /** Signature of the chat. */
  list: string;
  /** Platform id of this message: the next page holds older ones. */
  before: string;
}

export interface InboxCursor {
  kind: 'inbox';
  /** Signature of (accounts, unreadOnly, search). */
  list: string;
  /**
   * Per included account, in the order the signature lists them: the vendor offset of its next
   * unread-by-this-inbox chat, or null once its list is exhausted.
   */
  offsets: Array<number | null>;
  /** Per included account: epoch ms of its next chat's activity when known, else null. */
  heads: Array<number | null>;
}

export type Cursor = ChatListCursor | MessageListCursor | InboxCursor;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** A short, stable signature of the arguments that define a list. */
export function listSignature(
  ...parts: Array<string | number | boolean | null | undefined>
): string {
  let hash = 0x811c9dc5;
  const text = JSON.stringify(parts);
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

export function decodeCursor<K extends Cursor['kind']>(
  value: string,
  kind: K,
  list: string,
): Extract<Cursor, { kind: K }> {
  const invalid = (why: string) =>
    badUserInput(
      `"after" is not a valid cursor for this list (${why}): pass an endCursor or edge cursor from the same field with the same arguments.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid('malformed');
  }
  if (parsed === null || typeof parsed !== 'object') throw invalid('malformed');
  const cursor = parsed as Record<string, unknown>;
  if (cursor.kind !== kind) throw invalid('it belongs to another kind of list');
  if (cursor.list !== list) throw invalid('it belongs to another list or other arguments');
  const isOffset = (value: unknown) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (kind === 'inbox') {
    const isList = (value: unknown) =>
      Array.isArray(value) && value.every((item) => item === null || isOffset(item));
    if (!isList(cursor.offsets) || !isList(cursor.heads)) {
      throw invalid('malformed');
    }
  } else if (kind === 'chats') {
    if (
      typeof cursor.offset !== 'number' ||
      !Number.isSafeInteger(cursor.offset) ||
      cursor.offset < 0
    ) {
      throw invalid('malformed');
    }
  } else if (typeof cursor.before !== 'string' || !/^\d{1,20}$/.test(cursor.before)) {
    throw invalid('malformed');
  }
  return cursor as unknown as Extract<Cursor, { kind: K }>;
}

/** Checks a connection's `first` argument. */
export function checkFirst(first: number | null | undefined, fallback: number): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw badUserInput(`"first" must be an integer from 1 to 100, got ${value}.`);
  }
  return value;
}
