import { z } from 'zod';
import { FIELD_MEANINGS, FIELD_TYPES, type FormDefinition } from '../forms/definition';
import type { Answer, Answers } from '../forms/answers';

const answerSchema = z.union([
  z.string().max(5000),
  z.array(z.string().max(500)).max(30),
  z.boolean(),
  z.number(),
]);

/**
 * A submission keeps its answers with the label and meaning the form had when it was sent,
 * so later edits to the page never change what a lead told us.
 */
export const storedAnswersSchema = z
  .array(
    z.object({
      name: z.string().max(40),
      label: z.string().max(200),
      type: z.enum(FIELD_TYPES),
      meaning: z.enum(FIELD_MEANINGS),
      value: answerSchema,
    }),
  )
  .max(30);
export type StoredAnswers = z.infer<typeof storedAnswersSchema>;

/** Unanswered optional fields are left out; an unticked box (consent refused) is kept. */
export function snapshotAnswers(form: FormDefinition, answers: Answers): StoredAnswers {
  const answered = (v: Answers[string] | undefined) =>
    v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  return form.fields
    .filter((f) => answered(answers[f.name]))
    .map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      meaning: f.meaning,
      value: answers[f.name]!,
    }));
}

export const readStoredAnswers = (json: string): StoredAnswers =>
  storedAnswersSchema.parse(JSON.parse(json));

export function byMeaning(stored: StoredAnswers): Partial<Record<string, Answer>> {
  const out: Partial<Record<string, Answer>> = {};
  for (const a of stored)
    if (a.meaning !== 'none' && a.value !== '' && a.value !== false) out[a.meaning] = a.value;
  return out;
}

/** An answer as one line of text: a list joined, a box ticked or not as yes or no. */
export const answerText = (value: Answer): string =>
  Array.isArray(value)
    ? value.join('; ')
    : typeof value === 'boolean'
      ? value
        ? 'yes'
        : 'no'
      : String(value);
