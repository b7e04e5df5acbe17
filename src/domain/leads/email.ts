/**
 * The key that makes two submissions the same lead: trimmed, domain lower-cased. The local
 * part keeps its case because RFC 5321 lets a mail server treat it as case-sensitive.
 */
export function normalizeLeadEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return trimmed;
  return trimmed.slice(0, at) + '@' + trimmed.slice(at + 1).toLowerCase();
}

export const emailDomain = (email: string): string =>
  email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * Mailboxes that belong to a function, not a person (info@, sales@, noreply@): the lead
 * behind one cannot be told apart from anyone else at the company.
 */
const ROLE_MAILBOXES = new Set([
  'admin',
  'billing',
  'contact',
  'enquiries',
  'hello',
  'help',
  'hr',
  'info',
  'inquiries',
  'jobs',
  'mail',
  'marketing',
  'no-reply',
  'noreply',
  'office',
  'postmaster',
  'sales',
  'support',
  'team',
  'webmaster',
]);

export const isRoleAddress = (email: string): boolean =>
  ROLE_MAILBOXES.has(email.slice(0, email.lastIndexOf('@')).trim().toLowerCase());
