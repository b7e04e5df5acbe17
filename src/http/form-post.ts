import type { AstroGlobal } from 'astro';
import type { z } from 'zod';
import { BODY_ERROR_STATUS, readFormBody, type FormBody } from './body';

/** What an admin form page shows: errors by field, the values typed, a message on top. */
export type FormView = {
  errors: Record<string, string>;
  values: Record<string, string>;
  message: string;
};
export const emptyFormView = (): FormView => ({ errors: {}, values: {}, message: '' });

/** An action that got valid input but could not do it. */
export type ActionFailure = { status: number; message?: string; errors?: Record<string, string> };

/** The values to put back in the form: never passwords, never hidden `_` fields. */
function keptValues(body: FormBody): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body))
    if (typeof v === 'string' && !k.startsWith('_') && !/password/i.test(k)) values[k] = v;
  return values;
}

/**
 * The POST half of an admin form page: reads the body, validates it with `schema` and
 * runs `act` on valid data. Returns the Response to send (usually a redirect), or the view
 * to re-render — with the response status already set.
 */
export async function handleFormPost<S extends z.ZodType>(
  astro: Pick<AstroGlobal, 'request' | 'response'>,
  schema: S,
  act: (data: z.output<S>) => Promise<Response | ActionFailure>,
  limit = 64 * 1024,
): Promise<Response | FormView> {
  if (astro.request.method !== 'POST') return emptyFormView();
  const body = await readFormBody(astro.request, limit);
  if (!body.ok) {
    astro.response.status = BODY_ERROR_STATUS[body.code];
    return { ...emptyFormView(), message: body.message };
  }
  const values = keptValues(body.value);
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) {
    astro.response.status = 422;
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { errors, values, message: '' };
  }
  const result = await act(parsed.data);
  if (result instanceof Response) return result;
  astro.response.status = result.status;
  return { errors: result.errors ?? {}, values, message: result.message ?? '' };
}
