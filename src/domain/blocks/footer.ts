import { z } from 'zod';
import { link, list, siteImageUrl, text } from './fields';
import { defineBlock } from './define';

export const footerBlock = defineBlock({
  type: 'footer',
  label: 'Footer',
  description: 'Company name, logo and legal links.',
  props: z.object({
    text: text('Footer text', 200).default(''),
    logo: siteImageUrl('Logo (optional)').default(''),
    links: list(
      'Links',
      z.object({ label: text('Label', 60, { min: 1 }), href: link('Link') }),
      8,
      { itemLabel: 'Link', newItem: { label: 'Terms', href: '/terms' } },
    ).default([]),
  }),
  defaults: { text: '© Your Company', links: [{ label: 'Privacy', href: '/privacy' }] },
});
