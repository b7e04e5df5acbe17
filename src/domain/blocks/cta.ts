import { z } from 'zod';
import { link, longText, text } from './fields';
import { defineBlock } from './define';

export const ctaBlock = defineBlock({
  type: 'cta',
  label: 'Call-to-action band',
  description: 'A closing band that repeats the offer and the button.',
  props: z.object({
    heading: text('Heading', 120, { min: 1 }),
    body: longText('Text', 400).default(''),
    ctaLabel: text('Button label', 40, { min: 1 }),
    ctaHref: link('Button link').default('#form'),
  }),
  defaults: { heading: 'Ready when you are', ctaLabel: 'Get started', ctaHref: '#form' },
});
