import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase, type Db } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import { dropPostgres, freshPostgresUrl, onPostgres, postgresTarget } from './test-database';

/*
 * A test server's database, reached from the test: the SQLite file in its DATA_DIR, or, on
 * PostgreSQL, the database whose address is noted in that DATA_DIR (so a server restarted
 * on the same DATA_DIR finds the same data, as it would find the same file).
 */

const urlFile = (dataDir: string) => join(dataDir, 'test-database-url');
const sqliteFile = (dataDir: string) => join(dataDir, 'kindling.sqlite');

/** The environment a server on `dataDir` needs for its database (made on first use). */
export async function databaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (!onPostgres) return {};
  if (!existsSync(urlFile(dataDir))) writeFileSync(urlFile(dataDir), await freshPostgresUrl());
  return { DATABASE_URL: readFileSync(urlFile(dataDir), 'utf8') };
}

/** Drops the PostgreSQL database of `dataDir`, if it has one. */
export async function dropDatabaseOf(dataDir: string): Promise<void> {
  if (onPostgres && existsSync(urlFile(dataDir)))
    await dropPostgres(readFileSync(urlFile(dataDir), 'utf8'));
}

/**
 * Takes the server's database away under it: the SQLite files deleted (an open handle
 * keeps answering, so the check must notice the file is gone), or the PostgreSQL
 * database dropped with its connections.
 */
export async function removeDatabaseOf(dataDir: string): Promise<void> {
  if (onPostgres) return dropDatabaseOf(dataDir);
  for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile(dataDir) + suffix, { force: true });
}

/** The server's database, opened and migrated from the test (to seed it before a start). */
export async function openServerDb(dataDir: string): Promise<Db> {
  const db = onPostgres
    ? openDatabase(postgresTarget((await databaseEnv(dataDir)).DATABASE_URL!))
    : openDatabase({ dialect: 'sqlite', file: sqliteFile(dataDir) });
  await migrateToLatest(db);
  return db;
}

/** A parameter written into the SQL as a literal (psql takes no bound parameters). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** `?` placeholders (outside quoted text) replaced by literals. */
function inline(query: string, params: unknown[]): string {
  let i = 0;
  return query
    .split(/('(?:[^']|'')*')/)
    .map((part, n) => (n % 2 ? part : part.replace(/\?/g, () => literal(params[i++]))))
    .join('');
}

function psql(dataDir: string, query: string): string {
  const url = readFileSync(urlFile(dataDir), 'utf8');
  return execFileSync('psql', [url, '-XAt', '-v', 'ON_ERROR_STOP=1', '-c', query], {
    encoding: 'utf8',
  });
}

/** Reads the server's own database: what was really stored. */
export function readDb<T>(dataDir: string, query: string, ...params: unknown[]): T[] {
  if (onPostgres)
    return JSON.parse(
      psql(
        dataDir,
        `select coalesce(json_agg(t), '[]'::json) from (${inline(query, params)}) t`,
      ).trim(),
    ) as T[];
  const db = new SQLite(sqliteFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Changes the server's database behind its back (a clock moved on, for one row); rows changed. */
export function writeDb(dataDir: string, query: string, ...params: unknown[]): number {
  if (onPostgres) {
    const tag = psql(dataDir, inline(query, params)).trim().split('\n').pop() ?? '';
    return Number(/(\d+)$/.exec(tag)?.[1] ?? 0);
  }
  const db = new SQLite(sqliteFile(dataDir), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare(query).run(...params).changes;
  } finally {
    db.close();
  }
}
