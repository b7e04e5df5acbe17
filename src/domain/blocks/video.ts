import { z } from 'zod';
import { choice, siteImageUrl, text } from './fields';
import { defineBlock } from './define';

export const VIDEO_PROVIDERS = ['youtube', 'vimeo'] as const;

export const videoBlock = defineBlock({
  type: 'video',
  label: 'Video',
  description:
    'A YouTube or Vimeo video behind a click-to-play cover drawn by Kindling (or an image you upload): nothing loads from them until the visitor asks.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    provider: choice('Provider', VIDEO_PROVIDERS, { youtube: 'YouTube', vimeo: 'Vimeo' }).default(
      'youtube',
    ),
    videoId: text('Video id (from its address)', 20, { min: 1 }).pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{6,20}$/, 'Video id: the letters and digits after v= or vimeo.com/.'),
    ),
    title: text('Title (read to screen readers)', 120, { min: 1 }),
    // YouTube's own still frame would come from its image host on every view, consent or
    // not: the cover is drawn in the page's colours, or is an image uploaded here.
    poster: siteImageUrl('Cover image (optional)').default(''),
  }),
  defaults: { provider: 'youtube', videoId: 'aqz-KE-bpKQ', title: 'A two-minute product tour' },
});

/** Privacy-enhanced embeds: YouTube's no-cookie domain, Vimeo without tracking. */
export const videoEmbedUrl = (provider: (typeof VIDEO_PROVIDERS)[number], id: string): string =>
  provider === 'youtube'
    ? `https://www.youtube-nocookie.com/embed/${id}?autoplay=1&rel=0`
    : `https://player.vimeo.com/video/${id}?autoplay=1&dnt=1`;

/** Where the video lives, for visitors without JavaScript. */
export const videoPageUrl = (provider: (typeof VIDEO_PROVIDERS)[number], id: string): string =>
  provider === 'youtube' ? `https://www.youtube.com/watch?v=${id}` : `https://vimeo.com/${id}`;
