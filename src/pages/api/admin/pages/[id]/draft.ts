import type { APIRoute } from 'astro';
import { z } from 'zod';
import { applyPageEdits } from '../../../../../domain/landing-pages/edit-form';
import { getEditablePage, saveDraft } from '../../../../../domain/landing-pages/pages';
import { BODY_ERROR_STATUS, readFormBody } from '../../../../../lib/http/body';
import { badRequest, conflict, jsonError, notFound } from '../../../../../lib/http/responses';

const autosaveSchema = z.looseObject({
  title: z.string().max(120).default(''),
  slug: z.string().max(60).default(''),
  revision: z.coerce.number().int().min(0),
});

/**
 * The editor's autosave: the same form the editor posts (every `doc.<path>` field), saved
 * as the draft without leaving the page. A stale revision is a conflict, never an overwrite.
 */
export const POST: APIRoute = async ({ locals, params, request }) => {
  const workspaceId = locals.session!.workspace.id;
  const page = await getEditablePage(locals.db, workspaceId, params.id ?? '');
  if (!page) return notFound('Page not found.');
  const body = await readFormBody(request, 512 * 1024);
  if (!body.ok) return jsonError(BODY_ERROR_STATUS[body.code], body.code, body.message);
  const form = autosaveSchema.safeParse(body.value);
  if (!form.success) return badRequest(form.error.issues[0]?.message ?? 'Invalid form.');
  const saved = await saveDraft(locals.db, {
    workspaceId,
    pageId: page.id,
    title: form.data.title,
    slug: form.data.slug.trim().toLowerCase(),
    document: applyPageEdits(page.document, form.data),
    expectedRevision: form.data.revision,
    now: Date.now(),
  });
  if (saved.ok) return Response.json({ revision: saved.value.revision });
  if (saved.code === 'conflict') return conflict(saved.message);
  return jsonError(422, saved.code, saved.message, { fields: saved.fields ?? {} });
};
