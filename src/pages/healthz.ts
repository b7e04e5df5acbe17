import type { APIRoute } from 'astro';
import { pingDatabase } from '../../db/client';
import { appConfig, database } from '../app/services';
import { healthAnswer } from '../http/health';

/** `astro dev`'s /healthz; under `npm start` the hot path answers it first, the same way. */
export const GET: APIRoute = async () => {
  const reachable = await database()
    .then((db) => pingDatabase(db, appConfig().databaseFile))
    .catch(() => false);
  const { status, body, headers } = healthAnswer(reachable);
  return new Response(body, { status, headers });
};
