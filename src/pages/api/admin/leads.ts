import type { APIRoute } from 'astro';
import { leadListQuerySchema, listLeads } from '../../../domain/leads/queries';
import { badRequest } from '../../../lib/http/responses';

export const GET: APIRoute = async ({ locals, url }) => {
  const query = leadListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return badRequest(query.error.issues[0]?.message ?? 'Invalid filter.');
  return Response.json({
    leads: await listLeads(locals.db, locals.session!.workspace.id, query.data),
  });
};
