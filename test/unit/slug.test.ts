import { describe, expect, it } from 'vitest';
import { slugify, validateSlug } from '../../src/domain/landing-pages/slug';

describe('slug rules', () => {
  it.each(['spring-sale', 'q3-webinar-2026', 'ab', 'a1'])('accepts %s', (slug) => {
    expect(validateSlug(slug)).toEqual({ ok: true, value: slug });
  });

  it.each([
    ['Spring-Sale', 'invalid_slug'],
    ['-lead', 'invalid_slug'],
    ['trail-', 'invalid_slug'],
    ['double--hyphen', 'invalid_slug'],
    ['a', 'invalid_slug'],
    ['x'.repeat(61), 'invalid_slug'],
    ['with space', 'invalid_slug'],
    ['admin', 'reserved_slug'],
    ['api', 'reserved_slug'],
    ['healthz', 'reserved_slug'],
  ])('refuses %s (%s)', (slug, code) => {
    const result = validateSlug(slug);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('turns free text into a valid slug', () => {
    expect(slugify('Spring Sale — 20% off!')).toBe('spring-sale-20-off');
    expect(slugify('Café Crème')).toBe('cafe-creme');
    expect(validateSlug(slugify('!!!')).ok).toBe(true);
    expect(validateSlug(slugify('A'.repeat(200))).ok).toBe(true);
  });
});
