import { createGraphQLError } from 'graphql-yoga';

/**
 * Global ids: opaque to clients, self-routing for the gateway. The plain form is
 * `Typename:part:part…`, base64url-encoded; every part is a connected account handle or a
 * platform id, so a part never holds a colon. A Chat id carries the connected account, the chat
 * and the partner, so `node(id)` needs no list scan.
 */

export const NODE_TYPENAMES = ['ConnectedAccount', 'Chat', 'Message', 'Account', 'Media'] as const;
export type NodeTypename = (typeof NODE_TYPENAMES)[number];

/** How many parts each type's id carries, after the typename. */
const PART_COUNTS: Record<NodeTypename, readonly number[]> = {
  // handle
  ConnectedAccount: [1],
  // handle, chatId, partnerId
  Chat: [3],
  // handle, chatId, partnerId, messageId
  Message: [4],
  // handle, platformId
  Account: [2],
  // handle, mediaId (Fansly) | handle, chatId, partnerId, messageId, mediaId (OnlyFans)
  Media: [2, 5],
};

const PART = /^[A-Za-z0-9_.-]{1,128}$/;

export function badUserInput(message: string) {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
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

/** Joins the parts of a type's local id. */
export function localId(...parts: string[]): string {
  return parts.join(':');
}

export interface DecodedGlobalId {
  typename: NodeTypename;
  /** The local id: the parts joined by `:`. */
  id: string;
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
  const [typename, ...parts] = plain.split(':');
  if (!NODE_TYPENAMES.includes(typename as NodeTypename)) throw invalid();
  const counts = PART_COUNTS[typename as NodeTypename];
  if (!counts.includes(parts.length) || !parts.every((part) => PART.test(part))) throw invalid();
  return { typename: typename as NodeTypename, id: parts.join(':'), parts };
}

/** Decodes a global id that must be of one type (e.g. the `id` of `chat(id:)`). */
export function decodeGlobalIdOf(globalId: string, typename: NodeTypename): DecodedGlobalId {
  const decoded = decodeGlobalId(globalId);
  if (decoded.typename !== typename) {
    throw badUserInput(`Expected the id of a ${typename}, got the id of a ${decoded.typename}.`);
  }
  return decoded;
}
