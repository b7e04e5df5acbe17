import { setPasswordHashCost } from '../domain/auth/password';
import { settleInstanceSetting } from '../domain/workspaces/instance-settings';
import { openDatabase, pingDatabase, type Db } from '../../db/client';
import { migrateAtStart } from '../../db/migrator';
import { LivePages } from '../domain/landing-pages/live-pages';
import { ActiveModels } from '../domain/scoring/model-store';
import { BeaconWriter } from '../http/beacon-writer';
import { ExposureWriter } from '../http/exposure-writer';
import { blobStoreFor } from '../platform/blobs';
import type { BlobStore, ImageProcessor } from '../shared/ports';
import { sharpImages } from '../platform/images';
import { InstanceSecret } from '../platform/instance-secret';
import { ipSalt } from '../platform/ip-salt';
import { JobRunner } from '../platform/job-runner';
import { smtpTransport } from '../platform/mail-transport';
import { randomBytes } from 'node:crypto';
import { RateLimiter } from '../platform/rate-limit';
import { RenderCache } from '../http/render-cache';
import { SecretBox } from '../platform/secret-box';
import { outboundPoster } from '../platform/outbound-http';
import { SharedRateLimiter } from '../platform/shared-limiter';
import { STANDARD_RETRY_SCHEDULE_MS, type WebhookWork } from '../domain/webhooks/deliveries';
import { boundedHealthCheck } from '../http/health';
import { pagesOrigin } from '../http/public-origin';
import { jobHandlers, type MailWork } from './background-work';
import { scheduleLeadRescore } from '../domain/jobs/kinds';
import type { Config } from './config';

/**
 * Every service Kindling runs on, built in one place from config: a newcomer finds here
 * what each one is and what backs it. The Node front gets them as an argument and Astro's
 * routes as `Astro.locals.services`; nothing reaches them through a global.
 *
 * Shared by instances (through the database): data, jobs, the submission limits, blobs
 * (BLOB_STORE=database, or a shared DATA_DIR), the IP-hash salt. Kept per instance, on
 * purpose: caches of what the database says (renders, live pages, scoring models; each is
 * keyed or timed so that another instance's change is seen within seconds) and the beacon
 * flood limit (analytics at thousands a second; see its note below).
 */
/** Wrong API keys one address may send a minute before it must wait. */
const API_FAILURES_PER_MINUTE = 20;

export type Services = {
  config: Config;
  db: Db;
  clock: { now: () => number };
  /** Uploaded images: a folder or the database (BLOB_STORE). */
  blobs: BlobStore;
  images: ImageProcessor;
  /** The salt of IP hashes, one for every instance (HASH_SALT, else kept in the database). */
  ipSalt: InstanceSecret;
  /** What is live at each slug: a one-second memo of one indexed read. */
  livePages: LivePages;
  /** Published pages' HTML, by version and settings (see render-cache.ts). */
  renders: RenderCache;
  /** The scoring model in force per workspace: a two-second memo. */
  scoringModels: ActiveModels;
  limits: {
    /** Form submissions per network and per page: counters every instance shares. */
    submitPerIp: SharedRateLimiter;
    submitPerPage: SharedRateLimiter;
    /** REST API requests per key. */
    apiPerKey: SharedRateLimiter;
    /** REST API requests with a key that is not valid, per address: guessing is slowed. */
    apiFailuresPerIp: SharedRateLimiter;
    /* Per instance on purpose: a database write per beacon to count them would cost more
       than the flood it stops. N instances allow N times these. */
    beaconPerIp: RateLimiter;
    beaconPerVisitor: RateLimiter;
  };
  /** Mail: the SMTP transport (null: mail is kept, not sent), the hourly cap, the link key. */
  mail: MailWork;
  /** Webhooks: the box their signing secrets are sealed in, the SSRF guard, the retries. */
  webhooks: WebhookWork;
  /** The durable job queue's runner on this instance (every instance drains one table). */
  jobs: JobRunner;
  /** Beacons, written in batches behind the response. */
  beacons: BeaconWriter;
  /** First views of pages under test, written in batches behind the response. */
  exposures: ExposureWriter;
  /** The database answers (and, for SQLite, its file is still there), bounded in time. */
  healthy: () => Promise<boolean>;
  /** Writes what is queued and closes the database; the server has stopped taking requests. */
  close: () => Promise<void>;
};

