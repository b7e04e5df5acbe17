import { z } from 'zod';
import {
  choice,
  link,
  list,
  longText,
  text,
  toggle,
  whole,
  type FieldMeta,
} from '../blocks/fields';
import { PATTERN_IDS, PATTERNS, type PatternId } from './patterns';

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

/** Each field type in the words the form builder offers it by. */
export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Short text',
  email: 'Email',
  phone: 'Phone',
  number: 'Number',
  textarea: 'Long text',
  select: 'Dropdown',
  radio: 'Single choice',
  checkbox_group: 'Checkboxes',
  checkbox: 'Checkbox',
  consent: 'Consent',
  date: 'Date',
  hidden: 'Hidden (filled from the address)',
};

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

export const FIELD_MEANING_LABELS: Record<FieldMeaning, string> = {
  none: 'Nothing in particular',
  name: 'Name',
  email: 'Email address',
  company: 'Company',
  job_title: 'Job title',
  phone: 'Phone number',
  budget: 'Budget',
  timeline: 'Timeline (when they buy)',
  team_size: 'Team size',
  demo_request: 'Asks for a demo',
  message: 'Message',
  consent: 'Consent to contact',
};

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

export const FORM_PURPOSE_LABELS: Record<FormPurpose, string> = {
  newsletter: 'Newsletter sign-up',
  download: 'Download (e-book, guide)',
  contact: 'Contact',
  demo: 'Demo request',
  quote: 'Quote request',
  registration: 'Event registration',
};

const PATTERN_LABELS = Object.fromEntries(
  Object.entries(PATTERNS).map(([id, p]) => [id, p.label]),
) as Record<PatternId, string>;

export const fieldDefinitionSchema = z.object({
  type: choice('Field type', FIELD_TYPES, FIELD_TYPE_LABELS),
  label: text('Label', 200, { min: 1 }),
  placeholder: text('Placeholder', 120).optional(),
  help: text('Help text', 300).optional(),
  /** Checkboxes and consent: a link shown after the text, e.g. to the privacy policy. */
  linkLabel: text('Link text (checkboxes)', 60).optional(),
  linkUrl: link('Link address (checkboxes)').optional(),
  required: toggle('Required').default(false),
  options: list('Options', text('Option', 120, { min: 1 }), 30, {
    itemLabel: 'Option',
    newItem: 'New option',
  }).optional(),
  minLength: whole('Minimum length', 1, 5000).optional(),
  maxLength: whole('Maximum length', 1, 5000).optional(),
  pattern: choice('Pattern', PATTERN_IDS, PATTERN_LABELS).optional(),
  meaning: choice(
    'What the answer means (scoring reads it)',
    FIELD_MEANINGS,
    FIELD_MEANING_LABELS,
  ).default('none'),
  /** For hidden fields: the query-string parameter (e.g. utm_source) that fills it. */
  param: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Query parameter: letters, digits, _ and - only.')
    .meta({
      label: 'Filled from the address parameter',
      widget: 'text',
      help: 'The part of the page address that fills this field, e.g. utm_campaign for …?utm_campaign=spring.',
    } satisfies FieldMeta)
    .optional(),
  /** Last, as an advanced option: it follows the label until answers are stored under it. */
  name: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]{0,39}$/,
      'Field name: lowercase letters, digits and _ (start with a letter).',
    )
    .meta({
      label: 'Field name (advanced)',
      widget: 'text',
      help: 'How exports and integrations name this answer. It follows the label until the page is published, then stays.',
    } satisfies FieldMeta),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

const needsOptions: FieldType[] = ['select', 'radio', 'checkbox_group'];

/** Rules a single field must meet within its form, as data: where the problem is, and why. */
const FIELD_CHECKS: {
  path: keyof FieldDefinition;
  fails: (f: FieldDefinition, names: Set<string>) => boolean;
  message: (f: FieldDefinition) => string;
}[] = [
  {
    path: 'name',
    fails: (f, names) => names.has(f.name),
    message: (f) => `Two fields are named "${f.name}".`,
  },
  {
    path: 'options',
    fails: (f) => needsOptions.includes(f.type) && !f.options?.length,
    message: (f) => `"${f.label}" needs at least one option.`,
  },
  {
    path: 'minLength',
    fails: (f) => !!f.minLength && !!f.maxLength && f.minLength > f.maxLength,
    message: (f) => `"${f.label}": the minimum length is above the maximum.`,
  },
];

export const formDefinitionSchema = z
  .object({
    purpose: choice('Form purpose', FORM_PURPOSES, FORM_PURPOSE_LABELS),
    fields: z
      .array(fieldDefinitionSchema)
      .min(1, 'A form needs at least one field.')
      .max(30, 'A form holds at most 30 fields.')
      .meta({
        label: 'Field',
        widget: 'list',
        itemLabel: 'Field',
        minItems: 1,
        newItem: {
          name: 'new_question',
          type: 'text',
          label: 'New question',
          required: false,
          meaning: 'none',
        },
      }),
    submitLabel: text('Button label', 60, { min: 1 }),
    successMessage: longText('Thank-you message', 1000, { min: 1 }),
    /**
     * What the form promised, handed over on the thank-you itself (a guide, a template, a
     * calendar file): Kindling delivers it there, so no copy has to promise an email.
     */
    download: z
      .object({
        url: link('Download address (shown after submitting)').optional(),
        label: text('Download button text', 60).optional(),
      })
      .optional(),
    /**
     * Mail the visitor after they submit (with the download, for content forms); with
     * double opt-in, their consent counts only once they click the link in that mail.
     */
    confirmation: z
      .object({
        email: toggle(
          'Email the visitor a confirmation',
          'Sent after they submit, with the download if the form has one.',
        ).optional(),
        doubleOptIn: toggle(
          'Double opt-in',
          'Their consent counts only once they click the link in that email (it is sent then, too).',
        ).optional(),
      })
      .optional(),
    /** Send the visitor elsewhere after a submission instead of showing the message. */
    redirectUrl: link('Redirect after submitting').optional(),
    /** A different thank-you per tier, e.g. "book a call now" for hot leads. */
    tierMessages: z
      .object({
        hot: longText('Thank-you for hot leads', 1000).optional(),
        warm: longText('Thank-you for warm leads', 1000).optional(),
        cold: longText('Thank-you for cold leads', 1000).optional(),
      })
      .optional(),
  })
  .superRefine((form, ctx) => {
    const names = new Set<string>();
    form.fields.forEach((f, i) => {
      for (const check of FIELD_CHECKS)
        if (check.fails(f, names))
          ctx.addIssue({
            code: 'custom',
            path: ['fields', i, check.path],
            message: check.message(f),
          });
      names.add(f.name);
    });
    if (form.fields.filter((f) => f.type === 'email').length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['fields'],
        message: 'A form needs exactly one email field: it is how a lead is recognised.',
      });
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
