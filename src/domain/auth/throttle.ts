import { sql } from 'kysely';
import type { Db } from '../../../db/client';

export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };

const MINUTES_15 = 15 * 60_000;
/** One account from one network: a handful of guesses. */
export const PAIR_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: MINUTES_15,
  lockMs: MINUTES_15,
};
/** One network, every account: room for a shared office, not a guessing script. */
export const IP_POLICY: ThrottlePolicy = {
  maxFailures: 30,
  windowMs: MINUTES_15,
  lockMs: MINUTES_15,
};
/**
 * One account from everywhere: stops guessing spread over many addresses. It could lock
 * the owner out from anywhere, so a browser that signed in to the account before is exempt.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 20,
  windowMs: MINUTES_15,
  lockMs: MINUTES_15,
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

/**
 * Counts one failure in the key's window, locking it at the policy's limit. One atomic
 * upsert: concurrent failures (from one instance or several) are all counted.
 */
export async function recordFailure(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now: number,
): Promise<{ failures: number }> {
  const expired = sql<boolean>`${now} - auth_throttle.window_started_at > ${policy.windowMs}`;
  const failures = sql<number>`case when ${expired} then 1 else auth_throttle.failures + 1 end`;
  return db
    .insertInto('auth_throttle')
    .values({
      key,
      failures: 1,
      window_started_at: now,
      locked_until: policy.maxFailures <= 1 ? now + policy.lockMs : 0,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures,
        window_started_at: sql<number>`case when ${expired} then ${now} else auth_throttle.window_started_at end`,
        locked_until: sql<number>`case when ${failures} >= ${policy.maxFailures} then ${now + policy.lockMs} else auth_throttle.locked_until end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}

/** New accounts from one network: a team signing up, not a script making hundreds. */
export const SIGNUP_POLICY: ThrottlePolicy = {
  maxFailures: 10,
  windowMs: 60 * 60_000,
  lockMs: 60 * 60_000,
};

/**
 * Counts an attempt against a limit kept in the database, so every instance shares it,
 * and says whether it is within the limit. Counting comes first, in one atomic upsert:
 * two attempts racing for the last place cannot both take it.
 */
export async function takeAttempt(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now: number,
): Promise<{ allowed: boolean; waitMs: number }> {
  const { failures } = await recordFailure(db, key, policy, now);
  if (failures <= policy.maxFailures) return { allowed: true, waitMs: 0 };
  return { allowed: false, waitMs: Math.max(await throttleWait(db, key, now), 60_000) };
}
