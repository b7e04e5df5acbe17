import { z } from 'zod';

const consentSchema = z.array(
  z.object({
    text: z.string(),
    given: z.boolean(),
    needsConfirmation: z.boolean().optional(),
  }),
);

export type ConsentStatus = 'given' | 'not given' | 'awaiting confirmation';

/**
 * What a submission's consent amounts to: every box ticked, and, on a double opt-in form,
 * the address confirmed since. Null when the form asked for none (or what is stored is not
 * a consent record: it is never read as given).
 */
export function consentStatus(
  consentJson: string | null,
  confirmedAt: number | null,
): ConsentStatus | null {
  if (!consentJson) return null;
  const parsed = consentSchema.safeParse(JSON.parse(consentJson));
  if (!parsed.success || !parsed.data.length) return null;
  if (!parsed.data.every((c) => c.given)) return 'not given';
  return parsed.data.some((c) => c.needsConfirmation) && confirmedAt === null
    ? 'awaiting confirmation'
    : 'given';
}
