import type { APIRoute } from 'astro';
import { redirect } from '../http/responses';

/** The product lives in the admin; published pages live under /p/. */
export const GET: APIRoute = () => redirect('/admin', 302);
