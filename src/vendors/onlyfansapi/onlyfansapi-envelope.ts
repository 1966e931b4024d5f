import {
  invalidResponse,
  isJsonObject,
  type JsonContext,
  type JsonObject,
  objectOrNull,
  requireObject,
} from '../onlyfans-shared/onlyfans-json.ts';

export interface OnlyFansApiListPage {
  items: unknown[];
  /** Whether the vendor says more entries follow. */
  hasMore: boolean;
}

/**
 * Whether `_pagination.next_page` names a next page. It is a URL on the vendor's host: only its
 * presence is read, it is never fetched (the client derives offsets and cursors itself).
 */
function hasNextPage(envelope: JsonObject): boolean | null {
  const pagination = objectOrNull(envelope._pagination);
  if (pagination === null || !('next_page' in pagination)) return null;
  return pagination.next_page != null;
}

/**
 * The entries of a list response, in either documented shape: `{data: [...], _pagination}` or the
 * older `{data: {list: [...], hasMore}}`.
 */
export function readOnlyFansApiList(body: unknown, context: JsonContext): OnlyFansApiListPage {
  const envelope = requireObject(body, 'response body', context);
  const { data } = envelope;
  const nextPage = hasNextPage(envelope);
  if (Array.isArray(data)) return { items: data, hasMore: nextPage ?? false };
  if (isJsonObject(data) && Array.isArray(data.list)) {
    return { items: data.list, hasMore: nextPage ?? data.hasMore === true };
  }
  throw invalidResponse(context, 'data is neither a list nor {list, hasMore}');
}

/** The accounts list: a bare array or `{data: [...]}`. */
export function readOnlyFansApiAccounts(body: unknown, context: JsonContext): unknown[] {
  if (Array.isArray(body)) return body;
  if (isJsonObject(body) && Array.isArray(body.data)) return body.data;
  throw invalidResponse(context, 'the accounts list is neither an array nor {data: [...]}');
}

/**
 * The profiles of a `users/list` answer: `data` keyed by user id (an array is accepted too). An
 * entry that is not an object (an id the vendor does not know) is left out; an entry without its
 * own `id` takes its key.
 */
export function readOnlyFansApiUsers(body: unknown, context: JsonContext): JsonObject[] {
  const { data } = requireObject(body, 'response body', context);
  if (Array.isArray(data)) return data.filter(isJsonObject);
  if (!isJsonObject(data)) {
    throw invalidResponse(context, 'data is not an object keyed by user id');
  }
  return Object.entries(data).flatMap(([key, raw]) => {
    if (!isJsonObject(raw)) return [];
    return [raw.id == null ? { ...raw, id: key } : raw];
  });
}

/**
 * The one entity a write answers (a sent message): `{data: {...}}`, as documented, or, in the
 * older unwrapped shape, the entity itself.
 */
export function readOnlyFansApiItem(body: unknown, context: JsonContext): JsonObject {
  const envelope = requireObject(body, 'response body', context);
  if (isJsonObject(envelope.data)) return envelope.data;
  if (!('data' in envelope) && envelope.id != null) return envelope;
  throw invalidResponse(context, 'data is not an object');
}
