import { describe, expect, it } from 'vitest';
import {
  isDisposableDomain,
  qualificationFlags,
  type SubmissionSignals,
} from '../../src/domain/leads/spam-signals';

const person: SubmissionSignals = {
  email: 'jordan@northwind.com',
  honeypot: '',
  elapsedMs: 38_000,
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
};

describe('spam rules', () => {
  it('never flags a normal person filling the form at human speed', () => {
    expect(qualificationFlags(person)).toEqual([]);
    expect(qualificationFlags({ ...person, elapsedMs: null })).toEqual([]);
    expect(qualificationFlags({ ...person, elapsedMs: 2_000 })).toEqual([]);
    const safari =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    expect(qualificationFlags({ ...person, userAgent: safari, email: 'jo@gmail.com' })).toEqual([]);
  });

  it.each([
    ['honeypot', { honeypot: 'https://cheap-pills.example' }],
    ['too_fast', { elapsedMs: 1_200 }],
    ['bot_user_agent', { userAgent: 'python-requests/2.31.0' }],
    [
      'bot_user_agent',
      { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
    ],
    ['disposable_email', { email: 'throwaway@mailinator.com' }],
    ['disposable_email', { email: 'x@guerrillamail.com' }],
  ] as const)('flags %s', (rule, change) => {
    const flags = qualificationFlags({ ...person, ...change });
    expect(flags.map((f) => f.rule)).toEqual([rule]);
    expect(flags[0]!.reason.length).toBeGreaterThan(10);
  });

  it('knows disposable domains, including wildcard subdomains, and not real ones', () => {
    expect(isDisposableDomain('mailinator.com')).toBe(true);
    expect(isDisposableDomain('inbox.33mail.com')).toBe(true);
    expect(isDisposableDomain('gmail.com')).toBe(false);
    expect(isDisposableDomain('northwind.com')).toBe(false);
  });
});
