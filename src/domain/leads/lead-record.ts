import type { Db } from '../../../db/client';
import type { LeadRow, LeadUpdate, Tier } from '../../../db/schema';
import type { FormPurpose } from '../forms/definition';
import { newId } from '../ids';
import type { SubmissionFact } from '../scoring/facts';
import type { ScoringModel } from '../scoring/model';
import { score, type ScoreResult } from '../scoring/score';
import { mergeLeadFields, recordActivity, type ActivityEntry } from './activity';
import { normalizeLeadEmail } from './email';
import type { QualificationFlag } from './qualification';
import { byMeaning, readStoredAnswers, type StoredAnswers } from './stored-answers';

/** The lead for an email in a workspace, created on first sight. */
export async function findOrCreateLead(
  db: Db,
  workspaceId: string,
  email: string,
  now: number,
): Promise<LeadRow> {
  const emailNormalized = normalizeLeadEmail(email);
  const find = () =>
    db
      .selectFrom('leads')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('email_normalized', '=', emailNormalized)
      .executeTakeFirst();
  // Insert first: most submissions come from new leads, and then this is the only query.
  const inserted = await db
    .insertInto('leads')
    .values({
      id: newId(now),
      workspace_id: workspaceId,
      email: email.trim(),
      email_normalized: emailNormalized,
      fields_json: '{}',
      score: 0,
      tier: 'cold',
      breakdown_json: '[]',
      model_version: 0,
      qualified: 1,
      status: 'new',
      submissions_count: 0,
      first_touch_at: now,
      last_touch_at: now,
      scored_at: now,
      created_at: now,
      updated_at: now,
    })
    // The lead exists (or a concurrent first submission just made it): use that one.
    .onConflict((oc) => oc.columns(['workspace_id', 'email_normalized']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? (await find())!;
}

/** Every submission of a lead as scoring facts, oldest first. */
export async function submissionFacts(db: Db, leadId: string): Promise<SubmissionFact[]> {
  const rows = await db
    .selectFrom('submissions')
    .select(['created_at', 'form_purpose', 'answers_json'])
    .where('lead_id', '=', leadId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    at: r.created_at,
    purpose: r.form_purpose as FormPurpose,
    answers: byMeaning(readStoredAnswers(r.answers_json)),
  }));
}

/**
 * Qualification after a submission: a clean submission qualifies the lead; a flagged one
 * unqualifies only a lead that was never qualified, so a bot reusing a real customer's
 * address cannot hide them, and an owner's "qualified" always stands.
 */
function qualificationAfter(
  lead: LeadRow,
  flags: QualificationFlag[],
): Pick<LeadUpdate, 'qualified' | 'unqualified_reason'> {
  if (flags.length === 0) return { qualified: 1, unqualified_reason: null };
  const neverQualified = lead.submissions_count === 0 || lead.qualified === 0;
  if (!neverQualified || lead.qualified_by_user_id) return {};
  return { qualified: 0, unqualified_reason: flags.map((f) => f.reason).join('; ') };
}

/**
 * Re-scores a lead that just got a submission (already inserted). Returns the new tier and
 * the timeline entry for a tier change, for the caller to record with its own.
 */
export async function rescoreAfterSubmission(
  db: Db,
  input: {
    lead: LeadRow;
    /** The submission just stored, as a scoring fact. */
    current: SubmissionFact;
    answers: StoredAnswers;
    flags: QualificationFlag[];
    model: ScoringModel;
    now: number;
  },
): Promise<{ tier: Tier; tierChange: ActivityEntry | null }> {
  const { lead, now } = input;
  // A new lead has no history yet: its only fact is the submission in hand.
  const history =
    lead.submissions_count === 0 ? [input.current] : await submissionFacts(db, lead.id);
  const result = score({ email: lead.email, submissions: history }, input.model);
  const merged = await mergeLeadFields(db, lead, input.answers, now);
  await db
    .updateTable('leads')
    .set({
      ...merged,
      ...qualificationAfter(lead, input.flags),
      score: result.score,
      tier: result.tier,
      breakdown_json: JSON.stringify(result.breakdown),
      model_version: result.modelVersion,
      submissions_count: lead.submissions_count + 1,
      last_touch_at: now,
      scored_at: now,
      updated_at: now,
    })
    .where('id', '=', lead.id)
    .execute();
  const tierChange = tierChangeEntry(lead, result, now, lead.submissions_count === 0);
  return { tier: result.tier, tierChange };
}

/** The timeline entry for a new tier (or a first one), or null when the tier held. */
function tierChangeEntry(
  lead: LeadRow,
  result: ScoreResult,
  now: number,
  first: boolean,
): ActivityEntry | null {
  if (!first && lead.tier === result.tier) return null;
  return {
    workspaceId: lead.workspace_id,
    leadId: lead.id,
    type: 'tier_change',
    at: now,
    data: {
      from: first ? null : lead.tier,
      to: result.tier,
      score: result.score,
      reasons: result.breakdown.map((b) => b.evidence),
    },
  };
}

/**
 * Scores a lead again from everything known about it (new behaviour, a new model) and
 * records a tier change on its timeline. Returns the tier, or null for an unknown lead.
 */
export async function rescoreLead(
  db: Db,
  leadId: string,
  model: ScoringModel,
  now: number,
): Promise<Tier | null> {
  return db.transaction().execute(async (tx) => {
    const lead = await tx
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', leadId)
      .executeTakeFirst();
    if (!lead) return null;
    const result = score(
      { email: lead.email, submissions: await submissionFacts(tx, lead.id) },
      model,
    );
    await tx
      .updateTable('leads')
      .set({
        score: result.score,
        tier: result.tier,
        breakdown_json: JSON.stringify(result.breakdown),
        model_version: result.modelVersion,
        scored_at: now,
      })
      .where('id', '=', lead.id)
      .execute();
    const change = tierChangeEntry(lead, result, now, false);
    if (change) await recordActivity(tx, change);
    return result.tier;
  });
}
