import type { APIRoute } from 'astro';
import { leadData } from '../../../../domain/leads/lead-data';
import { notFound } from '../../../../http/responses';

/** Everything stored about the lead, as a JSON download (data-protection access requests). */
export const GET: APIRoute = async ({ locals, params }) => {
  const data = await leadData(locals.db, locals.session!.workspace.id, params.id ?? '');
  if (!data) return notFound('Lead not found.');
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="lead-${data.lead.id}.json"`,
      'cache-control': 'no-store',
    },
  });
};
