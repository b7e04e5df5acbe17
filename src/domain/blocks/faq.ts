import { z } from 'zod';
import { list, longText, text } from './fields';
import { defineBlock } from './define';

export const faqBlock = defineBlock({
  type: 'faq',
  label: 'FAQ',
  description: 'Questions and answers that remove the last doubts.',
  props: z.object({
    heading: text('Heading', 120).default('Questions, answered'),
    items: list(
      'Questions',
      z.object({
        question: text('Question', 200, { min: 1 }),
        answer: longText('Answer', 1500, { min: 1 }),
      }),
      20,
      {
        itemLabel: 'Question',
        newItem: { question: 'A question visitors ask', answer: 'A short, direct answer.' },
      },
    ),
  }),
  defaults: { items: [{ question: 'A question visitors ask', answer: 'A short, direct answer.' }] },
});
