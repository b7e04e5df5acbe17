import type { RequestHead } from './caller-address';
import { requestOrigin } from './request-origin';
import type { Config } from '../app/config';

/**
 * Where published pages live: PUBLIC_ORIGIN when set, else the install's SITE_URL. Never
 * the request's Host header: a forged one must not reach canonical links or the sitemap.
 */
export const pagesOrigin = (config: Pick<Config, 'PUBLIC_ORIGIN' | 'siteOrigin'>): string =>
  config.PUBLIC_ORIGIN ?? config.siteOrigin;

/** Where the admin lives, for links sent out of a request (invitations, later emails). */
export const adminOrigin = (config: Pick<Config, 'siteOrigin'>): string => config.siteOrigin;

/**
 * With PUBLIC_ORIGIN set, published pages and the admin live on different hosts (OWASP ASVS
 * 3.5.4): the admin's host-only session cookie is then never sent to marketer-written pages.
 * Null when the request is where it belongs; else where it should go instead ('' = nowhere).
 */
export function hostRule(
  config: Pick<Config, 'PUBLIC_ORIGIN' | 'TRUST_PROXY'>,
  request: RequestHead,
  path: string,
): string | null {
  if (!config.PUBLIC_ORIGIN) return null;
  const here = requestOrigin(request, config.TRUST_PROXY);
  const onPagesHost = here === config.PUBLIC_ORIGIN;
  const isPage = /^\/p\//.test(path) || path === '/sitemap.xml';
  if (isPage && !onPagesHost) return `${config.PUBLIC_ORIGIN}${path}`;
  const isAccount = /^\/(admin|api\/admin|signup|invite)(\/|$)/.test(path);
  if (isAccount && onPagesHost) return '';
  return null;
}
