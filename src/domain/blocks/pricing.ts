import { z } from 'zod';
import { defineBlock } from './define';
import { link, list, longText, text, toggle } from './fields';

export const pricingBlock = defineBlock({
  type: 'pricing',
  label: 'Pricing table',
  description: 'Two to four plans side by side, one of them highlighted.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    intro: longText('Intro', 400).default(''),
    plans: list(
      'Plans',
      z.object({
        name: text('Plan name', 40, { min: 1 }),
        price: text('Price', 20, { min: 1, help: 'As shown, e.g. "$49" or "Free".' }),
        period: text('Per', 30).default(''),
        summary: longText('Who it is for', 200).default(''),
        features: longText('What is included (one per line)', 1200).default(''),
        ctaLabel: text('Button label', 40, { min: 1 }),
        ctaHref: link('Button link').default('#form'),
        highlighted: toggle('Highlight this plan').default(false),
      }),
      4,
      {
        itemLabel: 'Plan',
        min: 1,
        newItem: { name: 'New plan', price: '$0', ctaLabel: 'Choose plan' },
      },
    ),
    footnote: text('Small print', 200).default(''),
  }),
  defaults: {
    heading: 'Simple pricing',
    plans: [
      { name: 'Starter', price: '$19', period: 'per month', ctaLabel: 'Start free trial' },
      {
        name: 'Team',
        price: '$49',
        period: 'per month',
        ctaLabel: 'Start free trial',
        highlighted: true,
      },
    ],
  },
});
