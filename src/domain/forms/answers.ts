import { z } from 'zod';
import { cleanText } from '../text';
import type { FieldDefinition, FieldType, FormDefinition } from './definition';

export type Answer = string | string[] | boolean | number;
export type Answers = Record<string, Answer>;
/** What the visitor sent, as sent: re-rendered into the form when something is wrong. */
export type RawAnswers = Record<string, string | string[]>;

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const str = (multiline = false) =>
  z.preprocess(
    (v) => (typeof single(v) === 'string' ? cleanText(single(v) as string, multiline) : ''),
    z.string(),
  );
const present = (v: unknown) =>
  v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0);

type Builder = (f: FieldDefinition) => z.ZodType;
const maxLen = (f: FieldDefinition, fallback: number) =>
  Math.min(f.maxLength ?? fallback, fallback);
const tooLong = (f: FieldDefinition, n: number) => `${f.label}: at most ${n} characters.`;

/** One entry per field type: how its answer is cleaned and checked. */
const builders: Record<FieldType, Builder> = {
  text: (f) => str().pipe(z.string().max(maxLen(f, 500), tooLong(f, maxLen(f, 500)))),
  textarea: (f) => str(true).pipe(z.string().max(maxLen(f, 5000), tooLong(f, maxLen(f, 5000)))),
  hidden: () => str().pipe(z.string().max(500)),
  email: () =>
    str().pipe(
      z.union([
        z.literal(''),
        z.string().max(254).pipe(z.email('Enter a valid email address, like name@company.com.')),
      ]),
    ),
  phone: () =>
    str().pipe(
      z.union([
        z.literal(''),
        z.string().regex(/^\+?[\d\s().-]{6,30}$/, 'Enter a phone number, like +1 555 010 0199.'),
      ]),
    ),
  number: (f) =>
    str().pipe(
      z.union([
        z.literal(''),
        z
          .string()
          .regex(/^-?\d+(\.\d+)?$/, `${f.label}: enter a number.`)
          .transform(Number)
          .pipe(z.number().min(-1e12).max(1e12)),
      ]),
    ),
  date: () => str().pipe(z.union([z.literal(''), z.iso.date('Enter a date as YYYY-MM-DD.')])),
  select: (f) =>
    str().pipe(
      z.union([
        z.literal(''),
        z.enum(f.options as [string, ...string[]], `Choose one of the options for "${f.label}".`),
      ]),
    ),
  radio: (f) => builders.select(f),
  checkbox_group: (f) =>
    z.preprocess(
      (v) =>
        (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) =>
          typeof x === 'string' ? cleanText(x) : '',
        ),
      z
        .array(
          z.enum(f.options as [string, ...string[]], `Choose from the options for "${f.label}".`),
        )
        .max(30),
    ),
  checkbox: () => z.preprocess((v) => present(single(v)), z.boolean()),
  consent: (f) => builders.checkbox(f),
};

/** Builds the Zod schema a form's answers must satisfy, from the form's definition. */
export function answersSchema(form: FormDefinition): z.ZodType<Answers> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of form.fields) {
    const base = builders[f.type](f);
    // Every lead is keyed by its email, so the email field is required whatever the form says.
    const required = f.required || f.type === 'email';
    shape[f.name] = required
      ? base.refine(
          present,
          f.type === 'consent' ? `Please agree to continue.` : `${f.label} is required.`,
        )
      : base;
  }
  return z.object(shape) as unknown as z.ZodType<Answers>;
}

export type AnswersResult =
  { ok: true; answers: Answers } | { ok: false; errors: Record<string, string>; raw: RawAnswers };

/** Validates a submission; on failure every field keeps what the visitor typed. */
export function parseAnswers(form: FormDefinition, raw: RawAnswers): AnswersResult {
  const known: RawAnswers = {};
  for (const f of form.fields) if (raw[f.name] !== undefined) known[f.name] = raw[f.name]!;
  const parsed = answersSchema(form).safeParse(known);
  if (parsed.success) return { ok: true, answers: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    errors[name] ??= issue.message;
  }
  return { ok: false, errors, raw: known };
}

/** The (validated) email answer of a form. */
export function emailOf(form: FormDefinition, answers: Answers): string | null {
  const field = form.fields.find((f) => f.type === 'email');
  const value = field ? answers[field.name] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}
