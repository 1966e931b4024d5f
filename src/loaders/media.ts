import DataLoader from 'dataloader';
import type { MediaRecord } from '../domain.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { CallOptions, LazyMedia, MessagePage } from '../vendors/contract.ts';
import { loaderKey, splitLoaderKey } from './keys.ts';

export type MediaLoader = DataLoader<string, MediaRecord | null>;

export function mediaKey(externalId: string, mediaId: string): string {
  return loaderKey(externalId, mediaId);
}

/**
 * The deferred media seen by this request, per connected account: every messages page adds the
 * media and media groups it carried, so most attachments resolve without another vendor call.
 * Media stay unconverted until a query selects them.
 */
export class DeferredMediaCache {
  readonly #media = new Map<string, Map<string, LazyMedia>>();
  readonly #groups = new Map<string, Map<string, readonly string[]>>();

  /** Adds what a messages page of the account carried. */
  addPage(externalId: string, page: Pick<MessagePage, 'media' | 'mediaGroups'>): void {
    const media = this.#media.get(externalId) ?? new Map();
    for (const [id, lazy] of page.media ?? []) media.set(id, lazy);
    this.#media.set(externalId, media);
    const groups = this.#groups.get(externalId) ?? new Map();
    for (const [id, mediaIds] of page.mediaGroups ?? []) groups.set(id, mediaIds);
    this.#groups.set(externalId, groups);
  }

  /** Adds media looked up by id (already converted). */
  addRecords(externalId: string, records: ReadonlyMap<string, MediaRecord>): void {
    const media = new Map<string, LazyMedia>();
    for (const [id, record] of records) media.set(id, () => record);
    this.addPage(externalId, { media });
  }

  media(externalId: string, mediaId: string): LazyMedia | undefined {
    return this.#media.get(externalId)?.get(mediaId);
  }

  group(externalId: string, groupId: string): readonly string[] | undefined {
    return this.#groups.get(externalId)?.get(groupId);
  }
}

/**
 * Deferred media by (connected account, media id), converted only when a query selects
 * `Message.media`. Media the request's pages carried are converted in place; the rest are looked
 * up through the account's adapter (`loadMedia`), one lookup per connected account per batch.
 * Media that cannot be found are `null` (left out of the message, never an error for it); a failed
 * lookup is handed to `onLookupFailure` so the response can still say what went wrong.
 */
export function createMediaLoader(
  connectedAccounts: ConnectedAccounts,
  cache: DeferredMediaCache,
  call: CallOptions,
  onLookupFailure: (error: Error) => void,
): MediaLoader {
  return new DataLoader<string, MediaRecord | null>(async (keys) => {
    const missingByAccount = new Map<string, string[]>();
    for (const key of keys) {
      const [externalId = '', id = ''] = splitLoaderKey(key);
      if (cache.media(externalId, id) === undefined) {
        missingByAccount.set(externalId, [...(missingByAccount.get(externalId) ?? []), id]);
      }
    }
    await Promise.all(
      [...missingByAccount].map(async ([externalId, ids]) => {
        const adapter = connectedAccounts.byExternalId.get(externalId)?.adapter;
        if (!adapter || adapter.capabilities.mediaPerCall === 0) return;
        try {
          cache.addRecords(externalId, await adapter.loadMedia(ids, call));
        } catch (error) {
          // The message still answers with the media it could resolve; the failure is reported
          // beside the data rather than erasing the whole message list.
          onLookupFailure(error as Error);
        }
      }),
    );
    return keys.map((key) => {
      const [externalId = '', id = ''] = splitLoaderKey(key);
      if (!connectedAccounts.byExternalId.has(externalId)) return null;
      return cache.media(externalId, id)?.() ?? null;
    });
  });
}
