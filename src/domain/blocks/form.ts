import { z } from 'zod';
import { formDefinitionSchema } from '../forms/definition';
import { longText, text } from './fields';
import { defineBlock } from './define';

export const formBlock = defineBlock({
  type: 'form',
  label: 'Form',
  description: 'Captures the lead: the fields, the button and what happens after.',
  props: z.object({
    heading: text('Heading', 120).default(''),
    intro: longText('Intro', 400).default(''),
    form: formDefinitionSchema,
  }),
  defaults: {
    heading: 'Get in touch',
    form: {
      purpose: 'contact',
      submitLabel: 'Send',
      successMessage: 'Thanks! We will be in touch shortly.',
      fields: [
        { name: 'name', type: 'text', label: 'Your name', meaning: 'name', required: true },
        { name: 'email', type: 'email', label: 'Work email', meaning: 'email', required: true },
      ],
    },
  },
});
