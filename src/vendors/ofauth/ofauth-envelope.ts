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

/** `users/list`: `{users: [...]}`, or a bare array. */
export function readOfAuthUsers(body: unknown, context: JsonContext): unknown[] {
  if (Array.isArray(body)) return body;
  if (isJsonObject(body) && Array.isArray(body.users)) return body.users;
  throw invalidResponse(context, 'the body is neither {users: [...]} nor an array');
}