const log = (o: object) => console.log(JSON.stringify(o));

/** Opens (and migrates) the database and builds every service on it. */
export async function buildServices(config: Config): Promise<Services> {
  setPasswordHashCost(config.PASSWORD_HASH_COST);
  const db = openDatabase(config.database);
  const schema = await migrateAtStart(db);
  if (schema.state === 'ahead')
    log({
      level: 'warn',
      msg: 'the database is ahead of this version (a newer one migrated it); serving on it',
      unknown: schema.unknown,
    });
  else if (schema.applied) log({ level: 'info', msg: 'migrations applied', count: schema.applied });
  return servicesOn(db, config);
}

/** The services on an open, migrated database (tests and tools bring their own). */
export function servicesOn(db: Db, config: Config): Services {
  const clock = { now: () => Date.now() };
  const transport = config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.MAIL_FROM) : null;
  const mail: MailWork = {
    transport,
    desk: {
      delivering: transport !== null,
      hourlyCap: new SharedRateLimiter('mail-workspace', config.MAIL_LIMIT_PER_HOUR, 3_600_000),
    },
    key: new InstanceSecret(
      (proposal) => settleInstanceSetting(db, 'mail_key', proposal),
      () => randomBytes(32).toString('base64url'),
    ),
    adminOrigin: config.siteOrigin,
    pagesOrigin: pagesOrigin(config),
  };
  const webhooks: WebhookWork = {
    // Signing secrets are sealed under a key derived from the instance's link key.
    box: new SecretBox(() => mail.key.get(), 'webhook-signing-secrets'),
    outbound: outboundPoster({
      allowInternal: config.WEBHOOKS_ALLOW_INTERNAL,
      dnsServers: config.WEBHOOK_DNS_SERVERS,
    }),
    retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE_MS ?? STANDARD_RETRY_SCHEDULE_MS,
  };
  const jobs = new JobRunner(db, jobHandlers(db, mail, webhooks), {
    pollMs: 250,
    concurrency: config.JOB_CONCURRENCY,
    leaseMs: config.JOB_LEASE_MS,
    log,
  });
  // A returning lead's beacons: one debounced re-score job per lead, run by any instance.
  const beacons = new BeaconWriter(
    db,
    (leadId) =>
      scheduleLeadRescore(db, leadId, config.RESCORE_DELAY_MS, clock.now())
        .then(() => jobs.kick())
        .catch((error: unknown) =>
          log({ level: 'error', msg: 'rescore not scheduled', error: String(error) }),
        ),
    // Half the pool writes beacons; the rest stays for requests and jobs.
    config.database.dialect === 'postgres'
      ? Math.max(1, Math.floor(config.database.poolSize / 2))
      : 1,
  );
  const exposures = new ExposureWriter(db);
  return {
    config,
    db,
    clock,
    blobs: blobStoreFor(config.BLOB_STORE, db, config.dataDir),
    images: sharpImages,
    ipSalt: ipSalt(config, (proposal) => settleInstanceSetting(db, 'hash_salt', proposal)),
    livePages: new LivePages(db),
    renders: new RenderCache(),
    scoringModels: new ActiveModels(db),
    limits: {
      submitPerIp: new SharedRateLimiter('submit-ip', config.SUBMIT_LIMIT_PER_IP, 60_000),
      submitPerPage: new SharedRateLimiter('submit-page', config.SUBMIT_LIMIT_PER_PAGE, 60_000),
      apiPerKey: new SharedRateLimiter('api-key', config.API_LIMIT_PER_MINUTE, 60_000),
      apiFailuresPerIp: new SharedRateLimiter('api-key-failures', API_FAILURES_PER_MINUTE, 60_000),
      beaconPerIp: new RateLimiter(config.BEACON_LIMIT_PER_IP, 60_000),
      beaconPerVisitor: new RateLimiter(240, 60_000),
    },
    mail,
    webhooks,
    jobs,
    beacons,
    exposures,
    healthy: boundedHealthCheck(() => pingDatabase(db, config.database)),
    close: async () => {
      await beacons.flush();
      await exposures.flush();
      await jobs.stop();
      transport?.close();
      await db.destroy();
    },
  };
}
