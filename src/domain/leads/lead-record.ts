import type { Db } from '../../../db/client';
import type { LeadRow, LeadUpdate, Tier } from '../../../db/schema';
import { newId } from '../../shared/ids';
import type { SubmissionFact } from '../scoring/facts';
import type { ScoringModel } from '../scoring/model';
import { score } from '../scoring/score';
import { loadLeadFacts } from './lead-facts';
import { scoreChangeEntry, tierChangeEntry } from './rescore';
import { mergeLeadFields, type ActivityEntry } from './activity';
import { normalizeLeadEmail } from './email';
import type { QualificationFlag } from './spam-signals';
import type { StoredAnswers } from './stored-answers';

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
 * the timeline entry for a tier change (or, within the tier, a score change), for the
 * caller to record with its own.
 */
export async function rescoreAfterSubmission(
  db: Db,
  input: {
    lead: LeadRow;
    /** The submission just stored, as a scoring fact. */
    current: SubmissionFact;
    /** A tracked browser was linked to the lead: its visits are facts too. */
    visitorLinked: boolean;
    /** The page submitted on, and where the lead first came from, for the inbox's filters. */
    touch: { pageId: string; source: string };
    answers: StoredAnswers;
    flags: QualificationFlag[];
    model: ScoringModel;
    now: number;
  },
): Promise<{ tier: Tier; tierChange: ActivityEntry | null }> {
  const { lead, now } = input;
  // A new lead from an untracked browser has no history: its only fact is this submission.
  const facts =
    lead.submissions_count === 0 && !input.visitorLinked
      ? { email: lead.email, submissions: [input.current], visits: [] }
      : (await loadLeadFacts(db, [lead])).get(lead.id)!;
  facts.source = input.touch.source;
  const result = score(facts, input.model, now);
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
      // Counted in the statement, not from the row read earlier: two submissions of one
      // lead on two instances both count.
      submissions_count: (eb) => eb('submissions_count', '+', 1),
      page_id: input.touch.pageId,
      source: input.touch.source,
      last_touch_at: now,
      scored_at: now,
      updated_at: now,
    })
    .where('id', '=', lead.id)
    .execute();
  const first = lead.submissions_count === 0;
  const tierChange =
    tierChangeEntry(lead, result, now, first ? null : 'submission') ??
    (first ? null : scoreChangeEntry(lead, result, now, 'submission'));
  return { tier: result.tier, tierChange };
}
