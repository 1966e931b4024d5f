import { localIdParts } from '../ids.ts';
import { loadMedia, mediaLocalId } from '../resolvers/media.ts';
import type { MediaShape } from '../resolvers/shapes.ts';
import { builder } from './builder.ts';
import { MediaTypeEnum, PlatformEnum } from './enums.ts';

export const MediaRef = builder.objectRef<MediaShape>('Media');

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
