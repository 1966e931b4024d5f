import {
  invalidResponse,
  isJsonObject,
  type JsonContext,
  type JsonObject,
} from '../onlyfans-shared/onlyfans-json.ts';

export interface OfAuthListPage {
  items: unknown[];
  hasMore: boolean;
}

/** `{list: [...], hasMore}`, the shape of OFAuth's lists (also accepted wrapped in `data`). */
export function readOfAuthList(body: unknown, context: JsonContext): OfAuthListPage {
  const envelope: JsonObject | null = isJsonObject(body)
    ? isJsonObject(body.data) && !('list' in body)
      ? body.data
      : body
    : null;
  if (envelope === null || !Array.isArray(envelope.list)) {
    throw invalidResponse(context, 'the body is not {list: [...], hasMore}');
  }
  return { items: envelope.list, hasMore: envelope.hasMore === true };
}

/**
 * The profiles of a `users/list` answer: `{users: [...]}`, or a bare array. An entry that is not an
 * object (an id the vendor does not know) is left out.
 */
export function readOfAuthUsers(body: unknown, context: JsonContext): JsonObject[] {
  if (Array.isArray(body)) return body.filter(isJsonObject);
  if (isJsonObject(body) && Array.isArray(body.users)) return body.users.filter(isJsonObject);
  throw invalidResponse(context, 'the body is neither {users: [...]} nor an array');
}

/**
 * The one entity a write answers (a sent message): the entity itself, as documented (accepted
 * wrapped in `data` too, like the lists).
 */
export function readOfAuthItem(body: unknown, context: JsonContext): JsonObject {
  if (isJsonObject(body) && isJsonObject(body.data) && body.id == null) return body.data;
  if (isJsonObject(body)) return body;
  throw invalidResponse(context, 'the body is not an object');
}
