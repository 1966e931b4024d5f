import type { GatewayContext } from '../context.ts';
import { isPlatformId, localId } from '../ids.ts';
import { mediaKey } from '../loaders/media.ts';
import { isFanslyProvider } from '../vendors/connected-accounts.ts';
import { loadMessage } from './message.ts';
import type { MediaShape } from './shapes.ts';

/**
 * Fansly media are addressable on their own (`account-media/{id}`); OnlyFans media only inside
 * their message, so their ids carry the message's.
 */
export function mediaLocalId(media: MediaShape): string {
  const externalId = media.connectedAccount.externalId;
  if (media.message === null) return localId(externalId, media.platformId);
  const { chatId, partnerId, platformId } = media.message;
  return localId(externalId, chatId, partnerId, platformId, media.platformId);
}

/** Media by the parts of its id: Fansly media by their own id, OnlyFans media in their message. */
export async function loadMedia(
  context: GatewayContext,
  parts: string[],
): Promise<MediaShape | null> {
  const externalId = parts[0] ?? '';
  const provider = context.connectedAccounts.byExternalId.get(externalId)?.provider;
  if (!provider) return null;
  if (!parts.slice(1).every(isPlatformId)) return null;
  if (parts.length === 2) {
    if (!isFanslyProvider(provider)) return null;
    const media = await context.loaders.media.load(mediaKey(externalId, parts[1]!));
    return media && { ...media, message: null };
  }
  const message = await loadMessage(context, parts.slice(0, 4));
  if (message?.media.kind !== 'inline') return null;
  const media = message.media.items.find((item) => item.platformId === parts[4]);
  return media ? { ...media, message } : null;
}
