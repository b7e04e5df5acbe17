import { LEAD_SUMMARY_COLUMNS, leadSummaryOf, readBreakdown, type LeadSummary } from './lead-row';
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { Database, Tier } from '../../../db/schema';
import { cursorParam, encodeCursor } from '../cursor';
import { LEAD_STATUSES } from './status';
import { variantLabel } from '../experiments/submission-variants';

export const TIERS = ['hot', 'warm', 'cold'] as const satisfies readonly Tier[];

/** Sort orders, each backed by an index ending in the lead id (the keyset's tie-breaker). */
const SORTS = {
  score: 'leads.score',
  touch: 'leads.last_touch_at',
  created: 'leads.created_at',
} as const;
export type InboxSort = keyof typeof SORTS;

const DAY_MS = 86_400_000;
/** A calendar day from a date input (YYYY-MM-DD), as UTC midnight in epoch ms. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are written YYYY-MM-DD.')
  .transform((d, ctx) => {
    const at = Date.parse(`${d}T00:00:00Z`);
    if (Number.isNaN(at)) ctx.addIssue({ code: 'custom', message: `${d} is not a date.` });
    return at;
  });

// A filter form submits empty inputs as "": they mean "any".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/**
 * The inbox's view, as it appears in the URL: every filter, the search, the sort and the
 * page, so a view can be bookmarked and shared.
 */
/** The most leads one bulk action (or export of a selection) takes: one page of the inbox. */
export const BULK_LIMIT = 50;

