import type { APIRoute } from 'astro';
import { healthAnswer } from '../http/health';

/** `astro dev`'s /healthz; under `npm start` the hot path answers it first, the same way. */
export const GET: APIRoute = async ({ locals }) => {
  const reachable = await locals.services.healthy().catch(() => false);
  const { status, body, headers } = healthAnswer(reachable);
  return new Response(body, { status, headers });
};
