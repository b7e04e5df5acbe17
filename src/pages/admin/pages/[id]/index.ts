import type { APIRoute } from 'astro';
import { getEditablePage } from '../../../../domain/landing-pages/pages';
import { redirect } from '../../../../http/responses';

/** A page's address in the admin is its editor (older links and bookmarks land there). */
export const ALL: APIRoute = async ({ locals, params, request, rewrite }) => {
  const page = await getEditablePage(locals.db, locals.session!.workspace.id, params.id ?? '');
  if (!page) return rewrite('/404');
  return redirect(`/admin/pages/${page.id}/edit`, request.method === 'GET' ? 302 : 308);
};