export const inboxQuerySchema = z.object({
  /** Unqualified leads (spam, bots, disposable addresses) live apart from the inbox. */
  view: optional(z.enum(['inbox', 'unqualified'])).transform((v) => v ?? 'inbox'),
  tier: optional(z.enum(TIERS)),
  status: optional(z.enum(LEAD_STATUSES)),
  page: optional(z.string().max(40)),
  source: optional(z.string().trim().max(100)),
  /** Leads that submitted through this A/B test variant. */
  variant: optional(z.string().max(40)),
  /** Created on or after this day (UTC). */
  from: optional(day),
  /** Created on or before this day (UTC), the whole day included. */
  to: optional(day),
  q: optional(z.string().trim().max(100)),
  sort: optional(z.enum(['score', 'touch', 'created'])).transform((v) => v ?? 'score'),
  after: optional(cursorParam),
  /** Only these leads: the ones ticked in the inbox, for "Export selected". */
  lead: z
    .array(z.string().max(40))
    .max(BULK_LIMIT, `Select at most ${BULK_LIMIT} leads at once.`)
    .optional()
    .transform((ids) => (ids?.length ? ids : undefined)),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;
export type InboxFilters = Omit<InboxQuery, 'after' | 'sort'>;

export type InboxRow = LeadSummary & {
  pageTitle: string | null;
  /** The reason that weighs most in the score, or why the lead is unqualified. */
  why: string | null;
};

/**
 * Name, email and company as one lower-case text, exactly as the search index (migration
 * 0009) spells it, so a search uses that index rather than reading every lead.
 */
export const SEARCH_TEXT = sql<string>`lower(coalesce(name, '') || ' ' || email || ' ' || coalesce(company, ''))`;

/** `%`, `_` and `\` typed in the search box are searched for, not used as wildcards. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filters of a view as one condition: one place for the inbox, its export and counts. */
export function inboxWhere(
  eb: ExpressionBuilder<Database, 'leads'>,
  workspaceId: string,
  f: InboxFilters,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [
    eb('leads.workspace_id', '=', workspaceId),
    eb('leads.qualified', '=', f.view === 'unqualified' ? 0 : 1),
  ];
  if (f.lead) conditions.push(eb('leads.id', 'in', f.lead));
  if (f.tier) conditions.push(eb('leads.tier', '=', f.tier));
  if (f.status) conditions.push(eb('leads.status', '=', f.status));
  if (f.page) conditions.push(eb('leads.page_id', '=', f.page));
  if (f.source) conditions.push(eb('leads.source', '=', f.source));
  if (f.variant)
    conditions.push(
      eb(
        'leads.id',
        'in',
        eb
          .selectFrom('submissions as vs')
          .select('vs.lead_id')
          .where('vs.workspace_id', '=', workspaceId)
          .where('vs.variant_id', '=', f.variant),
      ),
    );
  if (f.from !== undefined) conditions.push(eb('leads.created_at', '>=', f.from));
  if (f.to !== undefined) conditions.push(eb('leads.created_at', '<', f.to + DAY_MS));
  if (f.q)
    conditions.push(
      eb(
        'leads.id',
        'in',
        eb
          .selectFrom('leads as s')
          .select('s.id')
          .where('s.workspace_id', '=', workspaceId)
          .where(sql<SqlBool>`${SEARCH_TEXT} like lower(${likePattern(f.q)}) escape '\\'`),
      ),
    );
  return eb.and(conditions);
}

/** Rows of a view in its sort order, starting after a cursor: what the inbox and export page through. */
export function inboxRows(
  db: Db,
  workspaceId: string,
  query: Omit<InboxQuery, 'after'> & { after?: readonly [number, string] },
) {
  const col = SORTS[query.sort];
  let q = db
    .selectFrom('leads')
    .leftJoin('pages', (j) =>
      j
        .onRef('pages.id', '=', 'leads.page_id')
        .onRef('pages.workspace_id', '=', 'leads.workspace_id'),
    )
    .select(LEAD_SUMMARY_COLUMNS.map((c) => `leads.${c}` as const))
    .select(['pages.title as page_title', sql<number>`${sql.ref(col)}`.as('sort_value')])
    .where((eb) => inboxWhere(eb, workspaceId, query));
  if (query.after) {
    const [value, id] = query.after;
    q = q.where((eb) => eb(eb.refTuple(col, 'leads.id'), '<', eb.tuple(value, id)));
  }
  return q.orderBy(col, 'desc').orderBy('leads.id', 'desc');
}

const weightiest = (breakdownJson: string) =>
  readBreakdown(breakdownJson).reduce<{ points: number; evidence: string } | null>(
    (best, line) => (!best || line.points > best.points ? line : best),
    null,
  )?.evidence ?? null;

export type InboxPage = { rows: InboxRow[]; next: string | null };

/** One page of the inbox, and the cursor of the next page when there is one. */
export async function inboxPage(
  db: Db,
  workspaceId: string,
  query: InboxQuery,
  pageSize = 50,
): Promise<InboxPage> {
  const rows = await inboxRows(db, workspaceId, query)
    .limit(pageSize + 1)
    .execute();
  const more = rows.length > pageSize;
  const shown = rows.slice(0, pageSize);
  const last = shown.at(-1);
  return {
    rows: shown.map((r) => ({
      ...leadSummaryOf(r),
      pageTitle: r.page_title ?? null,
      why: query.view === 'unqualified' ? r.unqualified_reason : weightiest(r.breakdown_json),
    })),
    next: more && last ? encodeCursor(Number(last.sort_value), last.id) : null,
  };
}

const MAX_SOURCES = 200;

/**
 * The sources a workspace's leads came from, in order, by stepping through the
 * (workspace, source) index from each value to the next: a few hundred index probes.
 * A DISTINCT would read every lead's entry (at 100,000 leads, tens of milliseconds on
 * PostgreSQL), since neither database skips through an index by itself.
 */
async function leadSources(db: Db, workspaceId: string): Promise<string[]> {
  const next = (after: RawBuilder<string> | null) =>
    sql<string>`(select source from leads where workspace_id = ${workspaceId} and source is not null${after ? sql` and source > ${after}` : sql``} order by source limit 1)`;
  const { rows } = await sql<{ source: string }>`
    with recursive found(source, n) as (
      select ${next(null)}, 1
      union all
      select ${next(sql<string>`found.source`)}, n + 1
      from found where found.source is not null and n < ${MAX_SOURCES}
    )
    select source from found where source is not null`.execute(db);
  return rows.map((r) => r.source);
}

/**
 * The choices the filter form offers: the workspace's pages, the sources its leads came
 * from, and the variants of its A/B tests.
 */
export async function inboxFilterOptions(db: Db, workspaceId: string) {
  const [pages, sources, variants] = await Promise.all([
    db
      .selectFrom('pages')
      .select(['id', 'title'])
      .where('workspace_id', '=', workspaceId)
      .where('variant_of', 'is', null)
      .orderBy('title')
      .execute(),
    leadSources(db, workspaceId),
    db
      .selectFrom('experiment_variants as v')
      .innerJoin('experiments as e', 'e.id', 'v.experiment_id')
      .select(['v.id', 'v.key', 'v.name', 'e.name as experiment'])
      .where('v.workspace_id', '=', workspaceId)
      .where('e.state', '!=', 'draft')
      .orderBy('e.created_at', 'desc')
      .orderBy('v.key')
      .execute(),
  ]);
  return {
    pages,
    sources,
    variants: variants.map((v) => ({
      id: v.id,
      label: variantLabel(v),
    })),
  };
}

/**
 * A workspace's leads by tier, and apart the ones held as unqualified (bots, throwaway
 * addresses, two-second forms), which are never counted as hot, warm or cold: one grouped
 * read for the inbox's tabs and the dashboard.
 */
export async function countLeads(
  db: Db,
  workspaceId: string,
): Promise<Record<Tier, number> & { unqualified: number; qualified: number }> {
  const rows = await db
    .selectFrom('leads')
    .select((eb) => ['qualified', 'tier', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .groupBy(['qualified', 'tier'])
    .execute();
  const counts = { hot: 0, warm: 0, cold: 0, unqualified: 0, qualified: 0 };
  for (const r of rows) {
    if (Number(r.qualified) === 1) {
      counts[r.tier] += Number(r.n);
      counts.qualified += Number(r.n);
    } else counts.unqualified += Number(r.n);
  }
  return counts;
}
