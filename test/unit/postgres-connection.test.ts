import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { dropPostgres, freshPostgresUrl, postgresTarget } from '../helpers/test-database';

/* On PostgreSQL whichever database the suite runs on: the pool's behaviour is the subject. */
describe('a PostgreSQL connection lost while in use', () => {
  it('fails its own query, does not crash the process, and the pool carries on', async () => {
    const url = await freshPostgresUrl(true);
    const db = openDatabase(postgresTarget(url));
    try {
      const inUse = db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
        // Another connection of the pool ends this one's backend, as a failover would.
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(db);
        await new Promise((r) => setTimeout(r, 200)); // the 'error' event arrives meanwhile
        await sql`select 1`.execute(tx);
      });
      await expect(inUse).rejects.toThrow();
      const { rows } = await sql<{ n: number }>`select 1 as n`.execute(db);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await db.destroy();
      await dropPostgres(url);
    }
  });
});
