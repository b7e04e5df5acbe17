import { can } from './domain/auth/permissions';
import { defineMiddleware, sequence } from 'astro:middleware';
import { needsOwnerSetup } from './domain/auth/accounts';
import { HashBusy } from './domain/auth/password';
import { sessionCookieSpec } from './domain/auth/session-token';
import { usesSecureCookies } from './http/session-cookie';
import { validateSessionToken } from './domain/auth/sessions';
import { hasValidCsrfToken, isSameOrigin, isStateChanging } from './http/csrf';
import { requestOrigin } from './http/request-origin';
import { hostRule } from './http/public-origin';
import { htmlError } from './http/html-error';
import { forbidden, redirect, unauthorized } from './http/responses';
import { ADMIN_HEADERS, PUBLIC_HEADERS, withHeaders } from './http/security-headers';

const OPEN_ADMIN_PAGES = new Set([
  '/admin/login',
  '/admin/setup',
  '/admin/forgot-password',
  '/admin/reset-password',
]);
const isAdminPage = (path: string) => path === '/admin' || path.startsWith('/admin/');
const isAdminApi = (path: string) => path.startsWith('/api/admin/') || path === '/api/admin';
/** Pages that change accounts or sessions: the admin, its API, open sign-up and invitations. */
const isAccountSurface = (path: string) =>
  isAdminPage(path) || isAdminApi(path) || path === '/signup' || path.startsWith('/invite/');

/** The services `npm start` handed in; under `astro dev`, built on the first request. */
const context = defineMiddleware(async ({ locals }, next) => {
  if (!locals.services) {
    if (!import.meta.env.DEV) throw new Error('A request reached Astro without the services.');
    locals.services = await (await import('./app/dev-services')).devServices();
  }
  locals.db = locals.services.db;
  locals.session = null;
  return next();
});

/** Published pages on PUBLIC_ORIGIN, the admin elsewhere (see hostRule). */
const hosts = defineMiddleware(({ locals, request, url, rewrite }, next) => {
  const goTo = hostRule(locals.services.config, request, url.pathname);
  if (goTo === null) return next();
  if (goTo === '') return rewrite('/404');
  return redirect(goTo + url.search, 308);
});

const session = defineMiddleware(async ({ locals, cookies, request, url }, next) => {
  if (!isAccountSurface(url.pathname)) return next();
  const { name } = sessionCookieSpec(usesSecureCookies(locals.services.config, request));
  const token = cookies.get(name)?.value;
  if (token) {
    locals.session = await validateSessionToken(locals.db, token, locals.services.clock.now());
    if (!locals.session) cookies.delete(name, { path: '/' });
  }
  return next();
});

const guard = defineMiddleware(async ({ locals, url }, next) => {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (locals.session || OPEN_ADMIN_PAGES.has(path)) return next();
  if (isAdminApi(path)) return unauthorized();
  if (isAdminPage(path)) {
    if (await needsOwnerSetup(locals.db)) return redirect('/admin/setup', 302);
    return redirect(`/admin/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
  }
  return next();
});

/** A refusal in the form the caller reads: JSON for the API, a page for a browser's form. */
const refuse = (path: string, title: string, message: string) =>
  isAdminApi(path) ? forbidden(message) : htmlError(403, title, message);

const csrf = defineMiddleware(async ({ locals, request, url }, next) => {
  if (!isAccountSurface(url.pathname) || !isStateChanging(request.method)) return next();
  if (!isSameOrigin(request, requestOrigin(request, locals.services.config.TRUST_PROXY)))
    return refuse(
      url.pathname,
      'Request refused',
      'This request did not come from a Kindling page (cross-site requests are refused).',
    );
  if (locals.session && !(await hasValidCsrfToken(request, locals.session.csrfToken)))
    return refuse(
      url.pathname,
      'Form expired',
      'Your form expired. Reload the page and try again.',
    );
  return next();
});

/** Where a write changes only the member's own account (sign-out, password, alerts). */
const OWN_ACCOUNT_PATHS = new Set([
  '/admin/logout',
  '/admin/settings/account',
  '/admin/settings/alerts',
]);
const roles = defineMiddleware(async ({ locals, request, url }, next) => {
  if (
    !locals.session ||
    !isStateChanging(request.method) ||
    OWN_ACCOUNT_PATHS.has(url.pathname) ||
    can(locals.session, 'change-workspace')
  )
    return next();
  return refuse(
    url.pathname,
    'Viewers cannot change this',
    'Your role in this workspace is viewer: you can look, not change. An owner can make you an editor on the Team page.',
  );
});

/**
 * A published page's first view renders it; the HTML is remembered so that later views
 * are answered by the hot path without rendering (see src/http/hot-path.ts).
 */
const rememberPublished = defineMiddleware(async ({ locals }, next) => {
  const response = await next();
  if (!locals.rememberAs || response.status !== 200) return response;
  const html = await response.text();
  locals.services.renders.remember(locals.rememberAs, html);
  return new Response(html, response);
});

/**
 * Password hashing is bounded (see HashBusy): a form that found the queue full is told to
 * come back in a moment, with Retry-After, rather than kept waiting behind a flood.
 */
const hashingBusy = defineMiddleware(async (_context, next) => {
  try {
    return await next();
  } catch (error) {
    if (!(error instanceof HashBusy)) throw error;
    const response = htmlError(503, 'Busy for a moment', error.message);
    response.headers.set('retry-after', String(error.retryAfterSeconds));
    return response;
  }
});

const headers = defineMiddleware(async ({ url }, next) => {
  const response = await next();
  return withHeaders(response, isAccountSurface(url.pathname) ? ADMIN_HEADERS : PUBLIC_HEADERS);
});

export const onRequest = sequence(
  headers,
  hashingBusy,
  context,
  hosts,
  session,
  guard,
  csrf,
  roles,
  rememberPublished,
);
