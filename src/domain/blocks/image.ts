import { z } from 'zod';
import { imageUrl, text, whole } from './fields';
import { defineBlock } from './define';

export const imageBlock = defineBlock({
  type: 'image',
  label: 'Image',
  description: 'One picture with its description and an optional caption.',
  props: z
    .object({
      src: imageUrl('Image').pipe(z.string().min(1, 'Image is required.')),
      alt: text('Description for screen readers', 200).default(''),
      decorative: z
        .boolean()
        .default(false)
        .meta({ label: 'Decorative only (no description)', widget: 'toggle' }),
      caption: text('Caption', 200).default(''),
      // Explicit dimensions let the browser keep the space before the image arrives.
      width: whole('Width (px)', 1, 4000).default(1200),
      height: whole('Height (px)', 1, 4000).default(675),
    })
    .refine((p) => p.decorative || p.alt.length > 0, {
      path: ['alt'],
      message: 'Describe the image, or mark it decorative.',
    }),
  defaults: {
    src: '/blocks/image-placeholder.svg',
    alt: 'Placeholder: replace with your own image and describe it here',
    width: 1200,
    height: 675,
  },
});
