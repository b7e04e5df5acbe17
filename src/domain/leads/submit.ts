import { transact } from '../../../db/transact';
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client';
import type { Tier } from '../../../db/schema';
import { emailOf, parseAnswers, type Answers, type RawAnswers } from '../forms/answers';
import type { FormDefinition } from '../forms/definition';
import { newId } from '../../shared/ids';
import { findOrCreateVisitor, firstSourceOf } from '../tracking/visitors';
import type { Arrival } from './arrival';
import { leadSource } from './lead-source';
import type { PublishedPage } from '../landing-pages/live-pages';
import { fail, ok, type Result } from '../../shared/result';
import type { ScoringModel } from '../scoring/model';
import { recordActivity, type ActivityEntry } from './activity';
import { consentVersion, storedConsentSchema } from './consent';
import { rescoreLeadsIn } from './rescore';
import { queueJob } from '../jobs/kinds';
import { linkExposureToLead, recordOutcomes, type Exposure } from '../experiments/exposures';
import { findOrCreateLead, rescoreAfterSubmission } from './lead-record';
import { qualificationFlags, type SubmissionSignals } from './spam-signals';
import { byMeaning, snapshotAnswers, type StoredAnswers } from './stored-answers';

export type SubmitInput = {
  page: PublishedPage;
  formBlockId: string;
  raw: RawAnswers;
  /** Made in the page by the form script; absent when JavaScript is off. */
  idempotencyKey: string | null;
  /** The tracker's id for this browser, to attach the visitor's history to the lead. */
  visitorPublicId?: string | null;
  /** The tracker's id for the visit in progress: where a shared browser changes hands. */
  visitPublicId?: string | null;
  signals: Omit<SubmissionSignals, 'email'>;
  /** How the visitor arrived, as the submission carries it. */
  arrival?: Arrival;
  ipHash: string | null;
  now: number;
  model: ScoringModel;
  /** The variant shown, when the page is under test and the visitor is counted. */
  variant?: { id: string; exposure: Exposure } | null;
};

export type Submitted = {
  submissionId: string;
  leadId: string;
  tier: Tier;
  duplicate: boolean;
  /** What to show or where to go next: the tier's thank-you, or the form's redirect. */
  message: string;
  download: Download | null;
  redirectUrl: string | null;
};

/**
 * Without JavaScript there is no key from the page, so identical answers to the same form
 * within ten minutes count as one submission (a double click, a resent POST).
 */
export function fallbackIdempotencyKey(
  pageId: string,
  formBlockId: string,
  answers: Answers,
  now: number,
): string {
  const sorted = Object.keys(answers)
    .sort()
    .map((k) => [k, answers[k]]);
  const bucket = Math.floor(now / 600_000);
  return (
    'h:' +
    createHash('sha256')
      .update(JSON.stringify([pageId, formBlockId, sorted, bucket]))
      .digest('base64url')
  );
}

/** The thank-you a visitor of this tier sees; the general one when none is set for it. */
export const thankYouFor = (form: FormDefinition, tier: Tier): string =>
  form.tierMessages?.[tier] || form.successMessage;

/** A link handed over with the thank-you: what the form promised to deliver. */
export type Download = { url: string; label: string };

/** The form's download, when it has an address; its button reads "Download" unless named. */
export const downloadOf = (form: FormDefinition): Download | null =>
  form.download?.url ? { url: form.download.url, label: form.download.label || 'Download' } : null;

/** The consent text the visitor saw, word for word, with a version id to group by. */
function consentOf(answers: StoredAnswers, form: FormDefinition): string | null {
  const consents = form.fields.filter((f) => f.type === 'consent');
  if (!consents.length) return null;
  return JSON.stringify(
    storedConsentSchema.parse(
      consents.map((f) => {
        const text = f.linkUrl ? `${f.label} [${f.linkLabel || 'link'}: ${f.linkUrl}]` : f.label;
        return {
          text,
          version: consentVersion(text),
          given: answers.some((a) => a.name === f.name && a.value === true),
          // Double opt-in: given counts once the visitor confirms their address.
          ...(form.confirmation?.doubleOptIn ? { needsConfirmation: true } : {}),
        };
      }),
    ),
  );
}

class AlreadySubmitted extends Error {}

/** A browser as a submission finds it: its visitor row, and whom it belonged to before. */
type LinkedBrowser = { id: string; firstSource: string | null; previousLeadId: string | null };

/** Visits with no event for this long have ended (the tracker's own gap). */
const VISIT_GAP_MS = 30 * 60_000;

/**
 * Attaches a tracked browser to the lead who identified themselves on it. The visitor is
 * created when the tracker's first beacon has not arrived yet, so visits recorded after the
 * submission attach too. A first submission takes the browser's whole history. A browser
 * another lead identified themselves on before changes hands (a shared computer): the
 * earlier lead keeps the visits made before, the new one gets the visit in progress — the
 * one the form names, else any still within the visit gap — and every visit after.
 */
