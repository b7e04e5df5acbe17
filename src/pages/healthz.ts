import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { database } from '../lib/runtime';

export const GET: APIRoute = async () => {
  try {
    const db = await database();
    await sql`select 1`.execute(db);
    return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return Response.json({ status: 'unavailable', error: { code: 'db_unreachable', message: 'The database is not reachable.' } }, { status: 503 });
  }
};
