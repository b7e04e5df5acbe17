import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { csvCell, csvRow } from '../../src/domain/leads/csv';
import { leadsCsvStream } from '../../src/domain/leads/export';
import {
  inboxFilterOptions,
  inboxPage,
  inboxQuerySchema,
  inboxRows,
  type InboxQuery,
} from '../../src/domain/leads/inbox';
import { seedLeads } from '../helpers/bulk-leads';
import { freshDatabase, onPostgres } from '../helpers/test-database';

const NOW = Date.UTC(2026, 10, 20, 12);
const LEADS = 700;

describe('leads inbox (real database, 700 varied leads)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let workspaceId: string;
  let pageId: string;
  const view = (params: Record<string, string>) => inboxQuerySchema.parse(params);
  /** Every row of a view, following the cursor page by page. */
  async function everyRow(params: Record<string, string>, pageSize = 50) {
    const rows = [];
    let after: string | undefined;
    for (;;) {
      const page = await inboxPage(
        db,
        workspaceId,
        view({ ...params, ...(after ? { after } : {}) }),
        pageSize,
      );
      rows.push(...page.rows);
      if (!page.next) return rows;
      after = page.next;
    }
  }

  beforeAll(async () => {
    ({ db, drop } = await freshDatabase());
    ({ workspaceId, pageId } = await seedLeads(db, { leads: LEADS, now: NOW }));
  });
  afterAll(async () => {
    await drop();
  });

  it('pages through every lead exactly once, in order, for each sort', async () => {
    for (const sort of ['score', 'touch', 'created'] as const) {
      const rows = await everyRow({ sort }, 64);
      expect(rows).toHaveLength(LEADS);
      expect(new Set(rows.map((r) => r.id)).size).toBe(LEADS);
      const key = { score: 'score', touch: 'lastTouchAt', created: 'createdAt' }[sort] as
        'score' | 'lastTouchAt' | 'createdAt';
      for (let i = 1; i < rows.length; i++)
        expect(rows[i - 1]![key]).toBeGreaterThanOrEqual(rows[i]![key]);
    }
  });

  it('filters by tier, status, page, source and created date, all together', async () => {
    const hot = await everyRow({ tier: 'hot' });
    expect(hot.length).toBeGreaterThan(50);
    expect(hot.every((r) => r.tier === 'hot')).toBe(true);
    const combined = await everyRow({
      tier: 'warm',
      status: 'new',
      source: 'linkedin',
      page: pageId,
      from: '2026-11-01',
      to: '2026-11-10',
    });
    expect(combined.length).toBeGreaterThan(0);
    for (const r of combined) {
      expect(r).toMatchObject({ tier: 'warm', status: 'new', source: 'linkedin', pageId });
      expect(r.createdAt).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 1));
      expect(r.createdAt).toBeLessThan(Date.UTC(2026, 10, 11));
    }
    expect(await everyRow({ page: 'no-such-page' })).toEqual([]);
  });

  it('searches name, email and company, case-insensitively, with wildcards taken literally', async () => {
    const greta = await everyRow({ q: 'gReTa' });
    expect(greta.length).toBeGreaterThan(0);
    expect(greta.every((r) => r.name?.startsWith('Greta'))).toBe(true);
    const byEmail = await everyRow({ q: 'p123@initech' });
    expect(byEmail.map((r) => r.email)).toEqual(['p123@initech.com']);
    expect((await everyRow({ q: 'umbrella' })).every((r) => r.company === 'Umbrella Labs')).toBe(
      true,
    );
    expect(await everyRow({ q: '%' })).toEqual([]);
    expect(await everyRow({ q: '_' })).toEqual([]);
  });

  it('says why (the weightiest reason), and keeps the page and source of a submission', async () => {
    const [pat] = await everyRow({ q: 'pat@initech.com' });
    expect(pat?.why).toBeTruthy();
    // Stored by submitForm itself: the page submitted on, and no tracked source, so direct.
    expect(pat).toMatchObject({ pageId, source: 'direct', pageTitle: expect.any(String) });
  });

  it("offers each source the workspace's leads came from once, in order, and no other's", async () => {
    const distinct = await db
      .selectFrom('leads')
      .select('source')
      .distinct()
      .where('workspace_id', '=', workspaceId)
      .where('source', 'is not', null)
      .orderBy('source')
      .execute();
    const { sources, pages } = await inboxFilterOptions(db, workspaceId);
    expect(sources.length).toBeGreaterThan(3);
    expect(sources).toEqual(distinct.map((d) => d.source));
    expect(pages.map((p) => p.id)).toContain(pageId);
    expect(await inboxFilterOptions(db, 'another-workspace')).toEqual({
      pages: [],
      sources: [],
      variants: [],
    });
  });

  it('refuses a bad view with a message naming the field, and treats empty inputs as "any"', () => {
    const bad = (params: Record<string, string>) => {
      const r = inboxQuerySchema.safeParse(params);
      return r.success ? null : r.error.issues[0]!.path.join('.');
    };
    expect(bad({ tier: 'lukewarm' })).toBe('tier');
    expect(bad({ from: '2026-13-45' })).toBe('from');
    expect(bad({ sort: 'email' })).toBe('sort');
    expect(bad({ after: 'not-a-cursor' })).toBe('after');
    expect(bad({ q: 'x'.repeat(101) })).toBe('q');
    expect(inboxQuerySchema.parse({ tier: '', status: '', q: '', sort: '' })).toEqual({
      view: 'inbox',
      sort: 'score',
    } satisfies Partial<InboxQuery>);
  });

  it('exports a view as CSV a batch at a time, every row once', async () => {
    const reader = leadsCsvStream(db, workspaceId, view({ tier: 'cold' }), {
      excel: true,
    }).getReader();
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let text = '';
    let chunks = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += decoder.decode(r.value, { stream: true });
      chunks++;
    }
    const lines = text.split('\r\n').filter(Boolean);
    expect(text.startsWith('\uFEFFEmail,Name,')).toBe(true);
    const cold = await everyRow({ tier: 'cold' });
    expect(lines).toHaveLength(cold.length + 1);
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(lines.slice(1).every((l) => l.includes(',cold,'))).toBe(true);
  });
});

