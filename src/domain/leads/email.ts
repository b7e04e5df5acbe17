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
