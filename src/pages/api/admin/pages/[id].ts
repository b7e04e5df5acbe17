import { can } from '../../../../domain/auth/permissions';
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { findPageRow, getEditablePage, saveDraft } from '../../../../domain/landing-pages/pages';
import { BODY_ERROR_STATUS, readJsonBody } from '../../../../http/body';
import { badRequest, conflict, forbidden, jsonError, notFound } from '../../../../http/responses';

/** The editor's draft API: read the draft, and save it with a revision check. */
export const GET: APIRoute = async ({ locals, params }) => {
  const page = await getEditablePage(locals.db, locals.session!.workspace.id, params.id ?? '');
  return page ? Response.json({ page }) : notFound('Page not found.');
};

const saveSchema = z.object({
  title: z.string().max(120),
  slug: z.string().max(60),
  revision: z.number().int().min(0),
  document: z.unknown(),
});

export const PUT: APIRoute = async ({ locals, params, request }) => {
  const session = locals.session!;
  if (!can(session, 'edit-pages')) return forbidden('Viewers cannot edit pages.');
  // Another workspace's page id is not found, whatever the body says.
  // A row lookup, not the whole draft: this runs on every autosave.
  if (!(await findPageRow(locals.db, session.workspace.id, params.id ?? '')))
    return notFound('Page not found.');
  const body = await readJsonBody(request, 512 * 1024);
  if (!body.ok) return jsonError(BODY_ERROR_STATUS[body.code], body.code, body.message);
  const input = saveSchema.safeParse(body.value);
  if (!input.success) return badRequest(input.error.issues[0]?.message ?? 'Invalid request.');
  const saved = await saveDraft(locals.db, {
    workspaceId: session.workspace.id,
    pageId: params.id ?? '',
    title: input.data.title,
    slug: input.data.slug,
    document: input.data.document,
    expectedRevision: input.data.revision,
    now: locals.services.clock.now(),
  });
  if (saved.ok) {
    // A renamed published page left its old address: this instance stops serving it now.
    locals.services.livePages.forget(saved.value.slugBefore);
    return Response.json({ revision: saved.value.revision });
  }
  if (saved.code === 'not_found') return notFound('Page not found.');
  if (saved.code === 'conflict') return conflict(saved.message);
  return jsonError(422, saved.code, saved.message, { fields: saved.fields ?? {} });
};
