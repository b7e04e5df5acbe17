import { z } from 'zod';
import { list, text } from './fields';
import { defineBlock } from './define';

export const statsBlock = defineBlock({
  type: 'stats',
  label: 'Stats',
  description: 'Two to four numbers that prove the point, each with what it counts.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    items: list(
      'Numbers',
      z.object({
        value: text('Number', 16, { min: 1 }),
        label: text('What it counts', 80, { min: 1 }),
      }),
      4,
      {
        itemLabel: 'Number',
        newItem: { value: '99 %', label: 'of something that matters' },
        min: 1,
      },
    ),
  }),
  defaults: {
    items: [
      { value: '3 days', label: 'to close the month' },
      { value: '40 %', label: 'less time on reconciliation' },
      { value: '1,200', label: 'finance teams' },
    ],
  },
});
