import type { APIRoute } from 'astro';
import { answerApiV1 } from '../../../http/api-v1';

/** The REST API (see src/http/api-v1.ts and /api/v1/openapi.json). */
export const ALL: APIRoute = ({ locals, request, params, url }) =>
  answerApiV1(locals.services, request, params.path ?? '', url);
