import { createHash } from 'node:crypto';
import { newSecretToken } from '../../shared/ids';

export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
/** Sliding expiry writes at most once a minute per session, not once per request. */
export const SESSION_TOUCH_EVERY_MS = 60_000;

export const generateSessionToken = newSecretToken;

/** Only the SHA-256 of a token is stored: a copy of the table cannot be replayed. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export type SessionClock = { createdAt: number; lastSeenAt: number; expiresAt: number };

export function isSessionExpired(s: SessionClock, now: number): boolean {
  return now >= s.expiresAt || now - s.lastSeenAt >= SESSION_IDLE_MS;
}

export const shouldTouchSession = (s: SessionClock, now: number): boolean =>
  now - s.lastSeenAt >= SESSION_TOUCH_EVERY_MS;

/** Cookie name and flags: `__Host-` and Secure only over https, which they require. */
export function sessionCookieSpec(secure: boolean) {
  return {
    name: secure ? '__Host-kindling_session' : 'kindling_session',
    options: {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure,
      path: '/',
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    },
  };
}
