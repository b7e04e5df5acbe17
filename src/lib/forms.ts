import type { z } from 'zod';
import type { FormBody } from './http/body';

export type FormState<T> =
  | { ok: true; data: T }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/** Validates an admin form with its schema; on failure, errors by field and the values typed. */
export function parseForm<S extends z.ZodType>(schema: S, body: FormBody): FormState<z.output<S>> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body))
    if (typeof v === 'string' && !k.startsWith('_') && !/password/i.test(k)) values[k] = v;
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues)
    errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { ok: false, errors, values };
}
