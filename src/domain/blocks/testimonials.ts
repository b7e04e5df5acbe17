import { z } from 'zod';
import { list, longText, text } from './fields';
import { defineBlock } from './define';

export const testimonialsBlock = defineBlock({
  type: 'testimonials',
  label: 'Testimonials',
  description: 'Quotes from customers, with their name and role.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    items: list(
      'Quotes',
      z.object({
        quote: longText('Quote', 600, { min: 1 }),
        name: text('Name', 80, { min: 1 }),
        role: text('Role and company', 120).default(''),
      }),
      9,
      {
        itemLabel: 'Quote',
        newItem: { quote: 'A specific result a customer got.', name: 'Customer name', role: '' },
      },
    ),
  }),
  defaults: {
    heading: 'What customers say',
    items: [
      { quote: 'A specific result a customer got.', name: 'Customer name', role: 'Role, Company' },
    ],
  },
});
