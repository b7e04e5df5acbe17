import { sql } from 'kysely';
import type { Db } from './client';

/* The shared rate limits' counters: one row per key, holding the current window's count. */

/** Counts a hit in `windowStart`'s window, in one atomic upsert; the count after it. */
export async function countHit(db: Db, key: string, windowStart: number): Promise<number> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start = ${windowStart} then rate_limits.count + 1 else 1 end`,
        window_start: windowStart,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The hits counted for `key` in `windowStart`'s window, without counting one. */
export async function hitsIn(db: Db, key: string, windowStart: number): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select('count')
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Counter rows of windows long past: the purge removes them. */
export async function forgetOldRateWindows(db: Db, now: number, olderThanMs: number) {
  const r = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', now - olderThanMs)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
