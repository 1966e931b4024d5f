import type { MediaRecord, MediaType } from '../../../domain.ts';
import type { AccountCallContext } from '../../account-call.ts';
import {
  dollarsFromThousandths,
  expectObject,
  firstLocation,
  isObject,
  type JsonObject,
  nonEmptyString,
  optionalNumber,
  requiredId,
} from './fansly-json.ts';

/** Fansly `media.type`: 1 image, 2 video, 3 audio; GIFs are images told apart by mimetype. */
function mediaTypeOf(media: JsonObject | null): MediaType {
  if (media === null) return 'OTHER';
  switch (optionalNumber(media.type)) {
    case 1:
      return media.mimetype === 'image/gif' ? 'GIF' : 'PHOTO';
    case 2:
      return 'VIDEO';
    case 3:
      return 'AUDIO';
    default:
      return 'OTHER';
  }
}

function positiveNumber(value: unknown): number | null {
  const number = optionalNumber(value);
  return number !== null && number > 0 ? number : null;
}

/** `metadata` is a JSON string (`{"duration": 12.5}`); a broken one just means no duration. */
function durationOf(media: JsonObject | null): number | null {
  if (media === null) return null;
  let metadata: unknown = media.metadata;
  if (typeof metadata === 'string') {
    try {
      metadata = JSON.parse(metadata);
    } catch {
      return null;
    }
  }
  return isObject(metadata) ? positiveNumber(metadata.duration) : null;
}

/** The smallest still image among `variants` that has a location: the thumbnail candidate. */
function smallestImageVariant(variants: unknown): string | null {
  if (!Array.isArray(variants)) return null;
  let best: { url: string; area: number } | null = null;
  for (const variant of variants) {
    if (!isObject(variant)) continue;
    const mimetype = nonEmptyString(variant.mimetype);
    const isImage =
      mimetype === null ? optionalNumber(variant.type) === 1 : mimetype.startsWith('image/');
    const url = isImage ? firstLocation(variant.locations) : null;
    if (url === null) continue;
    const area =
      (positiveNumber(variant.width) ?? Number.POSITIVE_INFINITY) *
      (positiveNumber(variant.height) ?? 1);
    if (best === null || area < best.area) best = { url, area };
  }
  return best?.url ?? null;
}

/**
 * Converts one raw Fansly `accountMedia` into a {@link MediaRecord}. Only `id` is required.
 *
 * - `url` is the media's first location; null when the media is locked (`access: false`) or has
 *   no location yet.
 * - `previewUrl` comes from the `preview` (the blurred or teaser image of pay-per-view media).
 * - `thumbnailUrl` is the smallest image variant of the media (when accessible), else of the
 *   preview, else the preview itself.
 * - `price` is in thousandths of a dollar upstream; null when 0 or absent.
 */
export function convertFanslyAccountMedia(raw: unknown, context: AccountCallContext): MediaRecord {
  const accountMedia = expectObject(raw, context, 'an accountMedia');
  const platformId = requiredId(accountMedia.id, context, 'an accountMedia id');
  const media = isObject(accountMedia.media) ? accountMedia.media : null;
  const preview = isObject(accountMedia.preview) ? accountMedia.preview : null;
  const access = typeof accountMedia.access === 'boolean' ? accountMedia.access : null;

  const location = media === null ? null : firstLocation(media.locations);
  const url = access === false ? null : location;
  const previewUrl =
    preview === null
      ? null
      : (firstLocation(preview.locations) ?? smallestImageVariant(preview.variants));
  const thumbnailUrl =
    (access === false || media === null ? null : smallestImageVariant(media.variants)) ??
    (preview === null ? null : smallestImageVariant(preview.variants)) ??
    previewUrl;

  return {
    platform: 'FANSLY',
    connectedAccount: context.connectedAccount,
    platformId,
    type: mediaTypeOf(media),
    mimeType: media === null ? null : nonEmptyString(media.mimetype),
    width: media === null ? null : positiveNumber(media.width),
    height: media === null ? null : positiveNumber(media.height),
    duration: durationOf(media),
    url,
    thumbnailUrl,
    previewUrl,
    isAccessible: access ?? url !== null,
    price: dollarsFromThousandths(accountMedia.price),
  };
}
