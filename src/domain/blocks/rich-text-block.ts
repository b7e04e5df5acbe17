import { z } from 'zod';
import { richText, text } from './fields';
import { defineBlock } from './define';

export const richTextBlock = defineBlock({
  type: 'richText',
  label: 'Text',
  description: 'Formatted text: paragraphs, lists, links and small headings.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    body: richText('Text', 8000),
  }),
  defaults: {
    heading: 'A few words',
    body: '<p>Say what this page offers, for whom, and why now.</p>',
  },
});
