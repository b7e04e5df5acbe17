import { z } from 'zod';
import type { Db } from '../../../db/client';

/** The A/B test variant a submission came through, as every reader of leads shows it. */
export const submissionVariantSchema = z.object({
  experimentId: z.string(),
  experiment: z.string(),
  key: z.string(),
  name: z.string(),
});
export type SubmissionVariant = z.infer<typeof submissionVariantSchema>;

/** "Headline: B (Zebra)": a variant in one cell (the CSV, the inbox's filter). */
export const variantLabel = (v: Omit<SubmissionVariant, 'experimentId'>) => `${v.experiment}: ${v.key} (${v.name})`;

/**
 * The variants these submissions' `variant_id`s name, with their tests' names: one read for
 * a lead page, a payload or a batch of an export, whatever the number of submissions.
 */
export async function submissionVariants(
  db: Db,
  variantIds: readonly (string | null)[],
): Promise<Map<string, SubmissionVariant>> {
  const ids = [...new Set(variantIds.filter((id): id is string => id !== null))];
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('experiment_variants as v')
    .innerJoin('experiments as e', 'e.id', 'v.experiment_id')
    .select(['v.id', 'v.key', 'v.name', 'e.id as experiment_id', 'e.name as experiment'])
    .where('v.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { experimentId: r.experiment_id, experiment: r.experiment, key: r.key, name: r.name },
    ]),
  );
}
