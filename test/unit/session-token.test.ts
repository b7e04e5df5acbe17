import { describe, expect, it } from 'vitest';
import {
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  generateSessionToken,
  hashToken,
  isSessionExpired,
  sessionCookieSpec,
  shouldTouchSession,
} from '../../src/domain/auth/session-token';

describe('session tokens', () => {
  it('are at least 128 bits of randomness and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateSessionToken));
    expect(tokens.size).toBe(1000);
    const [one] = tokens;
    expect(Buffer.from(one!, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('are stored as a SHA-256 hash that differs from the token', () => {
    const token = generateSessionToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
  });

  it('expire after the idle limit and after the absolute limit', () => {
    const t0 = 1_700_000_000_000;
    const fresh = { createdAt: t0, lastSeenAt: t0, expiresAt: t0 + SESSION_ABSOLUTE_MS };
    expect(isSessionExpired(fresh, t0 + 1000)).toBe(false);
    expect(isSessionExpired(fresh, t0 + SESSION_IDLE_MS)).toBe(true);
    const active = { ...fresh, lastSeenAt: t0 + SESSION_ABSOLUTE_MS - 1000 };
    expect(isSessionExpired(active, t0 + SESSION_ABSOLUTE_MS - 500)).toBe(false);
    expect(isSessionExpired(active, t0 + SESSION_ABSOLUTE_MS)).toBe(true);
  });

  it('slide the idle expiry at most once a minute', () => {
    const s = { createdAt: 0, lastSeenAt: 0, expiresAt: SESSION_ABSOLUTE_MS };
    expect(shouldTouchSession(s, 30_000)).toBe(false);
    expect(shouldTouchSession(s, 60_000)).toBe(true);
  });

  it('use a __Host- Secure cookie over https and a plain one over http', () => {
    expect(sessionCookieSpec(true)).toMatchObject({
      name: '__Host-kindling_session',
      options: { secure: true, httpOnly: true, sameSite: 'lax', path: '/' },
    });
    expect(sessionCookieSpec(false)).toMatchObject({
      name: 'kindling_session',
      options: { secure: false, httpOnly: true },
    });
  });
});
