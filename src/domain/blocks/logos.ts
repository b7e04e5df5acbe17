import { z } from 'zod';
import { imageUrl, list, text } from './fields';
import { defineBlock } from './define';

export const logosBlock = defineBlock({
  type: 'logos',
  label: 'Logo strip',
  description: 'The names or logos of customers, partners or press, in one calm row.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    items: list(
      'Logos',
      z.object({
        name: text('Name', 60, { min: 1 }),
        image: imageUrl('Logo image (optional)').default(''),
      }),
      12,
      { itemLabel: 'Logo', newItem: { name: 'Company' }, min: 1 },
    ),
  }),
  defaults: {
    heading: 'Trusted by teams at',
    items: [{ name: 'Northwind' }, { name: 'Initech' }, { name: 'Globex' }, { name: 'Umbrella' }],
  },
});
