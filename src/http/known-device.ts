import type { AstroCookies } from 'astro';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client';
import { passwordHashByEmail } from '../domain/auth/accounts';

const COOKIE = 'k_device';
const YEAR_S = 365 * 86_400;

/**
 * A browser that signed in to an account before keeps a mark of it, so that guesses from
 * elsewhere cannot lock its owner out. The mark is an HMAC keyed by the account's password
 * hash: nothing to store, unforgeable without the hash, and void once the password changes.
 */
const markOf = (passwordHash: string, email: string) =>
  createHmac('sha256', passwordHash)
    .update(`known-device:${email.trim().toLowerCase()}`)
    .digest('base64url');

export async function isKnownDevice(
  db: Db,
  cookies: AstroCookies,
  email: string,
): Promise<boolean> {
  const mark = cookies.get(COOKIE)?.value;
  if (!mark || mark.length > 100) return false;
  const passwordHash = await passwordHashByEmail(db, email);
  if (!passwordHash) return false;
  const expected = Buffer.from(markOf(passwordHash, email));
  const given = Buffer.from(mark);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function rememberDevice(
  cookies: AstroCookies,
  email: string,
  passwordHash: string,
  secure: boolean,
): void {
  cookies.set(COOKIE, markOf(passwordHash, email), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: YEAR_S,
  });
}
