import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { FormPurpose } from '../forms/definition';
import { readStoredDocument } from '../landing-pages/stored-document';
import { versionDocument } from '../landing-pages/live-pages';
import type { LeadFacts, SubmissionFact, VisitFact } from '../scoring/facts';
import { byMeaning, readStoredAnswers } from './stored-answers';

const blocksSchema = z.array(z.string().max(40)).max(60);

/** Block id → block type for each page: the live version's, else the draft's. */
async function blockTypesByPage(
  db: Db,
  pageIds: string[],
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (!pageIds.length) return out;
  const pages = await db
    .selectFrom('pages')
    .select(['id', 'published_version_id', 'draft_json'])
    .where('id', 'in', pageIds)
    .execute();
  for (const page of pages) {
    const doc = page.published_version_id
      ? await versionDocument(db, page.published_version_id)
      : readStoredDocument(page.draft_json);
    out.set(page.id, new Map(doc.blocks.map((b) => [b.id, b.type])));
  }
  return out;
}

type LeadRef = {
  id: string;
  email: string;
  source?: string | null;
  email_confirmed_at?: number | null;
};
const utmSchema = z
  .object({ source: z.string().max(200).optional(), medium: z.string().max(200).optional() })
  .catch({});

/**
 * Everything scoring may look at for each lead, in three queries whatever the number of
 * leads: their submissions, and the visits credited to them (made on a browser while they
 * were the last to identify themselves on it).
 */
export async function loadLeadFacts(db: Db, leads: LeadRef[]): Promise<Map<string, LeadFacts>> {
  const facts = new Map<string, LeadFacts>(
    leads.map((l) => [
      l.id,
      {
        email: l.email,
        source: l.source ?? null,
        emailConfirmedAt: l.email_confirmed_at ?? null,
        submissions: [],
        visits: [],
      },
    ]),
  );
  if (!leads.length) return facts;
  const ids = leads.map((l) => l.id);
  const submissions = await db
    .selectFrom('submissions')
    .select(['lead_id', 'created_at', 'form_purpose', 'answers_json'])
    .where('lead_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const s of submissions)
    facts.get(s.lead_id)!.submissions.push({
      at: s.created_at,
      purpose: s.form_purpose as FormPurpose,
      answers: byMeaning(readStoredAnswers(s.answers_json)),
    } satisfies SubmissionFact);

  const visits = await db
    .selectFrom('visits as v')
    .select([
      'v.lead_id',
      'v.page_id',
      'v.started_at',
      'v.engaged_ms',
      'v.max_scroll',
      'v.blocks_seen_json',
      'v.clicks',
      'v.utm_json',
    ])
    .where('v.lead_id', 'in', ids)
    .orderBy('v.started_at')
    .execute();
  const types = await blockTypesByPage(db, [...new Set(visits.map((v) => v.page_id))]);
  for (const v of visits) {
    const seen = blocksSchema.catch([]).parse(JSON.parse(v.blocks_seen_json));
    const pageTypes = types.get(v.page_id);
    facts.get(v.lead_id!)!.visits.push({
      at: v.started_at,
      engagedMs: v.engaged_ms,
      maxScroll: v.max_scroll,
      sectionsSeen: seen.length,
      blockTypesSeen: [
        ...new Set(seen.map((id) => pageTypes?.get(id)).filter((t) => t !== undefined)),
      ],
      clicks: v.clicks,
      utm: utmSchema.parse(JSON.parse(v.utm_json)),
    } satisfies VisitFact);
  }
  return facts;
}
