import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import { seedLeads } from '../helpers/bulk-leads';
import { signIn, type Client } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

const LEADS = 100_000;
const MB = 1024 * 1024;
const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

describe('CSV export of 100,000 leads (real server)', () => {
  let server: TestServer;
  let owner: Client;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-export-'));
    const file = join(dir, 'kindling.sqlite');
    const db = openDatabase(file);
    await migrateToLatest(db);
    await seedLeads(db, file, { leads: LEADS, now: Date.now() });
    await db.destroy();
    // Strangers type these into forms: a spreadsheet must show them, not run them.
    const raw = new SQLite(file);
    raw
      .prepare("update leads set name = ?, company = ? where id = 'lead-0000001'")
      .run('=HYPERLINK("http://evil.test","Click")', '@SUM(1+1)');
    raw.close();
    server = await startServer({}, dir);
    owner = await signIn(server.url, 'o@example.com', 'long-password-1');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('streams every lead with flat memory, formulas neutralised', async () => {
    const pid = server.process.pid!;
    const before = rssOf(pid);
    let peak = before;
    const res = await owner.request('/admin/leads/export.csv?sort=created');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="kindling-leads-/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += decoder.decode(r.value, { stream: true });
      if (++chunks % 10 === 0) peak = Math.max(peak, rssOf(pid));
    }
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(LEADS + 1);
    expect(lines[0]).toMatch(/^Email,Name,Company,/);
    expect(chunks).toBeGreaterThan(50);
    const evil = lines.find((l) => l.startsWith('p1@initech.com,'))!;
    expect(evil).toContain(`"'=HYPERLINK(""http://evil.test"",""Click"")"`);
    expect(evil).toContain(`,'@SUM(1+1),`);
    // All rows held at once would be well over 100 MB of objects and strings.
    expect(
      (peak - before) / MB,
      `server grew ${((peak - before) / MB).toFixed(0)} MB`,
    ).toBeLessThan(64);
  }, 120_000);

  it('exports the filtered view only, with a BOM for Excel when asked', async () => {
    const res = await owner.request('/admin/leads/export.csv?tier=hot&q=greta&bom=1');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFFEmail,')).toBe(true);
    const rows = text.split('\r\n').filter(Boolean).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(',Greta ') && r.includes(',hot,'))).toBe(true);
  });

  it('refuses a bad filter with 400 and a message naming it', async () => {
    const res = await owner.request('/admin/leads/export.csv?tier=boiling');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/tier/);
  });
});
