import DataLoader from 'dataloader';
import type { MediaRecord } from '../domain.ts';
import { type Gateway, isFanslyProvider } from '../gateway.ts';
import type {
  CallOptions,
  FanslyMediaIndex,
  RawFanslyAccountMedia,
} from '../providers/provider.ts';
import { loaderKey, splitLoaderKey } from './keys.ts';

export type MediaLoader = DataLoader<string, MediaRecord | null>;

export function mediaKey(handle: string, accountMediaId: string): string {
  return loaderKey(handle, accountMediaId);
}

/**
 * The raw Fansly media seen by this request, per connected account: every messages page adds
 * what it aggregated, so most attachments resolve without another vendor call.
 */
export class FanslyMediaCache {
  readonly #raw = new Map<string, Map<string, RawFanslyAccountMedia>>();
  readonly #bundles = new Map<string, Map<string, string[]>>();

  add(handle: string, index: FanslyMediaIndex): void {
    const raw = this.#raw.get(handle) ?? new Map();
    for (const [id, media] of index.accountMedia) raw.set(id, media);
    this.#raw.set(handle, raw);
    const bundles = this.#bundles.get(handle) ?? new Map();
    for (const [id, mediaIds] of index.bundles) bundles.set(id, mediaIds);
    this.#bundles.set(handle, bundles);
  }

  raw(handle: string, accountMediaId: string): RawFanslyAccountMedia | undefined {
    return this.#raw.get(handle)?.get(accountMediaId);
  }

  bundle(handle: string, bundleId: string): string[] | undefined {
    return this.#bundles.get(handle)?.get(bundleId);
  }
}

/**
 * Fansly media by (connected account, accountMedia id), converted only when a query selects
 * `Message.media`. Media the request's pages carried are converted in place; the rest are fetched
 * in one `account-media/{ids}` call per connected account per batch. Media that cannot be found
 * are `null` (left out of the message, never an error for it); a failed lookup is handed to
 * `onLookupFailure` so the response can still say what went wrong.
 */
export function createMediaLoader(
  gateway: Gateway,
  cache: FanslyMediaCache,
  call: CallOptions,
  onLookupFailure: (error: Error) => void,
): MediaLoader {
  return new DataLoader<string, MediaRecord | null>(async (keys) => {
    const missingByHandle = new Map<string, string[]>();
    for (const key of keys) {
      const [handle = '', id = ''] = splitLoaderKey(key);
      if (cache.raw(handle, id) === undefined) {
        missingByHandle.set(handle, [...(missingByHandle.get(handle) ?? []), id]);
      }
    }
    await Promise.all(
      [...missingByHandle].map(async ([handle, ids]) => {
        const provider = gateway.byHandle.get(handle)?.provider;
        if (!provider || !isFanslyProvider(provider)) return;
        try {
          const fetched = await provider.getAccountMedia(ids, call);
          cache.add(handle, { accountMedia: fetched, bundles: new Map() });
        } catch (error) {
          // The message still answers with the media it could resolve; the failure is reported
          // beside the data rather than erasing the whole message list.
          onLookupFailure(error as Error);
        }
      }),
    );
    return keys.map((key) => {
      const [handle = '', id = ''] = splitLoaderKey(key);
      const raw = cache.raw(handle, id);
      const provider = gateway.byHandle.get(handle)?.provider;
      if (raw === undefined || !provider || !isFanslyProvider(provider)) return null;
      return provider.convertAccountMedia(raw);
    });
  });
}
