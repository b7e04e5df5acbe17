import { z } from 'zod';
import { list, longText, text } from './fields';
import { defineBlock } from './define';

export const featuresBlock = defineBlock({
  type: 'features',
  label: 'Feature grid',
  description: 'Three to six benefits, each with a short explanation.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    intro: longText('Intro', 400).default(''),
    items: list(
      'Features',
      z.object({
        title: text('Title', 80, { min: 1 }),
        body: longText('Description', 400).default(''),
      }),
      12,
      {
        itemLabel: 'Feature',
        newItem: { title: 'A new benefit', body: 'What it does for the reader.' },
      },
    ),
  }),
  defaults: {
    heading: 'Why teams choose us',
    items: [
      { title: 'First benefit', body: 'What it does for the reader.' },
      { title: 'Second benefit', body: 'What it does for the reader.' },
      { title: 'Third benefit', body: 'What it does for the reader.' },
    ],
  },
});
