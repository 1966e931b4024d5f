import type { GatewayContext } from '../context.ts';
import { isPlatformId, localId } from '../ids.ts';
import { mediaKey } from '../loaders/media.ts';
import { loadMessage } from './message.ts';
import type { MediaShape } from './shapes.ts';

/**
 * Media a vendor looks up by id are addressable on their own; the others only inside their
 * message, so their ids carry the message's.
 */
export function mediaLocalId(media: MediaShape): string {
  const externalId = media.connectedAccount.externalId;
  if (media.message === null) return localId(externalId, media.platformId);
  const { chatId, partnerId, platformId } = media.message;
  return localId(externalId, chatId, partnerId, platformId, media.platformId);
}

/** Media by the parts of its id: by their own id where the vendor looks media up, else in their message. */
export async function loadMedia(
  context: GatewayContext,
  parts: string[],
): Promise<MediaShape | null> {
  const externalId = parts[0] ?? '';
  if (!context.connectedAccounts.byExternalId.has(externalId)) return null;
  if (!parts.slice(1).every(isPlatformId)) return null;
  if (parts.length === 2) return mediaById(context, externalId, parts[1]!);
  const message = await loadMessage(context, parts.slice(0, 4));
  if (message?.media.kind !== 'inline') return null;
  const media = message.media.items.find((item) => item.platformId === parts[4]);
  return media ? { ...media, message } : null;
}

/**
 * A media item by its own id, where the account's vendor looks media up by id
 * (`capabilities.mediaPerCall > 0`); null elsewhere (there media are reached through their
 * message) and when not found.
 */
export async function mediaById(
  context: GatewayContext,
  externalId: string,
  mediaId: string,
): Promise<MediaShape | null> {
  const adapter = context.connectedAccounts.byExternalId.get(externalId)?.adapter;
  if (!adapter || adapter.capabilities.mediaPerCall === 0) return null;
  const media = await context.loaders.media.load(mediaKey(externalId, mediaId));
  return media && { ...media, message: null };
}
