import type { AstroGlobal } from 'astro';
import { authenticate } from '../domain/auth/accounts';
import type { SignIn } from '../domain/auth/schemas';
import { rememberDevice } from './known-device';
import { guardPassword } from './password-guard';
import { startSession, usesSecureCookies } from './session-cookie';

type SignInOutcome = { ok: true } | { ok: false; status: 401 | 429; message: string };

/** Checks credentials under the shared password throttles, then starts a session. */
export async function signIn(
  astro: Pick<AstroGlobal, 'locals' | 'cookies' | 'request' | 'clientAddress'>,
  input: SignIn,
): Promise<SignInOutcome> {
  const { db } = astro.locals;
  const guarded = await guardPassword(
    astro,
    input.email,
    () => authenticate(db, input.email, input.password),
    (account) => !account,
  );
  if (!guarded.ok) return guarded;
  const account = guarded.result;
  if (!account)
    return { ok: false, status: 401, message: 'That email and password do not match an account.' };
  rememberDevice(
    astro.cookies,
    input.email,
    account.passwordHash,
    usesSecureCookies(astro.locals.services.config, astro.request),
  );
  await startSession(astro, account);
  return { ok: true };
}