describe('CSV cells', () => {
  it('neutralises formula starts and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    for (const start of ['+1+1', '-1+1', '@SUM(A1)', '\tcmd', '\rcmd'])
      expect(csvCell(start).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('Ana, Silva')).toBe('"Ana, Silva"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('writes phone numbers as typed in the plain CSV, and keeps them from Excel’s arithmetic', () => {
    for (const phone of ['+1 415 555 0134', '+44 (20) 7946-0958', '-0134', '+33.1.23.45.67.89'])
      expect(csvCell(phone)).toBe(phone);
    expect(csvCell('+1-415-555-0134', 'excel')).toBe("'+1-415-555-0134");
    // Anything else after a + or - is neutralised as before: an operator, a letter, a call.
    for (const risky of ['+1+1', '-2*3', '+SUM(1,2)', '-cmd|calc', '+1 415 x', '+'])
      expect(csvCell(risky).replace(/^"/, '')).toMatch(/^'/);
  });
});

describe('inbox search at 20,000 leads (real database)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let workspaceId: string;
  beforeAll(async () => {
    ({ db, drop } = await freshDatabase());
    ({ workspaceId } = await seedLeads(db, { leads: 20_000, now: NOW }));
    if (onPostgres) await sql`analyze`.execute(db);
  }, 120_000);
  afterAll(() => drop());

  it('finds a rare text through the search index, not by reading every lead', async () => {
    const compiled = inboxRows(db, workspaceId, inboxQuerySchema.parse({ q: 'P123@initech' }))
      .limit(51)
      .compile();
    // PostgreSQL weighs the search against the sort order: a rare text is found through
    // the trigram index; a common one by walking the leads in score order, as fast.
    const explain = onPostgres ? 'explain' : 'explain query plan';
    const { rows } = await db.executeQuery<Record<string, string>>({
      ...compiled,
      sql: `${explain} ${compiled.sql}`,
    });
    const plan = rows.map((r) => r['QUERY PLAN'] ?? r.detail).join('\n');
    expect(plan).toMatch(
      onPostgres
        ? /Bitmap Index Scan on leads_search_trigrams/
        : /USING COVERING INDEX leads_workspace_search/,
    );
    expect(plan).not.toMatch(/Seq Scan on leads|SCAN leads\b(?! USING)/);
    const found = await inboxPage(db, workspaceId, inboxQuerySchema.parse({ q: 'P123@initech' }));
    expect(found.rows.map((r) => r.email)).toEqual(['p123@initech.com']);
  });
});
