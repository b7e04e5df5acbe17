import { z } from 'zod';
import { list, longText, text } from './fields';
import { defineBlock } from './define';

export const benefitsBlock = defineBlock({
  type: 'benefits',
  label: 'Benefit list',
  description: 'A checked list of what the reader gets, beside a short pitch.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    intro: longText('Intro', 400).default(''),
    items: list('Benefits', text('Benefit', 160, { min: 1 }), 12, {
      itemLabel: 'Benefit',
      newItem: 'Another thing the reader gets',
      min: 1,
    }),
  }),
  defaults: {
    heading: 'What you get',
    items: ['The first thing the reader gets', 'The second', 'The third'],
  },
});
