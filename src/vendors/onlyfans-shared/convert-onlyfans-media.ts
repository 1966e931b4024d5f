import type { MediaRecord, MediaType } from '../../domain.ts';
import type { AccountCallContext } from '../account-call.ts';
import {
  booleanOrNull,
  type JsonObject,
  nonEmptyStringOrNull,
  numberOrNull,
  objectOrNull,
  requireId,
  requireObject,
} from './onlyfans-json.ts';

const MEDIA_TYPES: Readonly<Record<string, MediaType>> = {
  photo: 'PHOTO',
  video: 'VIDEO',
  gif: 'GIF',
  audio: 'AUDIO',
};

export interface OnlyFansMediaOptions {
  /**
   * Dollars the message asks for its media; null when free. Applies to every item except the
   * free previews.
   * @default null
   */
  price?: number | null;
  /** Ids of the message's free preview media (`previews[]`). */
  previewIds?: ReadonlySet<string>;
}

function mediaType(value: unknown): MediaType {
  if (typeof value !== 'string') return 'OTHER';
  return MEDIA_TYPES[value.toLowerCase()] ?? 'OTHER';
}

/** A URL from `files.<variant>.url`, or from the flat `<variant>` string of older payloads. */
function variantUrl(media: JsonObject, files: JsonObject | null, variant: string): string | null {
  if (files !== null) return nonEmptyStringOrNull(objectOrNull(files[variant])?.url);
  return nonEmptyStringOrNull(media[variant]);
}

function positiveOrNull(value: unknown): number | null {
  const number = numberOrNull(value);
  return number !== null && number > 0 ? number : null;
}

/**
 * One OnlyFans media item. `files.full.url` is null when the item is locked or not ready, and
 * stays null here; `canView` says whether the creator account can open it (absent: whether a
 * full URL came). A `type` outside photo/video/gif/audio is `OTHER`.
 */
export function convertOnlyFansMedia(
  raw: unknown,
  context: AccountCallContext,
  options: OnlyFansMediaOptions = {},
): MediaRecord {
  const media = requireObject(raw, 'media item', context);
  const platformId = requireId(media.id, 'media id', context);
  const files = objectOrNull(media.files);
  const full = objectOrNull(files?.full);
  const url = variantUrl(media, files, 'full');
  const isPreview = options.previewIds?.has(platformId) ?? false;
  return {
    platform: 'ONLYFANS',
    connectedAccount: context.connectedAccount,
    platformId,
    type: mediaType(media.type),
    mimeType: null,
    width: positiveOrNull(full?.width),
    height: positiveOrNull(full?.height),
    duration: positiveOrNull(media.duration),
    url,
    thumbnailUrl: variantUrl(media, files, 'thumb') ?? variantUrl(media, files, 'squarePreview'),
    previewUrl: variantUrl(media, files, 'preview'),
    isAccessible: booleanOrNull(media.canView) ?? url !== null,
    price: isPreview ? null : (options.price ?? null),
  };
}
