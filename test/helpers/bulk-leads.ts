import SQLite from 'better-sqlite3';
import type { Db } from '../../db/client';
import { submitForm } from '../../src/domain/leads/submit';
import { publishedTemplatePage, submission } from './seed';

const DAY = 86_400_000;
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
  file: string,
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
  const raw = new SQLite(file);
  const pattern = raw.prepare('select * from submissions').get() as Record<string, unknown>;
  const lead = raw.prepare('select * from leads').get() as Record<string, unknown>;
  const insertInto = (table: string, row: Record<string, unknown>) =>
    raw.prepare(
      `insert into ${table} (${Object.keys(row).join(',')}) values (${Object.keys(row)
        .map((k) => `@${k}`)
        .join(',')})`,
    );
  const insertLead = insertInto('leads', lead);
  const insertSub = insertInto('submissions', pattern);
  const insertVisitor = raw.prepare(
    `insert into visitors values (@id, @ws, @pid, @lead, @at, @at, 2, 2, 90000, @sources)`,
  );
  const insertVisit = raw.prepare(
    `insert into visits values (@id, @ws, @visitor, @page, @at, @at, @ms, @scroll, @blocks, @clicks, 1, null, '{}', 'desktop')`,
  );
  raw.transaction(() => {
    for (let i = 1; i < opts.leads; i++) {
      const id = `lead-${String(i).padStart(7, '0')}`;
      const at = now - (i % 90) * DAY - (i % 1000);
      const tier = TIERS[i % TIERS.length]!;
      const score = { hot: 60, warm: 25, cold: 0 }[tier] + (i % 35);
      const name = `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`;
      const source = SOURCES[i % SOURCES.length]!;
      const answers = String(pattern.answers_json).replace(
        'This month',
        TIMELINES[i % TIMELINES.length]!,
      );
      insertLead.run({
        ...lead,
        id,
        email: `p${i}@initech.com`,
        email_normalized: `p${i}@initech.com`,
        name,
        company: COMPANIES[i % COMPANIES.length],
        score,
        tier,
        status: STATUSES[Math.floor(i / 7) % STATUSES.length],
        source,
        page_id: page.pageId,
        created_at: at,
        first_touch_at: at,
        last_touch_at: at + (i % 5) * DAY,
      });
      insertSub.run({
        ...pattern,
        id: `sub-${i}`,
        lead_id: id,
        idempotency_key: `k-${i}`,
        answers_json: answers,
        created_at: at,
      });
      if (i % 2) continue;
      const visitor = `visitor-${i}`;
      insertVisitor.run({
        id: visitor,
        ws: workspaceId,
        pid: `browser-${i}`,
        lead: id,
        at,
        sources: JSON.stringify([source]),
      });
      for (const n of [0, 1])
        insertVisit.run({
          id: `${visitor}.v${n}`,
          ws: workspaceId,
          visitor,
          page: page.pageId,
          at: at - n * 3 * DAY,
          ms: 20_000 + (i % 7) * 15_000,
          scroll: 40 + (i % 6) * 12,
          blocks: JSON.stringify(['hero', 'features', 'proof', 'demo-form'].slice(0, 1 + (i % 4))),
          clicks: i % 3,
        });
    }
  })();
  raw.close();
  return { workspaceId, pageId: page.pageId };
}
