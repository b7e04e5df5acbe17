import { describe, expect, it } from 'vitest';
import { emailDomain, normalizeLeadEmail } from '../../src/domain/leads/email';

describe('lead email normalisation', () => {
  it('trims and lower-cases the domain, keeping the local part', () => {
    expect(normalizeLeadEmail('  Jo.Smith@NorthWind.COM ')).toBe('Jo.Smith@northwind.com');
    expect(normalizeLeadEmail('jo@example.com')).toBe(normalizeLeadEmail('jo@EXAMPLE.com'));
  });
  it('reads the domain', () => {
    expect(emailDomain('a@Sub.Example.org')).toBe('sub.example.org');
  });
});
