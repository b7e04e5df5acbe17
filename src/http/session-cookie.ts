import type { AstroCookies } from 'astro';
import type { Db } from '../../db/client';
import type { Account } from '../domain/auth/accounts';
import { sessionCookieSpec } from '../domain/auth/session-token';
import { createSession, invalidateSession } from '../domain/auth/sessions';
import { isHttps } from './client';
import { appConfig } from '../app/services';

export function usesSecureCookies(request: Request): boolean {
  const config = appConfig();
  return config.COOKIE_SECURE ?? isHttps(request, config.TRUST_PROXY);
}

/** Signs in: a brand-new token every time, so a planted cookie cannot be fixed on a user. */
export async function startSession(
  db: Db,
  cookies: AstroCookies,
  request: Request,
  account: Account,
): Promise<void> {
  const { token } = await createSession(db, {
    userId: account.userId,
    workspaceId: account.workspaceId,
    userAgent: request.headers.get('user-agent') ?? '',
    now: Date.now(),
  });
  const spec = sessionCookieSpec(usesSecureCookies(request));
  cookies.set(spec.name, token, spec.options);
}

export async function endSession(
  db: Db,
  cookies: AstroCookies,
  request: Request,
  sessionId: string,
): Promise<void> {
  await invalidateSession(db, sessionId);
  cookies.delete(sessionCookieSpec(usesSecureCookies(request)).name, { path: '/' });
}
