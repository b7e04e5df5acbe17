/** `npm run db:migrate`: applies pending migrations to the database in DATA_DIR. */
import { openDatabase } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import { loadConfig } from '../app/config';

const config = loadConfig();
const db = openDatabase(config.database);
try {
  const result = await migrateToLatest(db);
  for (const r of result.results ?? []) console.log(`${r.status}: ${r.migrationName}`);
  if (!result.results?.length) console.log('Database is up to date.');
} finally {
  await db.destroy();
}
