import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A consent text's version: the same words, the same version, to group consents by. */
export const consentVersion = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 12);

/** A submission's consent as stored: each box the form showed, word for word. */
export const storedConsentSchema = z.array(
  z.object({
    text: z.string(),
    // Submissions stored before versions were kept get theirs from their text.
    version: z.string().optional(),
    given: z.boolean(),
    needsConfirmation: z.boolean().optional(),
  }),
);

/**
 * One consent as it leaves Kindling (webhooks, the API): the text the person saw, its
 * version (a hash of the text, to group by), whether they ticked it, and for a double
 * opt-in form when they confirmed their address — until then the consent does not count.
 */
export const consentItemSchema = z.object({
  text: z.string(),
  version: z.string(),
  given: z.boolean(),
  doubleOptIn: z.boolean(),
  confirmedAt: z.string().nullable(),
});
export type ConsentItem = z.infer<typeof consentItemSchema>;

type StoredConsent = z.infer<typeof storedConsentSchema>;

const itemsOf = (stored: StoredConsent, confirmedAt: number | null): ConsentItem[] =>
  stored.map((c) => ({
    text: c.text,
    version: c.version ?? consentVersion(c.text),
    given: c.given,
    doubleOptIn: c.needsConfirmation === true,
    confirmedAt:
      c.needsConfirmation && confirmedAt !== null ? new Date(confirmedAt).toISOString() : null,
  }));

/** Each consent of a submission, or null when its form asked for none. */
export function consentItems(
  consentJson: string | null,
  confirmedAt: number | null,
): ConsentItem[] | null {
  const stored = consentJson ? storedConsentSchema.parse(JSON.parse(consentJson)) : null;
  return stored?.length ? itemsOf(stored, confirmedAt) : null;
}

export type ConsentStatus = 'given' | 'not given' | 'awaiting confirmation';

/**
 * What a submission's consent amounts to: every box ticked, and, on a double opt-in form,
 * the address confirmed since. Null when the form asked for none (or what is stored is not a
 * consent record).
 */
export function consentStatus(
  consentJson: string | null,
  confirmedAt: number | null,
): ConsentStatus | null {
  // A column of a CSV export: a record that is not a consent list is never read as given,
  // and never stops the export of every other lead.
  const stored = consentJson ? storedConsentSchema.safeParse(JSON.parse(consentJson)) : null;
  if (!stored?.success || !stored.data.length) return null;
  const items = itemsOf(stored.data, confirmedAt);
  if (!items.every((c) => c.given)) return 'not given';
  return items.some((c) => c.doubleOptIn && c.confirmedAt === null)
    ? 'awaiting confirmation'
    : 'given';
}
