import type { AstroCookies } from 'astro';
import type { Account } from '../domain/auth/accounts';
import { sessionCookieSpec } from '../domain/auth/session-token';
import { createSession, invalidateSession } from '../domain/auth/sessions';
import { isHttps } from './request-origin';
import type { Config } from '../app/config';

export const usesSecureCookies = (
  config: Pick<Config, 'COOKIE_SECURE' | 'TRUST_PROXY'>,
  request: Request,
): boolean => config.COOKIE_SECURE ?? isHttps(request, config.TRUST_PROXY);

/** What signing in and out reads of a route's request. */
type RequestContext = {
  locals: Pick<App.Locals, 'services'>;
  cookies: AstroCookies;
  request: Request;
};

/** Signs in: a brand-new token every time, so a planted cookie cannot be fixed on a user. */
export async function startSession(
  { locals, cookies, request }: RequestContext,
  account: Account,
): Promise<void> {
  const { config, db, clock } = locals.services;
  const { token } = await createSession(db, {
    userId: account.userId,
    workspaceId: account.workspaceId,
    userAgent: request.headers.get('user-agent') ?? '',
    now: clock.now(),
  });
  const spec = sessionCookieSpec(usesSecureCookies(config, request));
  cookies.set(spec.name, token, spec.options);
}

export async function endSession(
  { locals, cookies, request }: RequestContext,
  sessionId: string,
): Promise<void> {
  await invalidateSession(locals.services.db, sessionId);
  cookies.delete(sessionCookieSpec(usesSecureCookies(locals.services.config, request)).name, {
    path: '/',
  });
}
