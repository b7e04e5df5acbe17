import { submissionVariants, variantLabel } from '../experiments/submission-variants';
import type { Db } from '../../../db/client';
import { publishedFormFields } from '../landing-pages/versions';
import { parseUtm, type Utm } from '../tracking/utm';
import { consentStatus } from './consent';
import { csvRow, UTF8_BOM } from './csv';
import { inboxRows, type InboxQuery } from './inbox';
import { readBreakdown } from './lead-row';
import { STATUS_LABELS } from './status';
import { answerText, readStoredAnswers } from './stored-answers';

// Each batch also loads its leads' submissions and visits: small batches keep memory flat.
const BATCH = 500;
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** Answers with these meanings already have a column of their own. */
const OWN_COLUMNS = new Set(['name', 'email', 'company', 'phone']);

/** One column per form field of any page of the workspace, by the field's name. */
export type AnswerColumn = { name: string; header: string };

/**
 * The answer columns of a workspace's export, from every version of every page (answers
 * are only ever given to a published version). Headed by the field's latest label; two
 * fields with one label are told apart by their names.
 */
export async function answerColumns(db: Db, workspaceId: string): Promise<AnswerColumn[]> {
  const labels = new Map<string, string>();
  for (const f of await publishedFormFields(db, workspaceId))
    if (!OWN_COLUMNS.has(f.meaning)) {
      labels.delete(f.name); // the latest label, in the latest position
      labels.set(f.name, f.label);
    }
  const taken = new Map<string, number>();
  for (const label of labels.values()) taken.set(label, (taken.get(label) ?? 0) + 1);
  return [...labels].map(([name, label]) => ({
    name,
    header: taken.get(label)! > 1 ? `${label} (${name})` : label,
  }));
}

type LeadExtras = {
  answers: Map<string, string>;
  consent: string;
  utm: Utm;
  /** The A/B test variant of the latest submission made under a test. */
  variant: string;
};

/**
 * What the inbox's rows do not carry, for one batch of leads: their answers (the latest
 * answer to each field wins), consent as last given, and the first UTM they arrived with
 * (a submission's landing address, else the first tracked visit that had one).
 */
async function extrasOf(db: Db, workspaceId: string, leadIds: string[]) {
  const extras = new Map<string, LeadExtras>(
    leadIds.map((id) => [id, { answers: new Map(), consent: '', utm: {}, variant: '' }]),
  );
  if (!leadIds.length) return extras;
  const submissions = await db
    .selectFrom('submissions')
    .select([
      'lead_id',
      'answers_json',
      'consent_json',
      'consent_confirmed_at',
      'landing_url',
      'variant_id',
    ])
    .where('workspace_id', '=', workspaceId)
    .where('lead_id', 'in', leadIds)
    .orderBy('created_at', 'asc')
    .execute();
  const variants = await submissionVariants(
    db,
    submissions.map((s) => s.variant_id),
  );
  for (const s of submissions) {
    const lead = extras.get(s.lead_id)!;
    for (const a of readStoredAnswers(s.answers_json))
      lead.answers.set(a.name, answerText(a.value));
    lead.consent = consentStatus(s.consent_json, s.consent_confirmed_at) ?? lead.consent;
    if (!lead.utm.source && s.landing_url) lead.utm = parseUtm(s.landing_url);
    const variant = s.variant_id ? variants.get(s.variant_id) : undefined;
    if (variant) lead.variant = variantLabel(variant);
  }
  const visits = await db
    .selectFrom('visits as v')
    .select(['v.lead_id', 'v.utm_json'])
    .where('v.workspace_id', '=', workspaceId)
    .where('v.lead_id', 'in', leadIds)
    .where('v.utm_json', '!=', '{}')
    .orderBy('v.started_at', 'asc')
    .execute();
  for (const v of visits) {
    const lead = v.lead_id ? extras.get(v.lead_id) : undefined;
    if (lead && !lead.utm.source) lead.utm = JSON.parse(v.utm_json) as Utm;
  }
  return extras;
}

async function assigneeNames(db: Db, workspaceId: string, userIds: string[]) {
  if (!userIds.length) return new Map<string, string>();
  const users = await db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('m.workspace_id', '=', workspaceId)
    .where('u.id', 'in', userIds)
    .execute();
  return new Map(users.map((u) => [u.id, u.name || u.email]));
}

/**
 * "asked for a demo (+20); read the pricing section (+8)": the score's reasons, weightiest
 * first, the points last so no cell starts like a formula.
 */
const reasonsOf = (breakdownJson: string) =>
  readBreakdown(breakdownJson)
    .filter((l) => l.points !== 0)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .map((l) => `${l.evidence} (${l.points > 0 ? '+' : ''}${l.points})`)
    .join('; ');

const BASE_HEADER = [
  'Email',
  'Name',
  'Company',
  'Phone',
  'Tier',
  'Score',
  'Why',
  'Status',
  'Assignee',
  'Source',
  'UTM medium',
  'UTM campaign',
  'Consent',
  'Page',
  'A/B variant',
  'Submissions',
  'Created (UTC)',
  'Last touch (UTC)',
  'Lead id',
];

/**
 * The leads of a view as CSV, produced a batch at a time as the reader asks for more, so an
 * export of 100,000 leads never holds more than one batch in memory: the inbox's columns,
 * the score's reasons, assignee, UTM, consent, then one column per form answer.
 */
export function leadsCsvStream(
  db: Db,
  workspaceId: string,
  query: Omit<InboxQuery, 'after'>,
  opts: { excel: boolean },
): ReadableStream<Uint8Array> {
  const dialect = opts.excel ? 'excel' : 'plain';
  const encoder = new TextEncoder();
  let after: readonly [number, string] | undefined;
  let columns: AnswerColumn[] | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!columns) {
          columns = await answerColumns(db, workspaceId);
          const header = [...BASE_HEADER, ...columns.map((c) => c.header)];
          controller.enqueue(
            encoder.encode((opts.excel ? UTF8_BOM : '') + csvRow(header, dialect)),
          );
          return;
        }
        const rows = await inboxRows(db, workspaceId, { ...query, after })
          .select('leads.assignee_user_id')
          .limit(BATCH)
          .execute();
        if (rows.length === 0) return controller.close();
        const last = rows.at(-1)!;
        after = [Number(last.sort_value), last.id];
        const [extras, assignees] = await Promise.all([
          extrasOf(
            db,
            workspaceId,
            rows.map((r) => r.id),
          ),
          assigneeNames(db, workspaceId, [
            ...new Set(rows.flatMap((r) => (r.assignee_user_id ? [r.assignee_user_id] : []))),
          ]),
        ]);
        const answerCols = columns;
        const lines = rows.map((r) => {
          const x = extras.get(r.id)!;
          return csvRow(
            [
              r.email,
              r.name,
              r.company,
              r.phone,
              r.tier,
              r.score,
              reasonsOf(r.breakdown_json),
              STATUS_LABELS[r.status],
              r.assignee_user_id ? (assignees.get(r.assignee_user_id) ?? '') : '',
              r.source,
              x.utm.medium ?? '',
              x.utm.campaign ?? '',
              x.consent,
              r.page_title,
              x.variant,
              r.submissions_count,
              iso(r.created_at),
              iso(r.last_touch_at),
              r.id,
              ...answerCols.map((c) => x.answers.get(c.name) ?? ''),
            ],
            dialect,
          );
        });
        controller.enqueue(encoder.encode(lines.join('')));
        if (rows.length < BATCH) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
