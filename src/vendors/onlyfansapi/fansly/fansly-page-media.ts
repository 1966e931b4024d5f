import type { DeferredMediaRef } from '../../../domain.ts';
import type { AccountCallContext } from '../../account-call.ts';
import {
  invalidResponse,
  isObject,
  type JsonObject,
  optionalArray,
  optionalNumber,
  requiredId,
} from './fansly-json.ts';

/** The media a messages page aggregates: accountMedia (media) and bundles (media groups). */
export interface FanslyPageMedia {
  /** The raw accountMedia of the page by id, each an object with an id; nothing converted. */
  accountMedia: Map<string, JsonObject>;
  /** Each bundle's accountMedia ids, in order, by bundle id. */
  bundles: Map<string, string[]>;
  /** An attachment's price in thousandths of a dollar, when the page carried it. */
  attachmentPrice(ref: DeferredMediaRef): number | null;
}

/**
 * A bundle's accountMedia ids in order: `bundleContent` (`[{accountMediaId, pos}]`) sorted by
 * `pos` when present, else `accountMediaIds` as listed.
 */
export function bundleMediaIds(bundle: JsonObject, context: AccountCallContext): string[] {
  const content = optionalArray(bundle.bundleContent, context, 'a bundle bundleContent');
  if (content.length > 0) {
    return content
      .map((entry, index) => {
        if (!isObject(entry))
          throw invalidResponse(context, 'a bundleContent entry is not an object');
        return {
          id: requiredId(entry.accountMediaId, context, 'a bundleContent accountMediaId'),
          position: optionalNumber(entry.pos) ?? index,
        };
      })
      .sort((left, right) => left.position - right.position)
      .map((entry) => entry.id);
  }
  return optionalArray(bundle.accountMediaIds, context, 'a bundle accountMediaIds').map((id) =>
    requiredId(id, context, 'a bundle accountMediaId'),
  );
}

/**
 * Indexes a messages page's `accountMedia` and `accountMediaBundles` by id, keeping the raw
 * objects. Entries must be objects with an id; everything else about them is read only when a
 * media record is asked for.
 */
export function readFanslyPageMedia(
  accountMedia: unknown,
  accountMediaBundles: unknown,
  context: AccountCallContext,
): FanslyPageMedia {
  const media = new Map<string, JsonObject>();
  const mediaPrices = new Map<string, number | null>();
  for (const raw of optionalArray(accountMedia, context, 'accountMedia')) {
    if (!isObject(raw)) throw invalidResponse(context, 'an accountMedia is not an object');
    const id = requiredId(raw.id, context, 'an accountMedia id');
    media.set(id, raw);
    mediaPrices.set(id, optionalNumber(raw.price));
  }
  const bundles = new Map<string, string[]>();
  const bundlePrices = new Map<string, number | null>();
  for (const raw of optionalArray(accountMediaBundles, context, 'accountMediaBundles')) {
    if (!isObject(raw)) throw invalidResponse(context, 'an accountMediaBundle is not an object');
    const id = requiredId(raw.id, context, 'an accountMediaBundle id');
    bundles.set(id, bundleMediaIds(raw, context));
    bundlePrices.set(id, optionalNumber(raw.price));
  }
  return {
    accountMedia: media,
    bundles,
    attachmentPrice: (ref) =>
      (ref.kind === 'group' ? bundlePrices.get(ref.id) : mediaPrices.get(ref.id)) ?? null,
  };
}
