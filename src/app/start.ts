/**
 * `npm start`: builds the server if the sources changed since the last build, builds the
 * services (opening and migrating the database), then serves with request logs and a
 * graceful SIGTERM.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { rescoreAfterRulesUpgrade } from '../domain/leads/rules-upgrade';
import { createHotPath, type AstroHandler } from '../http/hot-path';
import { startHealthThread } from '../http/health-thread';
import { logRequest } from '../http/request-log';
import { staticFiles } from '../http/static-files';
import { runPeriodically } from '../platform/periodic';
import { runLogged } from '../platform/run-logged';
import { periodicTasks } from './background-work';
import { clientDir, ensureBuilt, serverEntry } from './build-if-needed';
import { loadConfig } from './config';
import { stopGracefully } from './graceful-stop';
import { buildServices } from './services';

const log = (o: object) => console.log(JSON.stringify(o));

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureBuilt();
  const services = await buildServices(config);
  const { db, jobs } = services;

  const { handler } = (await import(pathToFileURL(serverEntry).href)) as {
    handler: AstroHandler;
  };
  const serve = createHotPath(services, { astro: handler, files: staticFiles(clientDir) });
  if (config.HEALTH_PORT !== undefined)
    startHealthThread({
      port: config.HEALTH_PORT,
      host: config.HOST,
      database: config.database,
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
    log({
      level: 'info',
      msg: 'listening',
      worker: jobs.worker,
      url: `http://${host}:${port}`,
      dataDir: config.dataDir,
    });
    console.log(`\n  Kindling is running at http://${host}:${port}/admin\n`);
  });

  // New scoring rules re-score every lead once (one instance does it, whichever claims it).
  void runLogged('rules upgrade rescore', () => rescoreAfterRulesUpgrade(db, Date.now()));
  jobs.start();
  const stopPeriodic = runPeriodically(
    db,
    periodicTasks(
      db,
      {
        purgeEveryMs: config.PURGE_EVERY_MS,
        decayEveryMs: config.DECAY_EVERY_MS,
        digestEveryMs: config.DIGEST_CHECK_EVERY_MS,
        experimentsEveryMs: config.EXPERIMENT_CHECK_EVERY_MS,
      },
      services.mail,
    ),
    jobs.worker,
    log,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log({ level: 'info', msg: 'shutting down', signal });
    stopGracefully(
      server,
      async () => {
        stopPeriodic();
        await services.close();
      },
      { deadlineMs: 10_000, log: (msg, extra) => log({ level: 'info', msg, ...extra }) },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
