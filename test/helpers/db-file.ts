import { join } from 'node:path';
import SQLite from 'better-sqlite3';

/** Reads the server's own database file, read-only: what was really stored. */
export function readDb<T>(dataDir: string, query: string, ...params: unknown[]): T[] {
  const db = new SQLite(join(dataDir, 'kindling.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Changes the server's database behind its back: a clock moved on, for one row. */
export function writeDb(dataDir: string, query: string, ...params: unknown[]): number {
  const db = new SQLite(join(dataDir, 'kindling.sqlite'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare(query).run(...params).changes;
  } finally {
    db.close();
  }
}
