import { z } from 'zod';
import { cleanText } from '../text';
import type { FieldDefinition, FieldType, FormDefinition } from './definition';
import { fieldRules, type FieldRules } from './rules';

export type Answer = string | string[] | boolean | number;
export type Answers = Record<string, Answer>;
/** What the visitor sent, as sent: re-rendered into the form when something is wrong. */
export type RawAnswers = Record<string, string | string[]>;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const present = (v: unknown) =>
  v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0);

/** A string answer checked against its rules; '' stands for "not answered". */
function checkedString(rules: FieldRules, multiline: boolean) {
  const regex = rules.pattern ? new RegExp(`^(?:${rules.pattern})$`, 'u') : null;
  return z
    .preprocess(
      (v) => (typeof first(v) === 'string' ? cleanText(first(v) as string, multiline) : ''),
      z.string(),
    )
    .superRefine((v, ctx) => {
      if (v === '') return;
      const problem =
        rules.maxLength !== undefined && v.length > rules.maxLength
          ? rules.messages.tooLong
          : rules.minLength !== undefined && v.length < rules.minLength
            ? rules.messages.tooShort
            : regex && !regex.test(v)
              ? rules.messages.invalid
              : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

type Builder = (f: FieldDefinition, rules: FieldRules) => z.ZodType;
const options = (f: FieldDefinition) => f.options as [string, ...string[]];

/** One entry per field type: how its answer is cleaned, checked and typed. */
const builders: Record<FieldType, Builder> = {
  text: (_f, r) => checkedString(r, false),
  textarea: (_f, r) => checkedString(r, true),
  hidden: (_f, r) => checkedString(r, false),
  phone: (_f, r) => checkedString(r, false),
  date: (_f, r) =>
    checkedString(r, false).refine(
      (v) => v === '' || z.iso.date().safeParse(v).success,
      r.messages.invalid,
    ),
  email: (_f, r) =>
    checkedString(r, false).refine(
      (v) => v === '' || z.email().safeParse(v).success,
      r.messages.invalid,
    ),
  number: (_f, r) => checkedString(r, false).transform((v) => (v === '' ? '' : Number(v))),
  select: (f, r) =>
    checkedString(r, false).refine((v) => v === '' || options(f).includes(v), r.messages.invalid),
  radio: (f, r) => builders.select(f, r),
  checkbox_group: (f, r) =>
    z.preprocess(
      (v) =>
        (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) =>
          typeof x === 'string' ? cleanText(x) : '',
        ),
      z.array(z.enum(options(f), r.messages.invalid)).max(30),
    ),
  checkbox: () => z.preprocess((v) => present(first(v)), z.boolean()),
  consent: () => z.preprocess((v) => present(first(v)), z.boolean()),
};

const schemas = new WeakMap<FormDefinition, z.ZodType<Answers>>();

/**
 * Builds the Zod schema a form's answers must satisfy, from the form's definition. Built
 * once per definition object: published documents are cached and never change.
 */
export function answersSchema(form: FormDefinition): z.ZodType<Answers> {
  const cached = schemas.get(form);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {};
  for (const f of form.fields) {
    const rules = fieldRules(f);
    const base = builders[f.type](f, rules);
    shape[f.name] = rules.required ? base.refine(present, rules.messages.required) : base;
  }
  const schema = z.object(shape) as unknown as z.ZodType<Answers>;
  schemas.set(form, schema);
  return schema;
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
