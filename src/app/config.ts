import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from '../../db/client';
import { PRODUCTION_HASH_COST } from '../domain/auth/password';

const boolFlag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).max(255).default('localhost'),
  /**
   * Serve the liveness probe (GET /healthz) also on this port, from a thread of its own: it
   * answers in milliseconds however busy the main port is. Point orchestrators here.
   */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATA_DIR: z.string().min(1).max(4096).default('./data'),
  /**
   * postgres://user:password@host:5432/db puts the data on PostgreSQL, which several
   * instances share. Unset: one SQLite file in DATA_DIR, nothing to set up.
   */
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: 'DATABASE_URL is a postgres:// address, like postgres://kindling@db:5432/kindling',
    })
    .optional(),
  /** Connections each instance keeps open to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** A PostgreSQL statement running longer than this is cancelled by the server. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** TLS to PostgreSQL: off, require (encrypted), verify (and the certificate checked). */
  DATABASE_SSL: z.enum(['off', 'require', 'verify']).default('off'),
  /** `closed` turns off open sign-up whatever the owner's setting says. */
  SIGNUP: z.enum(['open', 'closed']).optional(),
  /** Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of us. */
  TRUST_PROXY: boolFlag.default(false),
  /** Force Secure + __Host- session cookies even when the request looks like plain http. */
  COOKIE_SECURE: boolFlag.optional(),
  /** Secret mixed into IP hashes; generated into DATA_DIR when unset. */
  HASH_SALT: z.string().min(16).max(256).optional(),
  /**
   * log2 of scrypt's N for new password hashes: 17 (OWASP's N=2^17) unless NODE_ENV=test,
   * where a cheaper hash lets the suite run on two cores. Higher is allowed anywhere.
   */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(PRODUCTION_HASH_COST),
  NODE_ENV: z.string().max(40).optional(),
  LOG_REQUESTS: boolFlag.default(true),
  /** Form submissions allowed per minute from one IP, and to one page (all instances together). */
  SUBMIT_LIMIT_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  SUBMIT_LIMIT_PER_PAGE: z.coerce.number().int().min(1).max(10_000_000).default(1_000),
  /** Tracker beacons accepted per minute from one IP (per instance); a visitor sends ~6. */
  BEACON_LIMIT_PER_IP: z.coerce.number().int().min(1).max(10_000_000).default(600),
  /**
   * Serve published pages on their own origin (e.g. https://pages.example.com), apart from
   * the admin's: the admin answers 404 there, and page addresses elsewhere redirect to it.
   */
  PUBLIC_ORIGIN: z
    .url({
      protocol: /^https?$/,
      error: 'PUBLIC_ORIGIN is an http(s) origin, like https://pages.example.com',
    })
    .transform((u) => new URL(u).origin)
    .optional(),
  /**
   * Where this install is reached (e.g. https://kindling.example.com): canonical addresses,
   * the sitemap and links in invitations are built from it, never from a request's Host
   * header. Unset, it is http://HOST:PORT, which suits a trial on one machine.
   */
  SITE_URL: z
    .url({
      protocol: /^https?$/,
      error: 'SITE_URL is an http(s) address, like https://kindling.example.com',
    })
    .transform((u) => new URL(u).origin)
    .optional(),
  /**
   * Where uploaded images are kept: `folder` (DATA_DIR/assets; instances must share
   * DATA_DIR) or `database` (every instance sees them, wherever it runs).
   */
  BLOB_STORE: z.enum(['folder', 'database']).default('folder'),
  /** How often the retention purge runs (once per period, whatever the instance count). */
  PURGE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(7 * 86_400_000)
    .default(6 * 3_600_000),
  /** How often every lead is scored again as behaviour fades (once per period). */
  DECAY_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(7 * 86_400_000)
    .default(86_400_000),
  /** How often running tests set to promote their winner unasked are judged. */
  EXPERIMENT_CHECK_EVERY_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  /** How often members' digest hours are checked (a digest goes once a day per member). */
  DIGEST_CHECK_EVERY_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(600_000),
  /** How long a claimed job is its instance's: past it, another instance takes the job over. */
  JOB_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * Background jobs one instance runs at a time. Most wait on the network (a CRM's webhook
   * answer, an SMTP server), so several overlap; the database work among them is short.
   */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /**
   * The SMTP server mail goes through, e.g. smtps://user:password@smtp.example.com:465 or
   * smtp://localhost:25. Unset: nothing is delivered; every mail is kept and shown in
   * Settings → Outgoing mail.
   */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'SMTP_URL is an smtp:// or smtps:// address' })
    .optional(),
  /** The sender of every mail, e.g. "Kindling <leads@example.com>". */
  MAIL_FROM: z.string().min(3).max(320).default('Kindling <kindling@localhost>'),
  /** Mails one workspace may send an hour (all instances together); the rest are kept. */
  MAIL_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(120),
  /**
   * Let webhooks reach private, loopback and link-local addresses (and plain http): for
   * self-hosters whose receivers live inside their own network. Off, such targets are
   * refused after DNS resolution and again on every connection.
   */
  WEBHOOKS_ALLOW_INTERNAL: boolFlag.default(false),
  /** DNS servers webhook addresses are resolved with (host or host:port, comma-separated). */
  WEBHOOK_DNS_SERVERS: z
    .string()
    .max(500)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .optional(),
  /**
   * The waits between a failing webhook's attempts in ms, comma-separated; unset, the
   * Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h).
   */
  WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .max(500)
    .transform((v) => v.split(',').map((s) => Number(s.trim())))
    .pipe(z.array(z.number().int().min(0).max(86_400_000)).min(1).max(20))
    .optional(),
  /** REST API requests one key may make a minute (all instances together). */
  API_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** How long a returning lead's activity settles before the lead is scored again. */
  RESCORE_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
});

export type Config = z.infer<typeof envSchema> & {
  dataDir: string;
  /** DATABASE_URL's PostgreSQL, else DATA_DIR/kindling.sqlite. */
  database: DatabaseTarget;
  /** SITE_URL, or where a trial on one machine answers. */
  siteOrigin: string;
};

/** Parses the environment once; a bad value stops start-up with a message naming it. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema
    .refine((c) => c.PASSWORD_HASH_COST >= PRODUCTION_HASH_COST || c.NODE_ENV === 'test', {
      path: ['PASSWORD_HASH_COST'],
      message: `below ${PRODUCTION_HASH_COST} only in tests (NODE_ENV=test): weaker hashes are cracked sooner`,
    })
    .safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const dataDir = resolve(parsed.data.DATA_DIR);
  const { HOST, PORT, SITE_URL } = parsed.data;
  const host = HOST === '0.0.0.0' || HOST === '::' ? 'localhost' : HOST;
  return {
    ...parsed.data,
    dataDir,
    database: parsed.data.DATABASE_URL
      ? {
          dialect: 'postgres',
          url: parsed.data.DATABASE_URL,
          poolSize: parsed.data.DATABASE_POOL_SIZE,
          statementTimeoutMs: parsed.data.DATABASE_STATEMENT_TIMEOUT_MS,
          ssl: parsed.data.DATABASE_SSL,
        }
      : { dialect: 'sqlite', file: join(dataDir, 'kindling.sqlite') },
    siteOrigin: SITE_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${PORT}`,
  };
}
