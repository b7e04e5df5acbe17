import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client';
import type { LeadRow, Tier } from '../../../db/schema';
import type { FormPurpose } from '../forms/definition';
import { emailOf, parseAnswers, type RawAnswers } from '../forms/answers';
import { newId } from '../ids';
import type { PublishedPage } from '../landing-pages/pages';
import { fail, ok, type Result } from '../result';
import type { SubmissionFact } from '../scoring/facts';
import type { ScoringModel } from '../scoring/model';
import { score, type ScoreResult } from '../scoring/score';
import { normalizeLeadEmail } from './email';
import {
  byMeaning,
  readStoredAnswers,
  snapshotAnswers,
  type StoredAnswers,
} from './stored-answers';
import { mergeLeadFields, recordActivity } from './activity';

export type SubmitInput = {
  page: PublishedPage;
  formBlockId: string;
  raw: RawAnswers;
  /** Made in the page by the form script; absent when JavaScript is off. */
  idempotencyKey: string | null;
  ipHash: string | null;
  userAgent: string | null;
  now: number;
  model: ScoringModel;
};

export type Submitted = {
  submissionId: string;
  leadId: string;
  tier: Tier;
  duplicate: boolean;
  successMessage: string;
};

/**
 * Without JavaScript there is no key from the page, so identical answers to the same form
 * within ten minutes count as one submission (a double click, a resent POST).
 */
export function fallbackIdempotencyKey(
  pageId: string,
  formBlockId: string,
  raw: RawAnswers,
  now: number,
): string {
  const answers = Object.keys(raw)
    .sort()
    .map((k) => [k, raw[k]]);
  const bucket = Math.floor(now / 600_000);
  return (
    'h:' +
    createHash('sha256')
      .update(JSON.stringify([pageId, formBlockId, answers, bucket]))
      .digest('base64url')
  );
}

/**
 * Stores one submission: the lead (created or updated and re-scored), the submission and
 * the lead's activity, in one transaction committed before the visitor is thanked.
 */
export async function submitForm(
  db: Db,
  input: SubmitInput,
): Promise<Result<Submitted, 'unknown_form' | 'invalid_answers'>> {
  const block = input.page.document.blocks.find(
    (b) => b.id === input.formBlockId && b.type === 'form' && !b.hidden,
  );
  if (!block || block.type !== 'form')
    return fail('unknown_form', 'This form is no longer on the page. Reload and try again.');
  const form = block.props.form;
  const parsed = parseAnswers(form, input.raw);
  if (!parsed.ok) return fail('invalid_answers', 'Some answers need a second look.', parsed.errors);
  const email = emailOf(form, parsed.answers)!;
  const answers = snapshotAnswers(form, parsed.answers);
  const key =
    input.idempotencyKey ??
    fallbackIdempotencyKey(input.page.pageId, block.id, input.raw, input.now);
  const workspaceId = input.page.workspaceId;

  return db.transaction().execute(async (tx) => {
    const earlier = await tx
      .selectFrom('submissions as s')
      .innerJoin('leads as l', 'l.id', 's.lead_id')
      .select(['s.id', 's.lead_id', 'l.tier'])
      .where('s.workspace_id', '=', workspaceId)
      .where('s.idempotency_key', '=', key)
      .executeTakeFirst();
    if (earlier)
      return ok({
        submissionId: earlier.id,
        leadId: earlier.lead_id,
        tier: earlier.tier,
        duplicate: true,
        successMessage: form.successMessage,
      });

    const lead = await findOrCreateLead(tx, workspaceId, email, input.now);
    const current: SubmissionFact = {
      at: input.now,
      purpose: form.purpose,
      answers: byMeaning(answers),
    };
    const facts = {
      email: lead.email,
      submissions: [...(await submissionFacts(tx, lead.id)), current],
    };
    const result = score(facts, input.model);

    const submissionId = newId();
    await tx
      .insertInto('submissions')
      .values({
        id: submissionId,
        workspace_id: workspaceId,
        lead_id: lead.id,
        page_id: input.page.pageId,
        page_version_id: input.page.versionId,
        visitor_id: null,
        idempotency_key: key,
        form_block_id: block.id,
        form_purpose: form.purpose,
        answers_json: JSON.stringify(answers),
        consent_json: consentOf(answers),
        flags_json: '[]',
        ip_hash: input.ipHash,
        user_agent: input.userAgent?.slice(0, 400) ?? null,
        duration_ms: null,
        created_at: input.now,
      })
      .execute();
    await recordActivity(tx, {
      workspaceId,
      leadId: lead.id,
      type: 'submission',
      at: input.now,
      data: { submissionId, pageId: input.page.pageId, purpose: form.purpose },
    });
    await applyScore(tx, lead, result, input.now, answers);
    return ok({
      submissionId,
      leadId: lead.id,
      tier: result.tier,
      duplicate: false,
      successMessage: form.successMessage,
    });
  });
}

async function findOrCreateLead(
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
  const found = await find();
  if (found) return found;
  await db
    .insertInto('leads')
    .values({
      id: newId(),
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
    // A concurrent first submission with the same email may have won: use its lead.
    .onConflict((oc) => oc.columns(['workspace_id', 'email_normalized']).doNothing())
    .execute();
  return (await find())!;
}

async function submissionFacts(db: Db, leadId: string): Promise<SubmissionFact[]> {
  const rows = await db
    .selectFrom('submissions')
    .select(['created_at', 'form_purpose', 'answers_json'])
    .where('lead_id', '=', leadId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    at: r.created_at,
    purpose: r.form_purpose as FormPurpose,
    answers: byMeaning(readStoredAnswers(r.answers_json)),
  }));
}

/** The consent text the visitor agreed to, kept word for word with the submission. */
function consentOf(answers: StoredAnswers): string | null {
  const given = answers
    .filter((a) => a.type === 'consent')
    .map((a) => ({ text: a.label, given: a.value === true }));
  return given.length ? JSON.stringify(given) : null;
}

async function applyScore(
  db: Db,
  lead: LeadRow,
  result: ScoreResult,
  now: number,
  answers: StoredAnswers,
): Promise<void> {
  const merged = await mergeLeadFields(db, lead, answers, now);
  await db
    .updateTable('leads')
    .set({
      ...merged,
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
  if (lead.submissions_count === 0 || lead.tier !== result.tier) {
    await recordActivity(db, {
      workspaceId: lead.workspace_id,
      leadId: lead.id,
      type: 'tier_change',
      at: now,
      data: {
        from: lead.submissions_count === 0 ? null : lead.tier,
        to: result.tier,
        score: result.score,
        reasons: result.breakdown.map((b) => b.evidence),
      },
    });
  }
}
