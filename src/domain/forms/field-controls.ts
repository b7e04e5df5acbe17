import type { FieldDefinition, FieldType } from './definition';

/*
 * What the form builder shows for each kind of field, as data: a field offers only the
 * controls its type uses (a dropdown has options and no length limits; a hidden field has
 * its query parameter and no placeholder), and "Add a field" offers each type as a card in
 * the words a marketer uses. Plain data without Zod: the browser's editor reads it.
 */

type Control = keyof FieldDefinition;

/** Every type has these: what it is, what it asks, what scoring reads from it, its name. */
const ALWAYS = ['type', 'label', 'meaning', 'name'] as const satisfies readonly Control[];
const TEXT_LIKE = ['placeholder', 'help', 'required'] as const satisfies readonly Control[];
const CHOICES = ['help', 'required', 'options'] as const satisfies readonly Control[];
const TICK = ['help', 'required', 'linkLabel', 'linkUrl'] as const satisfies readonly Control[];

export const FIELD_CONTROLS: Record<FieldType, readonly Control[]> = {
  text: [...ALWAYS, ...TEXT_LIKE, 'minLength', 'maxLength', 'pattern'],
  email: [...ALWAYS, ...TEXT_LIKE],
  phone: [...ALWAYS, ...TEXT_LIKE],
  number: [...ALWAYS, ...TEXT_LIKE],
  textarea: [...ALWAYS, ...TEXT_LIKE, 'minLength', 'maxLength'],
  select: [...ALWAYS, ...CHOICES],
  radio: [...ALWAYS, ...CHOICES],
  checkbox_group: [...ALWAYS, ...CHOICES],
  checkbox: [...ALWAYS, ...TICK],
  consent: [...ALWAYS, ...TICK],
  date: [...ALWAYS, 'help', 'required'],
  hidden: [...ALWAYS, 'param'],
};

/** Whether a field of `type` shows the control `key` (unknown types show everything). */
export const fieldShows = (type: string, key: string): boolean =>
  (FIELD_CONTROLS[type as FieldType] as readonly string[] | undefined)?.includes(key) ?? true;

/** A field with the settings its (new) type does not use taken away. */
export function keepControlsOf<F extends { type: string }>(field: F): F {
  return Object.fromEntries(
    Object.entries(field).filter(([key]) => fieldShows(field.type, key)),
  ) as F;
}

/** The cards of "Add a field": each type with what it starts as. */
export const FIELD_CARDS: readonly {
  type: FieldType;
  title: string;
  hint: string;
  starts: Partial<FieldDefinition>;
}[] = [
  {
    type: 'text',
    title: 'Short text',
    hint: 'A name, a company',
    starts: { label: 'Company', meaning: 'company' },
  },
  {
    type: 'email',
    title: 'Email',
    hint: 'Checked as an address',
    starts: { label: 'Work email', meaning: 'email', required: true },
  },
  {
    type: 'phone',
    title: 'Phone',
    hint: 'Any format',
    starts: { label: 'Phone', meaning: 'phone' },
  },
  {
    type: 'select',
    title: 'Dropdown',
    hint: 'One of a list',
    starts: { label: 'Timeline', options: ['This month', 'This quarter', 'Later'] },
  },
  {
    type: 'radio',
    title: 'Single choice',
    hint: 'One of a few, all shown',
    starts: { label: 'Team size', options: ['1–5', '6–20', '21+'] },
  },
  {
    type: 'checkbox_group',
    title: 'Checkboxes',
    hint: 'Several of a list',
    starts: { label: 'Interested in', options: ['Option 1', 'Option 2'] },
  },
  {
    type: 'textarea',
    title: 'Long text',
    hint: 'A message',
    starts: { label: 'Message', meaning: 'message' },
  },
  { type: 'number', title: 'Number', hint: 'A quantity', starts: { label: 'Number of seats' } },
  { type: 'date', title: 'Date', hint: 'A day', starts: { label: 'Preferred date' } },
  {
    type: 'consent',
    title: 'Consent',
    hint: 'Permission to contact',
    starts: {
      label: 'I agree to be contacted about my request.',
      meaning: 'consent',
      required: true,
    },
  },
  {
    type: 'checkbox',
    title: 'Checkbox',
    hint: 'A yes or no',
    starts: { label: 'Send me the newsletter' },
  },
  {
    type: 'hidden',
    title: 'Hidden',
    hint: 'Filled from the address',
    starts: { label: 'Campaign', param: 'utm_campaign' },
  },
];
