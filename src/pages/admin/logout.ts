import type { APIRoute } from 'astro';
import { endSession } from '../../http/session-cookie';
import { redirect } from '../../http/responses';

export const POST: APIRoute = async ({ locals, cookies, request }) => {
  if (locals.session) await endSession(locals.db, cookies, request, locals.session.sessionId);
  return redirect('/admin/login');
};
