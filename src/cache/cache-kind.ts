/**
 * What the gateway keeps of vendor answers, by kind: each vendor's client says which kind each of
 * its reads is (see `CacheHint`), and how long each kind is kept is configured here
 * (`cache.ttlSeconds`). Writes are never kept.
 */
export type CacheKind = 'chatPages' | 'messagePages' | 'profiles' | 'media' | 'connectedAccounts';

export const CACHE_KINDS: readonly CacheKind[] = [
  'chatPages',
  'messagePages',
  'profiles',
  'media',
  'connectedAccounts',
];

/**
 * How long each kind is kept, in seconds, when the config says nothing. Chat and message pages
 * change with every message: events drop them at once when webhooks are configured, and without
 * webhooks these times alone bound how stale an inbox may be. Profiles and media change rarely;
 * media answers carry signed links that expire after hours, so they are kept minutes only.
 */
export const DEFAULT_TTL_SECONDS: Readonly<Record<CacheKind, number>> = {
  chatPages: 30,
  messagePages: 60,
  profiles: 600,
  media: 300,
  connectedAccounts: 60,
};

/** Bytes of vendor answers one replica keeps in memory, when the config says nothing: 64 MiB. */
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** What a read of the cache is asked for: the kind, and the chat a message page belongs to. */
export interface CacheHint {
  kind: CacheKind;
  /** The chat's native id, for message pages: a message in it drops them. */
  chatId?: string;
}
