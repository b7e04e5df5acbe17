/**
 * `npm start`: builds the server if the sources changed since the last build, applies
 * migrations, then serves with request logs and a graceful SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { closeSharedDb, openDatabase, pingDatabase, setSharedDb } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import { loadConfig } from './config';
import { rescoreAfterRulesUpgrade } from '../domain/leads/rules-upgrade';
import { runLogged } from '../platform/run-logged';
import { clientDir, ensureBuilt, serverEntry } from './build-if-needed';
import { BeaconWriter } from '../platform/beacon-writer';
import { createHotPath } from '../http/hot-path';
import { staticAssets } from '../http/static-files';
import { stopGracefully } from './graceful-stop';
import { boundedHealthCheck } from '../http/health';
import { startHealthThread } from '../http/health-thread';
import { JobRunner } from '../platform/job-runner';
import { runPeriodically } from '../platform/periodic';
import { jobHandlers, periodicTasks, scheduleLeadRescore } from './background-work';
import { logRequest } from '../http/request-log';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureBuilt();
  const db = openDatabase(config.databaseFile);
  const migrated = await migrateToLatest(db);
  const applied = migrated.results?.filter((r) => r.status === 'Success').length ?? 0;
  if (applied)
    console.log(JSON.stringify({ level: 'info', msg: 'migrations applied', count: applied }));
  setSharedDb(db);

  // The adapter would start its own server on import; we own the server to log and drain.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(serverEntry).href)) as { handler: Handler };
  const log = (o: object) => console.log(JSON.stringify(o));
  const jobs = new JobRunner(db, jobHandlers(db), {
    pollMs: 250,
    concurrency: 2,
    leaseMs: config.JOB_LEASE_MS,
    log,
  });
  // A returning lead's beacons: one debounced re-score job per lead, run by any instance.
  const beacons = new BeaconWriter(db, (leadId) =>
    scheduleLeadRescore(db, leadId, config.RESCORE_DELAY_MS, Date.now())
      .then(() => jobs.kick())
      .catch((error: unknown) =>
        log({ level: 'error', msg: 'rescore not scheduled', error: String(error) }),
      ),
  );
  const serve = createHotPath(db, {
    beacons,
    trustProxy: config.TRUST_PROXY,
    pagesOrigin: config.PUBLIC_ORIGIN,
    healthy: boundedHealthCheck(() => pingDatabase(db, config.databaseFile)),
    astro: handler,
    assets: staticAssets(clientDir),
  });
  if (config.HEALTH_PORT !== undefined)
    startHealthThread({
      port: config.HEALTH_PORT,
      host: config.HOST,
      databaseFile: config.databaseFile,
    });
  const server = createServer((req, res) => {
    if (config.LOG_REQUESTS) logRequest(req, res);
    serve(req, res);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'listening',
        worker: jobs.worker,
        url: `http://${host}:${port}`,
        dataDir: config.dataDir,
      }),
    );
    console.log(`\n  Kindling is running at http://${host}:${port}/admin\n`);
  });

  // New scoring rules re-score every lead once (one instance does it, whichever claims it).
  void runLogged('rules upgrade rescore', () => rescoreAfterRulesUpgrade(db, Date.now()));
  jobs.start();
  const stopPeriodic = runPeriodically(
    db,
    periodicTasks(db, { purgeEveryMs: config.PURGE_EVERY_MS, decayEveryMs: config.DECAY_EVERY_MS }),
    jobs.worker,
    log,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: 'info', msg: 'shutting down', signal }));
    stopGracefully(
      server,
      async () => {
        stopPeriodic();
        await beacons.flush();
        await jobs.stop();
        await closeSharedDb();
      },
      {
        deadlineMs: 10_000,
        log: (msg, extra) => console.log(JSON.stringify({ level: 'info', msg, ...extra })),
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
