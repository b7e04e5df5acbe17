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
import pg from 'pg';

/* Plain JavaScript: a worker thread does not get the tsx loader the server runs under.
   workerData is { port, host, database, heartbeat, staleAfterMs } (health-thread.ts). */

/** @type {import('./health-thread').HealthWorkerData} */
const data = workerData;
const beat = new BigInt64Array(data.heartbeat);
const target = data.database;

/** @type {SQLite.Database | null} */
let sqlite = null;

function sqliteReachable() {
  try {
    sqlite ??= new SQLite(target.file, { readonly: true, fileMustExist: true });
    sqlite.prepare('select 1').get();
    return existsSync(target.file);
  } catch {
    sqlite?.close();
    sqlite = null;
    return false;
  }
}

/** One connection of its own, at most one ping in flight, two seconds to answer. */
const pool =
  target.dialect === 'postgres'
    ? new pg.Pool({
        connectionString: target.url,
        max: 1,
        ssl: target.ssl === 'off' ? false : { rejectUnauthorized: target.ssl === 'verify' },
        connectionTimeoutMillis: 2_000,
        statement_timeout: 2_000,
        query_timeout: 2_500,
      })
    : null;
pool?.on('error', () => {});
// A checked-out connection's loss is emitted on the connection; the probe's query fails anyway.
pool?.on('connect', (client) => client.on('error', () => {}));

async function postgresReachable() {
  try {
    await pool.query('select 1');
    return true;
  } catch {
    return false;
  }
}

const databaseReachable = () =>
  target.dialect === 'postgres' ? postgresReachable() : Promise.resolve(sqliteReachable());

const server = createServer(async (req, res) => {
  if (req.url !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"error":{"code":"not_found","message":"Only GET /healthz is served here."}}');
    return;
  }
  const mainAlive = Date.now() - Number(Atomics.load(beat, 0)) < data.staleAfterMs;
  const dbOk = await databaseReachable();
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
