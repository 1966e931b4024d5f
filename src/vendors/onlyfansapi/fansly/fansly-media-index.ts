import type { FanslyAttachmentRef } from '../../../domain.ts';
import type { FanslyMediaIndex, RawFanslyAccountMedia } from '../../contract.ts';
import {
  type FanslyConvertContext,
  invalidResponse,
  isObject,
  type JsonObject,
  optionalArray,
  optionalNumber,
  requiredId,
} from './fansly-json.ts';

export interface FanslyPageMedia {
  /** The raw media of the page, for priming the media loader; nothing here is converted. */
  index: FanslyMediaIndex;
  /** An attachment's price in thousandths of a dollar, when the page carried it. */
  attachmentPrice(ref: FanslyAttachmentRef): number | null;
}

/** Marks a validated raw accountMedia as opaque: only `convertFanslyAccountMedia` reads it. */
export function asRawAccountMedia(raw: JsonObject): RawFanslyAccountMedia {
  return raw as unknown as RawFanslyAccountMedia;
}

/**
 * A bundle's accountMedia ids in order: `bundleContent` (`[{accountMediaId, pos}]`) sorted by
 * `pos` when present, else `accountMediaIds` as listed.
 */
export function bundleMediaIds(bundle: JsonObject, context: FanslyConvertContext): string[] {
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
export function indexFanslyPageMedia(
  accountMedia: unknown,
  accountMediaBundles: unknown,
  context: FanslyConvertContext,
): FanslyPageMedia {
  const media = new Map<string, RawFanslyAccountMedia>();
  const mediaPrices = new Map<string, number | null>();
  for (const raw of optionalArray(accountMedia, context, 'accountMedia')) {
    if (!isObject(raw)) throw invalidResponse(context, 'an accountMedia is not an object');
    const id = requiredId(raw.id, context, 'an accountMedia id');
    media.set(id, asRawAccountMedia(raw));
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
    index: { accountMedia: media, bundles },
    attachmentPrice: (ref) =>
      (ref.kind === 'bundle' ? bundlePrices.get(ref.id) : mediaPrices.get(ref.id)) ?? null,
  };
}
