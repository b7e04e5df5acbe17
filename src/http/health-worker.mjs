/**
 * The liveness endpoint on its own thread (HEALTH_PORT). Under a flood the main event loop
 * takes in new connections one per turn, and a turn lasts as long as the requests already
 * read take: a probe's fresh connection waits in the accept backlog behind every client
 * that connected before it (seen: 15 s at 200 connections). This thread has an event loop
 * of its own, so it answers within milliseconds; it reports the main thread alive while its
 * heartbeat is recent, and the database reachable through a connection of its own.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/* Plain JavaScript: a worker thread does not get the tsx loader the server runs under.
   workerData is { port, host, databaseFile, heartbeat, staleAfterMs } (health-thread.ts). */

/** @type {import('./health-thread').HealthWorkerData} */
const data = workerData;
const beat = new BigInt64Array(data.heartbeat);
/** @type {SQLite.Database | null} */
let db = null;

function databaseReachable() {
  try {
    db ??= new SQLite(data.databaseFile, { readonly: true, fileMustExist: true });
    db.prepare('select 1').get();
    return existsSync(data.databaseFile);
  } catch {
    db?.close();
    db = null;
    return false;
  }
}

const server = createServer((req, res) => {
  if (req.url !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"error":{"code":"not_found","message":"Only GET /healthz is served here."}}');
    return;
  }
  const mainAlive = Date.now() - Number(Atomics.load(beat, 0)) < data.staleAfterMs;
  const dbOk = databaseReachable();
  const ok = mainAlive && dbOk;
  const body = JSON.stringify(
    ok
      ? { status: 'ok' }
      : {
          status: 'unavailable',
          error: mainAlive
            ? { code: 'db_unreachable', message: 'The database is not reachable.' }
            : { code: 'stalled', message: 'The server has not run its timers for a while.' },
        },
  );
  res
    .writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(req.method === 'HEAD' ? undefined : body);
});
server.listen(data.port, data.host);
