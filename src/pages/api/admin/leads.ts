import type { APIRoute } from 'astro';
import { inboxPage, inboxQuerySchema } from '../../../domain/leads/inbox';
import { badRequest } from '../../../http/responses';

/** The inbox as JSON: the same filters, sort and cursor as /admin/leads. */
export const GET: APIRoute = async ({ locals, url }) => {
  const query = inboxQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.error.issues[0]!;
    return badRequest(`${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  return Response.json(await inboxPage(locals.db, locals.session!.workspace.id, query.data));
};
