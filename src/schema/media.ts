import type { GatewayContext } from '../context.ts';
import { isPlatformId, localId, localIdParts } from '../ids.ts';
import { mediaById } from '../loaders/media.ts';
import type { MediaShape } from '../resolvers/shapes.ts';
import { builder } from './builder.ts';
import { MediaTypeEnum, PlatformEnum } from './enums.ts';
import { loadMessage } from './message.ts';

export const MediaRef = builder.objectRef<MediaShape>('Media');

/**
 * Media a vendor looks up by id are addressable on their own; the others only inside their
 * message, so their ids carry the message's.
 */
function mediaLocalId(media: MediaShape): string {
  const externalId = media.connectedAccount.externalId;
  if (media.message === null) return localId(externalId, media.platformId);
  const { chatId, partnerId, platformId } = media.message;
  return localId(externalId, chatId, partnerId, platformId, media.platformId);
}

async function loadMedia(context: GatewayContext, parts: string[]): Promise<MediaShape | null> {
  const externalId = parts[0] ?? '';
  if (!context.connectedAccounts.byExternalId.has(externalId)) return null;
  if (!parts.slice(1).every(isPlatformId)) return null;
  if (parts.length === 2) return mediaById(context, externalId, parts[1]!);
  const message = await loadMessage(context, parts.slice(0, 4));
  if (message?.media.kind !== 'inline') return null;
  const media = message.media.items.find((item) => item.platformId === parts[4]);
  return media ? { ...media, message } : null;
}

builder.node(MediaRef, {
  id: { resolve: mediaLocalId },
  loadWithoutCache: (id, context) => loadMedia(context, localIdParts(id) ?? []),
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, resolve: (media) => media.platform }),
    platformId: t.exposeString('platformId'),
    type: t.field({ type: MediaTypeEnum, resolve: (media) => media.type }),
    mimeType: t.exposeString('mimeType', { nullable: true }),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    duration: t.exposeFloat('duration', {
      nullable: true,
      description: 'Seconds, for video and audio.',
    }),
    url: t.exposeString('url', {
      nullable: true,
      description: 'Full-size URL; null when locked or not ready.',
    }),
    thumbnailUrl: t.exposeString('thumbnailUrl', { nullable: true }),
    previewUrl: t.exposeString('previewUrl', { nullable: true }),
    isAccessible: t.exposeBoolean('isAccessible', {
      description: 'Whether the connected creator account can open the full media.',
    }),
    price: t.exposeFloat('price', { nullable: true, description: 'US dollars; null when free.' }),
  }),
});
