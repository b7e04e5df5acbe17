import { sql } from 'kysely';
import type { Db } from '../../../db/client';

const DAY_MS = 86_400_000;

/** A counted visitor of a test: first shown a variant at `at`. */
export type Exposure = {
  experimentId: string;
  assignmentId: string;
  variantKey: string;
  windowDays: number;
  at: number;
};

/** Writes first views; an assignment seen before (a replay, a race) keeps its first row. */
export async function recordExposures(db: Db, exposures: Exposure[]): Promise<void> {
  if (!exposures.length) return;
  await db
    .insertInto('experiment_exposures')
    .values(
      exposures.map((e) => ({
        experiment_id: e.experimentId,
        assignment_id: e.assignmentId,
        variant_key: e.variantKey,
        first_seen_at: e.at,
        window_ends_at: e.at + e.windowDays * DAY_MS,
        lead_id: null,
        outcome: null,
      })),
    )
    .onConflict((oc) => oc.columns(['experiment_id', 'assignment_id']).doNothing())
    .execute();
}

/**
 * A counted visitor submitted: the exposure now follows that lead (the latest person to
 * submit on the browser). Made here if the first view is not written yet; left alone once
 * the window has closed.
 */
export async function linkExposureToLead(db: Db, exposure: Exposure, leadId: string) {
  await db
    .insertInto('experiment_exposures')
    .values({
      experiment_id: exposure.experimentId,
      assignment_id: exposure.assignmentId,
      variant_key: exposure.variantKey,
      first_seen_at: exposure.at,
      window_ends_at: exposure.at + exposure.windowDays * DAY_MS,
      lead_id: leadId,
      outcome: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['experiment_id', 'assignment_id'])
        .doUpdateSet({ lead_id: leadId })
        .where('experiment_exposures.window_ends_at', '>', exposure.at),
    )
    .execute();
}

/**
 * Each open window's outcome follows its lead: the tier it has now, or unqualified. Called
 * wherever a lead's tier or qualification is written, so that at the window's end the
 * outcome is what the lead was then — and never rewritten after (decay included).
 */
export async function recordOutcomes(db: Db, leadIds: string[], now: number): Promise<void> {
  if (!leadIds.length) return;
  await db
    .updateTable('experiment_exposures')
    .set({
      outcome: sql`(select case when l.qualified = 0 then 'unqualified' else l.tier end
        from leads l where l.id = experiment_exposures.lead_id)`,
    })
    .where('lead_id', 'in', leadIds)
    .where('window_ends_at', '>', now)
    .execute();
}
