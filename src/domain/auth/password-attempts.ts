import type { Db } from '../../../db/client';
import {
  ACCOUNT_POLICY,
  IP_POLICY,
  PAIR_POLICY,
  clearThrottle,
  recordFailure,
  throttleWait,
  type ThrottlePolicy,
} from './throttle';

/** Who is guessing: the account's email, the network, and whether this browser signed in to it before. */
export type PasswordAttempt = { email: string; ip: string; knownDevice: boolean; now: number };

const keysOf = (a: PasswordAttempt): { key: string; policy: ThrottlePolicy }[] => {
  const email = a.email.trim().toLowerCase();
  return [
    { key: `pair:${email}|${a.ip}`, policy: PAIR_POLICY },
    { key: `ip:${a.ip}`, policy: IP_POLICY },
    ...(a.knownDevice ? [] : [{ key: `account:${email}`, policy: ACCOUNT_POLICY }]),
  ];
};

export type Throttled = { ok: false; status: 429; message: string };

/**
 * Every check of a password — sign-in, joining by invitation with an existing account,
 * changing a password — goes through here: under the per-pair, per-network and per-account
 * throttles, each failure counted in all of them, a success clearing the account's.
 */
export async function checkPasswordAttempt<R>(
  db: Db,
  attempt: PasswordAttempt,
  check: () => Promise<R>,
  failed: (result: R) => boolean,
): Promise<{ ok: true; result: R } | Throttled> {
  const keys = keysOf(attempt);
  const waits = await Promise.all(keys.map((k) => throttleWait(db, k.key, attempt.now)));
  const wait = Math.max(...waits);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    return {
      ok: false,
      status: 429,
      message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    };
  }
  const result = await check();
  if (failed(result)) for (const k of keys) await recordFailure(db, k.key, k.policy, attempt.now);
  else for (const k of keys.filter((k) => !k.key.startsWith('ip:'))) await clearThrottle(db, k.key);
  return { ok: true, result };
}
