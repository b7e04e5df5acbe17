import type { APIRoute } from 'astro';
import { pingDatabase } from '../../db/client';
import { appConfig, database } from '../lib/runtime';

export const GET: APIRoute = async () => {
  const reachable = await database()
    .then((db) => pingDatabase(db, appConfig().databaseFile))
    .catch(() => false);
  return reachable
    ? Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } })
    : Response.json(
        {
          status: 'unavailable',
          error: { code: 'db_unreachable', message: 'The database is not reachable.' },
        },
        { status: 503, headers: { 'cache-control': 'no-store' } },
      );
};
