import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { badUserInput, isPlatformId } from './ids.ts';

/**
 * Connection cursors: opaque to clients. Each carries its kind and a signature of the arguments
 * that shaped the list, so a cursor is never silently applied to another list, and is signed with
 * the deployment's secret (HMAC-SHA256, truncated to 16 bytes, appended to the JSON payload, the
 * whole base64url), so a client can neither forge one nor change a field of one.
 */

/** Vendor offsets beyond this are no list's: a cursor holding one is forged. */
const MAX_OFFSET = 10_000_000;
/** Latest time a Date can hold, in epoch ms. */
const MAX_EPOCH_MS = 8.64e15;
const TAG_BYTES = 16;
/** A cursor of an inbox over hundreds of accounts fits with room to spare. */
const MAX_CURSOR_LENGTH = 65_536;

const offset = z.int().min(0).max(MAX_OFFSET);

const cursorSchemas = {
  chats: z.strictObject({
    kind: z.literal('chats'),
    /** Signature of (account, order, unreadOnly, search). */
    list: z.string(),
    /** The vendor offset of the entry after this one. */
    offset,
  }),
  messages: z.strictObject({
    kind: z.literal('messages'),
    /** Signature of the chat. */
    list: z.string(),
    /** Platform id of this message: the next page holds older ones. */
    before: z.string().refine(isPlatformId),
  }),
  inbox: z.strictObject({
    kind: z.literal('inbox'),
    /** Signature of (accounts, unreadOnly, search). */
    list: z.string(),
    /**
     * Per included account, in the order the signature lists them: the vendor offset of its next
     * unread-by-this-inbox chat, or null once its list is exhausted.
     */
    offsets: z.array(offset.nullable()),
    /**
     * Per included account: epoch ms of its next chat's activity when known, else null (always
     * null once its list is exhausted); 0 stands for "after everything".
     */
    heads: z.array(z.int().min(0).max(MAX_EPOCH_MS).nullable()),
  }),
};

export type ChatListCursor = z.infer<typeof cursorSchemas.chats>;
export type MessageListCursor = z.infer<typeof cursorSchemas.messages>;
export type InboxCursor = z.infer<typeof cursorSchemas.inbox>;
export type Cursor = ChatListCursor | MessageListCursor | InboxCursor;

/** A fresh random secret, for a deployment that configures none (`server.cursorSecret`). */
export function randomCursorSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Encodes and checks the cursors of one deployment, signed with its secret. */
export class Cursors {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  #tag(payload: Buffer): Buffer {
    return createHmac('sha256', this.#secret).update(payload).digest().subarray(0, TAG_BYTES);
  }

  encode(cursor: Cursor): string {
    const payload = Buffer.from(JSON.stringify(cursor), 'utf8');
    return Buffer.concat([payload, this.#tag(payload)]).toString('base64url');
  }

  /**
   * Checks a client's cursor: signed here, of this kind of list, of this very list, every field
   * in range; `lanes` is an inbox's number of accounts. Anything else is BAD_USER_INPUT.
   */
  decode<K extends Cursor['kind']>(
    value: string,
    kind: K,
    list: string,
    options: { lanes?: number } = {},
  ): Extract<Cursor, { kind: K }> {
    const invalid = (why: string) =>
      badUserInput(
        `"after" is not a valid cursor for this list (${why}): pass an endCursor or edge cursor from the same field with the same arguments.`,
      );
    if (value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) {
      throw invalid('malformed');
    }
    const bytes = Buffer.from(value, 'base64url');
    if (bytes.length <= TAG_BYTES || bytes.toString('base64url') !== value) {
      throw invalid('malformed');
    }
    const payload = bytes.subarray(0, bytes.length - TAG_BYTES);
    if (!timingSafeEqual(this.#tag(payload), bytes.subarray(bytes.length - TAG_BYTES))) {
      throw invalid('it was not issued by this deployment, or was altered');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      throw invalid('malformed');
    }
    const cursor = parsed as Record<string, unknown> | null;
    if (cursor?.kind !== kind) throw invalid('it belongs to another kind of list');
    if (cursor.list !== list) throw invalid('it belongs to another list or other arguments');
    const checked = cursorSchemas[kind].safeParse(cursor);
    if (!checked.success) throw invalid('malformed');
    if (checked.data.kind === 'inbox') {
      const { offsets, heads } = checked.data;
      const lanes = options.lanes ?? offsets.length;
      if (
        offsets.length !== lanes ||
        heads.length !== lanes ||
        offsets.some((lane, index) => lane === null && heads[index] !== null)
      ) {
        throw invalid('malformed');
      }
    }
    return checked.data as Extract<Cursor, { kind: K }>;
  }
}

/** One entry of a connection page: its node, and the cursor that resumes the list after it. */
export interface Edge<Node> {
  readonly cursor: string;
  readonly node: Node;
}

/**
 * An edge whose cursor is signed when first read, not when the page is built: most queries select
 * no cursor, and an HMAC for every edge of every page was a measurable share of a request's CPU.
 * The cursor's fields are fixed when the edge is made, so signing later signs the same cursor.
 */
export class LazyCursorEdge<Node> implements Edge<Node> {
  readonly node: Node;
  readonly #cursors: Cursors;
  readonly #cursor: Cursor;
  #encoded: string | undefined;

  constructor(cursors: Cursors, cursor: Cursor, node: Node) {
    this.#cursors = cursors;
    this.#cursor = cursor;
    this.node = node;
  }

  get cursor(): string {
    this.#encoded ??= this.#cursors.encode(this.#cursor);
    return this.#encoded;
  }
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

/** Checks a connection's `first` argument. */
export function checkFirst(first: number | null | undefined, fallback: number): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw badUserInput(`"first" must be an integer from 1 to 100, got ${value}.`);
  }
  return value;
}
