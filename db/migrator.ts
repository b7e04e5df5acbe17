import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Db } from './client';
import { migrations } from './migrations/index';

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const why = result.error instanceof Error ? result.error.message : String(result.error);
    // Kysely's own checks (a migration this code does not know) fail before any runs.
    throw new Error(
      failed
        ? `Migration ${failed.migrationName} failed: ${why}`
        : `The database's migrations could not run: ${why}`,
      { cause: result.error },
    );
  }
  return result;
}

/** Migrations the database has run that this code does not know (a newer version ran them). */
export async function migrationsAhead(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return rows.map((r) => r.name).filter((name) => !(name in migrations));
}

export type StartMigration =
  { state: 'migrated'; applied: number } | { state: 'ahead'; unknown: string[] };

/**
 * What an instance does with the schema as it starts. During a rolling upgrade the new
 * version migrates first (`npm run db:migrate`) while the old instances keep serving; an
 * old instance that restarts then must run on the newer schema (migrations only add, so
 * the old code still works) rather than refuse to start, which Kysely's migrator would.
 */
export async function migrateAtStart(db: Db): Promise<StartMigration> {
  const unknown = await migrationsAhead(db);
  if (unknown.length) return { state: 'ahead', unknown };
  const result = await migrateToLatest(db);
  return {
    state: 'migrated',
    applied: result.results?.filter((r) => r.status === 'Success').length ?? 0,
  };
}
