import type { Db } from '../../../db/client';

export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };

/** Per account: a handful of guesses; per IP: room for a shared office, not a botnet. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};
export const IP_POLICY: ThrottlePolicy = {
  maxFailures: 30,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

/** Milliseconds until `key` may try again; 0 when it may try now. */
export async function throttleWait(db: Db, key: string, now: number): Promise<number> {
  const row = await db
    .selectFrom('auth_throttle')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  return row && row.locked_until > now ? row.locked_until - now : 0;
}

export async function recordFailure(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('auth_throttle')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    const fresh = !row || now - row.window_started_at > policy.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const next = {
      failures,
      window_started_at: fresh ? now : row.window_started_at,
      locked_until: failures >= policy.maxFailures ? now + policy.lockMs : (row?.locked_until ?? 0),
    };
    await tx
      .insertInto('auth_throttle')
      .values({ key, ...next })
      .onConflict((oc) => oc.column('key').doUpdateSet(next))
      .execute();
  });
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}
