import type { AstroGlobal } from 'astro';
import { checkPasswordAttempt, type Throttled } from '../domain/auth/password-attempts';
import { isKnownDevice } from './known-device';
import { clientIpOf } from './caller-address';

type Astro = Pick<AstroGlobal, 'locals' | 'cookies' | 'request' | 'clientAddress'>;

/**
 * Runs a password check for `email` from this request under the shared throttles (see
 * password-attempts.ts): sign-in, joining by invitation and changing a password alike.
 */
export async function guardPassword<R>(
  astro: Astro,
  email: string,
  check: () => Promise<R>,
  failed: (result: R) => boolean,
): Promise<{ ok: true; result: R } | Throttled> {
  const { db } = astro.locals;
  const attempt = {
    email,
    ip: clientIpOf(astro),
    knownDevice: await isKnownDevice(db, astro.cookies, email),
    now: Date.now(),
  };
  return checkPasswordAttempt(db, attempt, check, failed);
}
