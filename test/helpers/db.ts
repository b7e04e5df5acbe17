import { onTestFinished } from 'vitest';
import type { Db } from '../../db/client';
import { freshDatabase } from './test-database';

/**
 * A real, migrated database, never a mock: SQLite in memory, or a fresh PostgreSQL
 * database when the suite runs on PostgreSQL. Called inside a test; gone when it ends.
 */
export async function testDb(): Promise<Db> {
  const { db, drop } = await freshDatabase();
  onTestFinished(drop);
  return db;
}
