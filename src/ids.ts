import { codedError } from './errors/coded-errors.ts';

/**
 * Global ids: opaque to clients, self-routing for the gateway. The plain form is
 * `Typename:part:part…`, base64url-encoded; every part is a connected account handle or a
 * platform id. A Chat id carries the connected account, the chat and the partner, so `node(id)`
 * needs no list scan. Vendor handles are opaque, so a part may hold any character: `%` and `:` are
 * escaped (`%25`, `%3A`). Ids of plain parts are unchanged by that, so every id issued before
 * still decodes to the same parts.
 */

export const NODE_TYPENAMES = ['ConnectedAccount', 'Chat', 'Message', 'Account', 'Media'] as const;
export type NodeTypename = (typeof NODE_TYPENAMES)[number];

/** How many parts each type's id carries, after the typename. */
const PART_COUNTS: Record<NodeTypename, readonly number[]> = {
  // externalId
  ConnectedAccount: [1],
  // externalId, chatId, partnerId (+ the partner's username where users are looked up by it)
  Chat: [3, 4],
  // the parts of its Chat's id, then messageId
  Message: [4, 5],
  // externalId, platformId | externalId, platformId, username (where the vendor looks users up by
  // username: see AccountCapabilities.usersBy)
  Account: [2, 3],
  // externalId, mediaId (looked up by id) | externalId, chatId, partnerId, messageId, mediaId
  Media: [2, 5],
};

/** An escaped part: characters other than `%` and `:`, or exactly these two escapes. */
const ESCAPED_PART = /^(?:[^%:]|%25|%3A)+$/;
/** Longest part, unescaped: a handle's prefix and its 128 characters fit. */
const MAX_PART_LENGTH = 160;

export function badUserInput(message: string) {
  return codedError('BAD_USER_INPUT', message);
}

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/**
 * Whether an id part can be a platform id: decimal, at most 20 digits (64 bits). The gateway
 * never issues anything else, so an id with another part names nothing and answers null,
 * without a vendor call.
 */
export function isPlatformId(part: string | undefined): boolean {
  return part !== undefined && /^\d{1,20}$/.test(part);
}

/** Joins the parts of a type's local id, escaped so that each may hold any character. */
export function localId(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/[%:]/g, (char) => (char === '%' ? '%25' : '%3A')))
    .join(':');
}

/**
 * The parts of a local id (see localId), or null when it is not one the gateway could have
 * issued: an empty part, an escape other than `%25`/`%3A`, a part too long.
 */
export function localIdParts(id: string): string[] | null {
  const parts: string[] = [];
  for (const escaped of id.split(':')) {
    if (!ESCAPED_PART.test(escaped)) return null;
    const part = escaped.replace(/%25|%3A/g, (sequence) => (sequence === '%25' ? '%' : ':'));
    if (part.length > MAX_PART_LENGTH) return null;
    parts.push(part);
  }
  return parts;
}

export interface DecodedGlobalId {
  typename: NodeTypename;
  /** The local id: the parts escaped and joined by `:` (read it with localIdParts). */
  id: string;
  /** The parts, unescaped. */
  parts: string[];
}

/** Decodes and checks a global id; anything malformed is a BAD_USER_INPUT error. */
export function decodeGlobalId(globalId: string): DecodedGlobalId {
  const invalid = () =>
    badUserInput(
      `"${globalId.slice(0, 80)}" is not a chatgraph id: pass an id exactly as the API returned it.`,
    );
  if (!/^[A-Za-z0-9_-]{4,1024}$/.test(globalId)) throw invalid();
  const plain = Buffer.from(globalId, 'base64url').toString('utf8');
  if (Buffer.from(plain, 'utf8').toString('base64url') !== globalId) throw invalid();
  const separator = plain.indexOf(':');
  const typename = plain.slice(0, separator);
  if (separator < 0 || !NODE_TYPENAMES.includes(typename as NodeTypename)) throw invalid();
  const id = plain.slice(separator + 1);
  const parts = localIdParts(id);
  if (!parts || !PART_COUNTS[typename as NodeTypename].includes(parts.length)) throw invalid();
  return { typename: typename as NodeTypename, id, parts };
}

/** Decodes a global id that must be of one type (e.g. the `id` of `chat(id:)`). */
export function decodeGlobalIdOf(globalId: string, typename: NodeTypename): DecodedGlobalId {
  const decoded = decodeGlobalId(globalId);
  if (decoded.typename !== typename) {
    throw badUserInput(`Expected the id of a ${typename}, got the id of a ${decoded.typename}.`);
  }
  return decoded;
}
