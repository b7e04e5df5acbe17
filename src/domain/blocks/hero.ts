import { z } from 'zod';
import { choice, imageUrl, link, longText, text } from './fields';
import { defineBlock } from './define';

export const heroBlock = defineBlock({
  type: 'hero',
  label: 'Hero',
  description: 'The headline visitors see first, with one clear call to action.',
  props: z.object({
    eyebrow: text('Eyebrow', 60).default(''),
    headline: text('Headline', 120, { min: 1 }),
    subheadline: longText('Subheadline', 400).default(''),
    ctaLabel: text('Button label', 40).default(''),
    ctaHref: link('Button link').default('#form'),
    note: text('Small print under the button', 120).default(''),
    layout: choice('Layout', ['centered', 'left', 'split'] as const, {
      centered: 'Centred',
      left: 'Left-aligned',
      split: 'Text beside an image',
    }).default('centered'),
    image: imageUrl('Image (beside the text in the split layout, below it otherwise)').default(''),
    imageAlt: text('Image description for screen readers', 200).default(''),
  }),
  defaults: {
    headline: 'Say what you offer in one clear sentence',
    subheadline: 'Explain who it is for and what changes for them.',
    ctaLabel: 'Get started',
    ctaHref: '#form',
  },
});
