import { openDatabase, type Db } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';

/** A real SQLite database in memory with every migration applied: never a mock. */
export async function testDb(): Promise<Db> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  return db;
}
