import type { FieldDefinition, FieldType } from './definition';
import { PATTERNS } from './patterns';

/**
 * The checks on one field and the message for each, derived once from its definition. The
 * server's schema and the browser's inline validation both read this, so a visitor sees
 * the same rule and the same words with or without JavaScript.
 */
export type FieldRules = {
  required: boolean;
  minLength?: number;
  maxLength?: number;
  /** A pattern source usable both as `new RegExp('^(?:…)$', 'u')` and in HTML `pattern`. */
  pattern?: string;
  messages: {
    required: string;
    invalid: string;
    tooShort: string;
    tooLong: string;
  };
};

/** Longest answer each type accepts, whatever the marketer sets. */
const MAX_LENGTH: Partial<Record<FieldType, number>> = {
  text: 500,
  textarea: 5000,
  hidden: 500,
  email: 254,
  phone: 30,
  number: 40,
  date: 10,
};

/** The format a type imposes, and what to say when it is not met. */
const TYPE_FORMAT: Partial<
  Record<FieldType, { pattern: string; message: (f: FieldDefinition) => string }>
> = {
  email: {
    pattern: '[^\\s@]+@[^\\s@]+\\.[^\\s@]+',
    message: () => 'Enter a valid email address, like name@company.com.',
  },
  phone: {
    pattern: '\\+?[0-9\\s\\(\\)\\.\\-]{6,30}',
    message: () => 'Enter a phone number, like +1 555 010 0199.',
  },
  number: { pattern: '-?[0-9]+(\\.[0-9]+)?', message: (f) => `${f.label}: enter a number.` },
  date: { pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', message: () => 'Enter a date as YYYY-MM-DD.' },
};

export function fieldRules(f: FieldDefinition): FieldRules {
  const cap = MAX_LENGTH[f.type];
  const maxLength = cap === undefined ? undefined : Math.min(f.maxLength ?? cap, cap);
  const format = TYPE_FORMAT[f.type];
  const preset = f.pattern ? PATTERNS[f.pattern] : undefined;
  const choices = f.type === 'select' || f.type === 'radio' || f.type === 'checkbox_group';
  return {
    // Every lead is keyed by its email, so the email field is required whatever the form says.
    required: f.required || f.type === 'email',
    ...(f.minLength && cap !== undefined ? { minLength: f.minLength } : {}),
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(format ? { pattern: format.pattern } : preset ? { pattern: preset.source } : {}),
    messages: {
      required: f.type === 'consent' ? 'Please agree to continue.' : `${f.label} is required.`,
      invalid: format
        ? format.message(f)
        : preset
          ? preset.message
          : choices
            ? `Choose from the options for "${f.label}".`
            : `Check "${f.label}".`,
      tooShort: `${f.label}: at least ${f.minLength ?? 0} characters.`,
      tooLong: `${f.label}: at most ${maxLength ?? 0} characters.`,
    },
  };
}
