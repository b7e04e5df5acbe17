import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseTarget, type Db } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import { migrations } from '../../db/migrations/index';

/**
 * The suite runs on SQLite, or with TEST_DATABASE=postgres on PostgreSQL: every test and
 * every server then gets a database of its own, copied from a template migrated once per
 * run. TEST_POSTGRES_URL is an administrator's address on that server (the default suits
 * this machine's local PostgreSQL); the test of moving an install uses it on either run.
 */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const onPostgres = process.env.TEST_DATABASE === 'postgres';

const PREFIX = 'kt_';
/* Named after the migrations it holds (their code), so a changed migration builds a new one. */
const TEMPLATE = `${PREFIX}template_${createHash('sha256')
  .update(
    Object.values(migrations)
      .map((m) => `${m.up}`)
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 12)}`;

function urlOf(database: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export function postgresTarget(url: string): DatabaseTarget {
  return { dialect: 'postgres', url, poolSize: 4, statementTimeoutMs: 60_000, ssl: 'off' };
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/* A test database is named after the time it was made: one older than any run can last is
   a killed run's leftover, while a run going on beside this one keeps its databases. */
const LEFTOVER_AFTER_MS = 3 * 3_600_000;
function isLeftover(database: string): boolean {
  const made = /^kt_([0-9a-z]+)_[0-9a-f]+$/.exec(database);
  return made !== null && Date.now() - parseInt(made[1]!, 36) > LEFTOVER_AFTER_MS;
}

/**
 * The template every fresh database copies, created and migrated once per run (each test
 * project's global set-up calls this; the flag is in the one process that runs them).
 * `dropLeftovers` also drops what an earlier, killed run left behind: the test suite's
 * set-up does, a benchmark does not.
 */
export async function prepareTemplate({ dropLeftovers = false } = {}): Promise<void> {
  if (process.env.KINDLING_TEMPLATE_READY) return;
  await admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like '${PREFIX}%'`,
    );
    if (dropLeftovers)
      for (const { datname } of rows)
        if (isLeftover(datname)) await client.query(`drop database "${datname}" with (force)`);
    if (!rows.some((r) => r.datname === TEMPLATE))
      await client.query(`create database "${TEMPLATE}"`);
  });
  const db = openDatabase(postgresTarget(urlOf(TEMPLATE)));
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  process.env.KINDLING_TEMPLATE_READY = '1';
}

/** A new PostgreSQL database, migrated (or, `empty`, with no tables at all); its address. */
export async function freshPostgresUrl(empty = false): Promise<string> {
  const name = `${PREFIX}${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
  await admin(async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `create database "${name}" template "${empty ? 'template1' : TEMPLATE}"`,
        );
        return;
      } catch (error) {
        // Two files copying the template at the same moment: one waits its turn.
        if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  return urlOf(name);
}

export async function dropPostgres(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
}

/** A migrated database of the suite's dialect, and how to be rid of it. */
export async function freshDatabase(): Promise<{
  db: Db;
  target: DatabaseTarget;
  drop: () => Promise<void>;
}> {
  if (!onPostgres) {
    const db = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { db, target: { dialect: 'sqlite', file: ':memory:' }, drop: () => db.destroy() };
  }
  const url = await freshPostgresUrl();
  const target = postgresTarget(url);
  const db = openDatabase(target);
  return {
    db,
    target,
    drop: async () => {
      await db.destroy();
      await dropPostgres(url);
    },
  };
}
