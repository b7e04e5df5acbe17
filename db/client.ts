import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { setBounded } from '../src/shared/bounded-map';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** Where the data lives: one SQLite file (the default), or a PostgreSQL server. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string }
  | {
      dialect: 'postgres';
      url: string;
      poolSize: number;
      statementTimeoutMs: number;
      /** `off`; `require` (encrypted, any certificate); `verify` (a certificate the system trusts). */
      ssl: 'off' | 'require' | 'verify';
    };

/**
 * Opens the database the target names. This is the only place that knows the dialects:
 * everything else speaks Kysely, and the few statements whose SQL must differ ask
 * `isPostgres`.
 */
export function openDatabase(target: DatabaseTarget): Db {
  return target.dialect === 'sqlite' ? openSqlite(target.file) : openPostgres(target);
}

/** The SQLite file at `file` (':memory:' for tests). */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers (page views, the admin) proceed while a submission commits.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
}

/**
 * Kysely prepares every query afresh; preparing costs as much as running a small query.
 * The same SQL text always compiles to the same statement, so keep the last few hundred.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return Object.assign(Object.create(sqlite) as SQLite.Database, {
    prepare: (source: string) =>
      cache.get(source) ?? setBounded(cache, source, prepare(source), size),
    close: () => sqlite.close(),
  });
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * The same JavaScript types as SQLite gives: timestamps are epoch-ms `bigint` columns and
 * `count(*)` is int8, which `pg` returns as strings by default. They come back as numbers;
 * a value past the safe-integer range is refused rather than silently rounded. Set per pool
 * (not on pg's global `types`), so nothing else in the process is changed.
 */
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseSafeInteger;
    if (oid === NUMERIC_OID) return Number;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function parseSafeInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`Integer ${text} is outside JavaScript's safe range`);
  return n;
}

/** pg's TLS option from our setting: `require` encrypts without checking who answers. */
export function pgSsl(mode: 'off' | 'require' | 'verify'): pg.PoolConfig['ssl'] {
  return mode === 'off' ? false : { rejectUnauthorized: mode === 'verify' };
}

function openPostgres(target: Extract<DatabaseTarget, { dialect: 'postgres' }>): Db {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize,
    ssl: pgSsl(target.ssl),
    types: pgTypes,
    // A runaway query ends on the server, and its connection returns to the pool.
    statement_timeout: target.statementTimeoutMs,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    // Tools and tests end when their work does, without waiting out idle connections.
    allowExitOnIdle: true,
    application_name: 'kindling',
  });
  // A connection the server drops (restart, failover, a terminated backend) must not crash
  // the process: pg emits 'error' on the pool for an idle connection and on the connection
  // itself while it is checked out, where nothing else listens. Its query fails anyway, and
  // the pool replaces a broken connection on the next checkout.
  const lost = (error: Error) =>
    console.log(
      JSON.stringify({ level: 'warn', msg: 'database connection lost', error: String(error) }),
    );
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Whether `db` talks to PostgreSQL (or a database that speaks its protocol). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * True when the database answers a query and, for SQLite, its file is still on disk: an
 * open handle keeps answering after the file is deleted, silently writing to nowhere.
 */
export async function pingDatabase(db: Db, target: DatabaseTarget): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return target.dialect === 'postgres' || target.file === ':memory:' || existsSync(target.file);
  } catch {
    return false;
  }
}

/**
 * Whether a write failed on a unique index: the one way two writers racing for the same
 * number or name is told, on either dialect (SQLite's constraint code, PostgreSQL's 23505).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505'
  );
}
