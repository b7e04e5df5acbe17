import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { setBounded } from '../src/platform/bounded-map';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/**
 * Opens the SQLite database at `file` (':memory:' for tests). This is the only place that
 * knows the dialect: everything else speaks Kysely and stays portable to PostgreSQL.
 */
export function openDatabase(file: string): Db {
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

/**
 * True when the database answers a query and, for SQLite, its file is still on disk: an
 * open handle keeps answering after the file is deleted, silently writing to nowhere.
 */
export async function pingDatabase(db: Db, file: string): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return file === ':memory:' || existsSync(file);
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
