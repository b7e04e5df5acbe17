import type { APIRoute } from 'astro';
import { inboxQuerySchema } from '../../../domain/leads/inbox';
import { leadsCsvStream } from '../../../domain/leads/export';
import { badRequest } from '../../../http/responses';

/** The inbox's current view as a CSV download; `bom=1` makes the CSV for Excel:
 * the mark Excel needs for UTF-8, and phone numbers kept from Excel's arithmetic. */
export const GET: APIRoute = ({ locals, url }) => {
  const { bom, after: _, ...params } = Object.fromEntries(url.searchParams);
  // "Export selected" sends the ticked leads as repeated `lead=` parameters.
  const leads = url.searchParams.getAll('lead');
  const query = inboxQuerySchema.safeParse({ ...params, lead: leads.length ? leads : undefined });
  if (!query.success) {
    const issue = query.error.issues[0]!;
    return badRequest(`${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(
    leadsCsvStream(locals.db, locals.session!.workspace.id, query.data, { excel: bom === '1' }),
    {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="kindling-leads-${day}.csv"`,
        'cache-control': 'no-store',
      },
    },
  );
};
