import DataLoader from 'dataloader';
import type { MediaRecord } from '../domain.ts';
import { type ConnectedAccounts, isFanslyProvider } from '../vendors/connected-accounts.ts';
import type { CallOptions, FanslyMediaIndex, RawFanslyAccountMedia } from '../vendors/contract.ts';
import { loaderKey, splitLoaderKey } from './keys.ts';

export type MediaLoader = DataLoader<string, MediaRecord | null>;

export function mediaKey(externalId: string, accountMediaId: string): string {
  return loaderKey(externalId, accountMediaId);
}

/**
 * The raw Fansly media seen by this request, per connected account: every messages page adds
 * what it aggregated, so most attachments resolve without another vendor call.
 */
export class FanslyMediaCache {
  readonly #raw = new Map<string, Map<string, RawFanslyAccountMedia>>();
  readonly #bundles = new Map<string, Map<string, string[]>>();

  add(externalId: string, index: FanslyMediaIndex): void {
    const raw = this.#raw.get(externalId) ?? new Map();
    for (const [id, media] of index.accountMedia) raw.set(id, media);
    this.#raw.set(externalId, raw);
    const bundles = this.#bundles.get(externalId) ?? new Map();
    for (const [id, mediaIds] of index.bundles) bundles.set(id, mediaIds);
    this.#bundles.set(externalId, bundles);
  }

  raw(externalId: string, accountMediaId: string): RawFanslyAccountMedia | undefined {
    return this.#raw.get(externalId)?.get(accountMediaId);
  }

  bundle(externalId: string, bundleId: string): string[] | undefined {
    return this.#bundles.get(externalId)?.get(bundleId);
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
  connectedAccounts: ConnectedAccounts,
  cache: FanslyMediaCache,
  call: CallOptions,
  onLookupFailure: (error: Error) => void,
): MediaLoader {
  return new DataLoader<string, MediaRecord | null>(async (keys) => {
    const missingByHandle = new Map<string, string[]>();
    for (const key of keys) {
      const [externalId = '', id = ''] = splitLoaderKey(key);
      if (cache.raw(externalId, id) === undefined) {
        missingByHandle.set(externalId, [...(missingByHandle.get(externalId) ?? []), id]);
      }
    }
    await Promise.all(
      [...missingByHandle].map(async ([externalId, ids]) => {
        const provider = connectedAccounts.byExternalId.get(externalId)?.provider;
        if (!provider || !isFanslyProvider(provider)) return;
        try {
          const fetched = await provider.getAccountMedia(ids, call);
          cache.add(externalId, { accountMedia: fetched, bundles: new Map() });
        } catch (error) {
          // The message still answers with the media it could resolve; the failure is reported
          // beside the data rather than erasing the whole message list.
          onLookupFailure(error as Error);
        }
      }),
    );
    return keys.map((key) => {
      const [externalId = '', id = ''] = splitLoaderKey(key);
      const raw = cache.raw(externalId, id);
      const provider = connectedAccounts.byExternalId.get(externalId)?.provider;
      if (raw === undefined || !provider || !isFanslyProvider(provider)) return null;
      return provider.convertAccountMedia(raw);
    });
  });
}
