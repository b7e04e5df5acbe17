import type { AstroGlobal } from 'astro';
import { authenticate } from '../domain/auth/accounts';
import type { SignIn } from '../domain/auth/schemas';
import {
  ACCOUNT_POLICY,
  IP_POLICY,
  clearThrottle,
  recordFailure,
  throttleWait,
} from '../domain/auth/throttle';
import { clientIp } from './http/client';
import { appConfig } from './runtime';
import { startSession } from './session-cookie';

type SignInOutcome = { ok: true } | { ok: false; status: 401 | 429; message: string };

/** Checks credentials under per-account and per-IP throttles, then starts a session. */
export async function signIn(
  astro: Pick<AstroGlobal, 'locals' | 'cookies' | 'request' | 'clientAddress'>,
  input: SignIn,
): Promise<SignInOutcome> {
  const { db } = astro.locals;
  const now = Date.now();
  const keys = [
    { key: `account:${input.email}`, policy: ACCOUNT_POLICY },
    {
      key: `ip:${clientIp(astro.request, astro.clientAddress, appConfig().TRUST_PROXY)}`,
      policy: IP_POLICY,
    },
  ];
  const waits = await Promise.all(keys.map((k) => throttleWait(db, k.key, now)));
  const wait = Math.max(...waits);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    return {
      ok: false,
      status: 429,
      message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    };
  }
  const account = await authenticate(db, input.email, input.password);
  if (!account) {
    for (const k of keys) await recordFailure(db, k.key, k.policy, now);
    return { ok: false, status: 401, message: 'That email and password do not match an account.' };
  }
  await clearThrottle(db, keys[0]!.key);
  await startSession(db, astro.cookies, astro.request, account);
  return { ok: true };
}
