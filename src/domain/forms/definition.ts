import { z } from 'zod';
import { choice, list, longText, text } from '../blocks/fields';

export const FIELD_TYPES = [
  'text',
  'email',
  'phone',
  'number',
  'textarea',
  'select',
  'radio',
  'checkbox_group',
  'checkbox',
  'consent',
  'date',
  'hidden',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * What an answer means, set by the marketer, so scoring reads answers without guessing
 * from labels.
 */
export const FIELD_MEANINGS = [
  'none',
  'name',
  'email',
  'company',
  'job_title',
  'phone',
  'budget',
  'timeline',
  'team_size',
  'demo_request',
  'message',
  'consent',
] as const;
export type FieldMeaning = (typeof FIELD_MEANINGS)[number];

/** What the form is for: a demo request says more about intent than a newsletter signup. */
export const FORM_PURPOSES = [
  'newsletter',
  'download',
  'contact',
  'demo',
  'quote',
  'registration',
] as const;
export type FormPurpose = (typeof FORM_PURPOSES)[number];

export const fieldDefinitionSchema = z.object({
  name: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]{0,39}$/,
      'Field name: lowercase letters, digits and _ (start with a letter).',
    ),
  type: choice('Field type', FIELD_TYPES),
  label: text('Label', 200, { min: 1 }),
  placeholder: text('Placeholder', 120).optional(),
  help: text('Help text', 300).optional(),
  required: z.boolean().default(false),
  options: list('Options', text('Option', 120, { min: 1 }), 30).optional(),
  maxLength: z.number().int().min(1).max(5000).optional(),
  meaning: choice('Meaning', FIELD_MEANINGS).default('none'),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

const needsOptions: FieldType[] = ['select', 'radio', 'checkbox_group'];

export const formDefinitionSchema = z
  .object({
    purpose: choice('Form purpose', FORM_PURPOSES),
    fields: z
      .array(fieldDefinitionSchema)
      .min(1, 'A form needs at least one field.')
      .max(30, 'A form holds at most 30 fields.')
      .meta({ label: 'Field', widget: 'list' }),
    submitLabel: text('Button label', 60, { min: 1 }),
    successMessage: longText('Thank-you message', 1000, { min: 1 }),
  })
  .superRefine((form, ctx) => {
    const names = new Set<string>();
    form.fields.forEach((f, i) => {
      if (names.has(f.name))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'name'],
          message: `Two fields are named "${f.name}".`,
        });
      names.add(f.name);
      if (needsOptions.includes(f.type) && !f.options?.length)
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'options'],
          message: `"${f.label}" needs at least one option.`,
        });
    });
    if (form.fields.filter((f) => f.type === 'email').length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['fields'],
        message: 'A form needs exactly one email field: it is how a lead is recognised.',
      });
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