async function linkVisitor(
  tx: Db,
  workspaceId: string,
  browser: { publicId: string; visitPublicId: string | null },
  leadId: string,
  now: number,
): Promise<LinkedBrowser> {
  const visitor = await findOrCreateVisitor(tx, workspaceId, browser.publicId, now);
  const linked = { id: visitor.id, firstSource: firstSourceOf(visitor.sources_json) };
  if (visitor.lead_id === leadId) return { ...linked, previousLeadId: null };
  await tx.updateTable('visitors').set({ lead_id: leadId }).where('id', '=', visitor.id).execute();
  const visits = tx
    .updateTable('visits')
    .set({ lead_id: leadId })
    .where('visitor_id', '=', visitor.id);
  if (!visitor.lead_id) {
    await visits.where('lead_id', 'is', null).execute();
    return { ...linked, previousLeadId: null };
  }
  await (
    browser.visitPublicId
      ? visits.where('id', '=', `${visitor.id}.${browser.visitPublicId}`)
      : visits.where('last_event_at', '>=', now - VISIT_GAP_MS)
  ).execute();
  return { ...linked, previousLeadId: visitor.lead_id };
}

/** Both timelines say that the browser changed hands, each from its own side. */
const handoverEntries = (
  workspaceId: string,
  from: string,
  to: { id: string; email: string },
  now: number,
): ActivityEntry[] => [
  { workspaceId, leadId: from, type: 'browser_handover', at: now, data: { direction: 'out' } },
  {
    workspaceId,
    leadId: to.id,
    type: 'browser_handover',
    at: now,
    data: { direction: 'in', previousLeadId: from },
  },
];

/**
 * Stores one submission — the lead (created or updated, re-scored), the submission, its
 * flags and the lead's activity — in one transaction committed before the visitor is
 * thanked. A key seen before returns the first result and writes nothing.
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
  const flags = qualificationFlags({ ...input.signals, email });
  const key =
    input.idempotencyKey ??
    fallbackIdempotencyKey(input.page.pageId, block.id, parsed.answers, input.now);
  const workspaceId = input.page.workspaceId;
  const done = (
    submissionId: string,
    leadId: string,
    tier: Tier,
    duplicate: boolean,
  ): Submitted => ({
    submissionId,
    leadId,
    tier,
    duplicate,
    message: thankYouFor(form, tier),
    download: downloadOf(form),
    redirectUrl: form.redirectUrl ?? null,
  });

  try {
    return await transact(db, async (tx) => {
      const lead = await findOrCreateLead(tx, workspaceId, email, input.now);
      const visitor = input.visitorPublicId
        ? await linkVisitor(
            tx,
            workspaceId,
            { publicId: input.visitorPublicId, visitPublicId: input.visitPublicId ?? null },
            lead.id,
            input.now,
          )
        : null;
      const visitorId = visitor?.id ?? null;
      const submissionId = newId(input.now);
      // The idempotency key is unique: a resent submission inserts nothing, and the whole
      // transaction (a lead it may have made included) is rolled back below.
      const inserted = await tx
        .insertInto('submissions')
        .values({
          id: submissionId,
          workspace_id: workspaceId,
          lead_id: lead.id,
          page_id: input.page.pageId,
          page_version_id: input.page.versionId,
          visitor_id: visitorId,
          idempotency_key: key,
          form_block_id: block.id,
          form_purpose: form.purpose,
          answers_json: JSON.stringify(answers),
          consent_json: consentOf(answers, form),
          flags_json: JSON.stringify(flags),
          ip_hash: input.ipHash,
          user_agent: input.signals.userAgent?.slice(0, 400) ?? null,
          duration_ms: input.signals.elapsedMs,
          landing_url: input.arrival?.landing ?? null,
          referrer: input.arrival?.referrer ?? null,
          variant_id: input.variant?.id ?? null,
          created_at: input.now,
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new AlreadySubmitted();
      const current = { at: input.now, purpose: form.purpose, answers: byMeaning(answers) };
      const { tier, tierChange } = await rescoreAfterSubmission(tx, {
        lead,
        current,
        visitorLinked: visitorId !== null,
        touch: {
          pageId: input.page.pageId,
          source:
            lead.source ??
            leadSource(visitor?.firstSource ?? null, form, parsed.answers, input.arrival),
        },
        answers,
        flags,
        model: input.model,
        now: input.now,
      });
      const submitted = {
        workspaceId,
        leadId: lead.id,
        type: 'submission',
        at: input.now,
        data: {
          submissionId,
          pageId: input.page.pageId,
          purpose: form.purpose,
          tier,
          flags: flags.map((f) => f.reason),
        },
      };
      await recordActivity(tx, submitted, ...(tierChange ? [tierChange] : []));
      if (input.variant) {
        await linkExposureToLead(tx, input.variant.exposure, lead.id);
        await recordOutcomes(tx, [lead.id], input.now);
      }
      if (visitor?.previousLeadId) {
        await recordActivity(
          tx,
          ...handoverEntries(workspaceId, visitor.previousLeadId, lead, input.now),
        );
        await rescoreLeadsIn(tx, [visitor.previousLeadId], input.model, input.now, 'handover');
      }
      if (form.confirmation?.email || form.confirmation?.doubleOptIn)
        await queueJob(
          tx,
          {
            kind: 'visitor-confirmation',
            key: `visitor-confirmation:${submissionId}`,
            payload: { submissionId },
            runAt: input.now,
            workspaceId,
          },
          input.now,
        );
      return ok(done(submissionId, lead.id, tier, false));
    });
  } catch (error) {
    // A key seen before (now, or by a racing instance): answer with the first result.
    const seen = await db
      .selectFrom('submissions as s')
      .innerJoin('leads as l', 'l.id', 's.lead_id')
      .select(['s.id', 's.lead_id', 'l.tier'])
      .where('s.workspace_id', '=', workspaceId)
      .where('s.idempotency_key', '=', key)
      .executeTakeFirst();
    if (seen) return ok(done(seen.id, seen.lead_id, seen.tier, true));
    throw error;
  }
}
