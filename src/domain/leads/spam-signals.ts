import { createRequire } from 'node:module';
import { isbot } from 'isbot';
import { setBounded } from '../../shared/bounded-map';
import { emailDomain } from './email';

/**
 * "Someone who steps in to get out of the rain": signals that a submission is not a real
 * prospect. A flagged submission is stored and marked unqualified, never dropped.
 */
export type SubmissionSignals = {
  email: string;
  /** The honeypot field: hidden from people, filled by form-stuffing bots. */
  honeypot: string;
  /** Time from the form being shown to it being sent, measured in the page; null without JS. */
  elapsedMs: number | null;
  userAgent: string | null;
};

export type QualificationFlag = { rule: string; reason: string };

/** Under this, nobody read the form: typing even an email takes longer. */
export const MIN_HUMAN_MS = 2_000;

// The maintained lists ship as JSON arrays; loaded once per process.
const require = createRequire(import.meta.url);
const disposable = new Set<string>(require('disposable-email-domains') as string[]);
const disposableWildcards = new Set<string>(
  require('disposable-email-domains/wildcard.json') as string[],
);

export function isDisposableDomain(domain: string): boolean {
  if (disposable.has(domain)) return true;
  const parts = domain.split('.');
  for (let i = 1; i < parts.length - 1; i++)
    if (disposableWildcards.has(parts.slice(i).join('.'))) return true;
  return disposableWildcards.has(domain);
}

/** isbot runs one large regular expression; the same few user agents come back all day. */
const botVerdicts = new Map<string, boolean>();
export function isBotAgent(userAgent: string): boolean {
  return botVerdicts.get(userAgent) ?? setBounded(botVerdicts, userAgent, isbot(userAgent), 2_000);
}

/** The rules, as data: each returns the reason it flags a submission, or null. */
export const QUALIFICATION_RULES: {
  rule: string;
  check: (s: SubmissionSignals) => string | null;
}[] = [
  {
    rule: 'honeypot',
    check: (s) => (s.honeypot.trim() ? 'filled a field hidden from people (a bot trap)' : null),
  },
  {
    rule: 'too_fast',
    check: (s) =>
      s.elapsedMs !== null && s.elapsedMs < MIN_HUMAN_MS
        ? `sent the form ${(s.elapsedMs / 1000).toFixed(1)} s after it appeared`
        : null,
  },
  {
    rule: 'bot_user_agent',
    check: (s) =>
      s.userAgent && isBotAgent(s.userAgent) ? 'sent by a bot or crawler (user agent)' : null,
  },
  {
    rule: 'disposable_email',
    check: (s) =>
      isDisposableDomain(emailDomain(s.email))
        ? `uses a disposable email domain (${emailDomain(s.email)})`
        : null,
  },
];

export function qualificationFlags(signals: SubmissionSignals): QualificationFlag[] {
  return QUALIFICATION_RULES.flatMap(({ rule, check }) => {
    const reason = check(signals);
    return reason ? [{ rule, reason }] : [];
  });
}
