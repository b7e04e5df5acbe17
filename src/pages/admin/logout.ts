import type { APIRoute } from 'astro';
import { endSession } from '../../http/session-cookie';
import { redirect } from '../../http/responses';

export const POST: APIRoute = async (context) => {
  const { session } = context.locals;
  if (session) await endSession(context, session.sessionId);
  return redirect('/admin/login');
};
