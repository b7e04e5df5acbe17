import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateAtStart, migrateToLatest } from '../../db/migrator';
import { testDb } from '../helpers/db';

describe('migrations at start, during a rolling upgrade', () => {
  it('an up-to-date database has nothing to apply', async () => {
    const db = await testDb();
    expect(await migrateAtStart(db)).toEqual({ state: 'migrated', applied: 0 });
  });

  it('an older instance restarting after a newer one migrated serves on the newer schema', async () => {
    const db = await testDb();
    await sql`insert into kysely_migration (name, timestamp)
              values ('9999-from-the-next-version', ${new Date().toISOString()})`.execute(db);
    // What Kysely's migrator alone would do: refuse, and the instance would not start.
    // …and say why, naming the migration, never "Migration ? failed".
    await expect(migrateToLatest(db)).rejects.toThrow(
      /^The database's migrations could not run: .*9999-from-the-next-version/,
    );
    expect(await migrateAtStart(db)).toEqual({
      state: 'ahead',
      unknown: ['9999-from-the-next-version'],
    });
  });
});
