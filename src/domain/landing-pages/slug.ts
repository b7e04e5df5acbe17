import { asciiWords } from '../text';
import { fail, ok, type Result } from '../../shared/result';

/** Paths of our own, and words a visitor could mistake for them. */
export const RESERVED_SLUGS = new Set([
  'admin',
  'api',
  'p',
  'login',
  'logout',
  'signin',
  'signup',
  'signout',
  'healthz',
  'static',
  'assets',
  'public',
  'sitemap',
  'robots',
  'www',
  'new',
  'edit',
  'settings',
  'help',
  'support',
  'account',
  'billing',
  'kindling',
  '_astro',
  'thanks',
  'preview',
]);

const SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,59}$/;

export function validateSlug(slug: string): Result<string, 'invalid_slug' | 'reserved_slug'> {
  if (!SLUG.test(slug))
    return fail(
      'invalid_slug',
      'Use 2–60 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.',
    );
  if (RESERVED_SLUGS.has(slug))
    return fail('reserved_slug', `"${slug}" is reserved. Pick another address.`);
  return ok(slug);
}

/** A slug from free text: "Spring Sale — 20% off!" → "spring-sale-20-off". */
export function slugify(text: string): string {
  const slug = asciiWords(text, '-').slice(0, 50).replace(/-+$/g, '');
  return slug.length >= 2 ? slug : `page-${slug || 'new'}`;
}
