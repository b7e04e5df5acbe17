import type { Insertable } from 'kysely';
import type { Db } from '../../db/client';
import type { Database } from '../../db/schema';
import { transact } from '../../db/transact';
import { submitForm } from '../../src/domain/leads/submit';
import { publishedTemplatePage, submission } from './seed';

const DAY = 86_400_000;
const CHUNK = 400;
type Lead = Insertable<Database['leads']>;
type Submission = Insertable<Database['submissions']>;
type Visitor = Insertable<Database['visitors']>;
type Visit = Insertable<Database['visits']>;
const TIMELINES = ['This month', 'Later this year', 'Next quarter', 'ASAP'];
const TIERS = ['hot', 'warm', 'warm', 'cold', 'cold', 'cold', 'cold'] as const;
const STATUSES = ['new', 'new', 'new', 'contacted', 'qualified', 'won', 'lost'] as const;
const SOURCES = ['newsletter', 'linkedin', 'google.com', 'direct', 'partner-webinar'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Dana', 'Emeka', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Silva', 'Okafor', 'Novak', 'Tanaka', 'Berg', 'Haddad', 'Moreau', 'Kowalski'];
const COMPANIES = ['Initech', 'Globex', 'Umbrella Labs', 'Hooli', 'Vandelay', 'Stark Freight'];

/**
 * Seeds `leads` leads as submitForm would store them, in bulk: one real submission through
 * the app is the pattern, the rest are raw inserts of varied copies (tiers, scores, statuses,
 * sources, names, companies, dates over 90 days), each with its submission and every second
 * one with a tracked visitor and two visits. For benchmarks and tests at 100,000 leads.
 */
export async function seedLeads(
  db: Db,
  opts: { leads: number; now: number },
): Promise<{ workspaceId: string; pageId: string }> {
  const { now } = opts;
  const { page, workspaceId } = await publishedTemplatePage(db, now - 30 * DAY);
  const first = await submitForm(
    db,
    submission(
      page,
      {
        name: 'Pat Doe',
        email: 'pat@initech.com',
        company: 'Initech',
        timeline: 'This month',
        consent: 'on',
      },
      now - 20 * DAY,
    ),
  );
  if (!first.ok) throw new Error('seed submission');
  const pattern = await db.selectFrom('submissions').selectAll().executeTakeFirstOrThrow();
  const lead = await db.selectFrom('leads').selectAll().executeTakeFirstOrThrow();
  const rows = {
    leads: [] as Lead[],
    submissions: [] as Submission[],
    visitors: [] as Visitor[],
    visits: [] as Visit[],
  };
  for (let i = 1; i < opts.leads; i++) {
    const id = `lead-${String(i).padStart(7, '0')}`;
    const at = now - (i % 90) * DAY - (i % 1000);
    const tier = TIERS[i % TIERS.length]!;
    const score = { hot: 60, warm: 25, cold: 0 }[tier] + (i % 35);
    const name = `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`;
    const source = SOURCES[i % SOURCES.length]!;
    rows.leads.push({
      ...lead,
      id,
      email: `p${i}@initech.com`,
      email_normalized: `p${i}@initech.com`,
      name,
      company: COMPANIES[i % COMPANIES.length]!,
      score,
      tier,
      status: STATUSES[Math.floor(i / 7) % STATUSES.length]!,
      source,
      page_id: page.pageId,
      created_at: at,
      first_touch_at: at,
      last_touch_at: at + (i % 5) * DAY,
    });
    rows.submissions.push({
      ...pattern,
      id: `sub-${i}`,
      lead_id: id,
      idempotency_key: `k-${i}`,
      answers_json: pattern.answers_json.replace('This month', TIMELINES[i % TIMELINES.length]!),
      created_at: at,
    });
    if (i % 2) continue;
    const visitor = `visitor-${i}`;
    rows.visitors.push({
      id: visitor,
      workspace_id: workspaceId,
      public_id: `browser-${i}`,
      lead_id: id,
      first_seen_at: at,
      last_seen_at: at,
      visits: 2,
      distinct_days: 2,
      engaged_ms: 90_000,
      sources_json: JSON.stringify([source]),
    });
    for (const n of [0, 1])
      rows.visits.push({
        id: `${visitor}.v${n}`,
        workspace_id: workspaceId,
        visitor_id: visitor,
        page_id: page.pageId,
        started_at: at - n * 3 * DAY,
        last_event_at: at - n * 3 * DAY,
        engaged_ms: 20_000 + (i % 7) * 15_000,
        max_scroll: 40 + (i % 6) * 12,
        blocks_seen_json: JSON.stringify(
          ['hero', 'features', 'proof', 'demo-form'].slice(0, 1 + (i % 4)),
        ),
        clicks: i % 3,
        pages_viewed: 1,
        referrer: null,
        utm_json: '{}',
        device: 'desktop',
      });
  }
  // Multi-row inserts in one transaction, in chunks under both databases' parameter limits.
  await transact(db, async (tx) => {
    for (const table of ['leads', 'submissions', 'visitors', 'visits'] as const)
      for (let i = 0; i < rows[table].length; i += CHUNK)
        await tx
          .insertInto(table)
          .values(rows[table].slice(i, i + CHUNK) as never)
          .execute();
  });
  return { workspaceId, pageId: page.pageId };
}
