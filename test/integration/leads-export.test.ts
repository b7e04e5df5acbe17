import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLeads } from '../helpers/bulk-leads';
import { libreOfficeAvailable, openCsvInLibreOffice } from '../helpers/libreoffice';
import { DEMO_ANSWERS, postLead, signIn, type Client } from '../helpers/http-session';
import { withPublishedPage } from '../helpers/fixtures';
import { openServerDb, readDb, writeDb } from '../helpers/db-file';
import { startServer, type TestServer } from '../helpers/server';

const LEADS = 100_000;
const HEAP_CAP_MB = 96;

describe('CSV export of 100,000 leads (real server)', () => {
  let server: TestServer;
  let owner: Client;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-export-'));
    const db = await openServerDb(dir);
    await seedLeads(db, { leads: LEADS, now: Date.now() });
    await db.destroy();
    // Strangers type these into forms: a spreadsheet must show them, not run them.
    writeDb(
      dir,
      "update leads set name = ?, company = ? where id = 'lead-0000001'",
      '=HYPERLINK("http://evil.test","Click")',
      '@SUM(1+1)',
    );
    // The old generation capped well below what 100,000 leads take as objects: an export
    // that held every row would run the server out of heap, not just grow it.
    server = await startServer({ NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` }, dir);
    owner = await signIn(server.url, 'o@example.com', 'long-password-1');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('streams every lead with flat memory, formulas neutralised', async () => {
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
      chunks++;
    }
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(LEADS + 1);
    expect(lines[0]).toMatch(/^Email,Name,Company,/);
    expect(chunks).toBeGreaterThan(50);
    const evil = lines.find((l) => l.startsWith('p1@initech.com,'))!;
    expect(evil).toContain(`"'=HYPERLINK(""http://evil.test"",""Click"")"`);
    expect(evil).toContain(`,'@SUM(1+1),`);
    // Flat memory, measured by what cannot be faked by a slow collector: the server, its heap
    // capped, finished the export and still answers.
    expect(server.process.exitCode).toBeNull();
    expect((await owner.request('/admin/leads?tier=hot')).status).toBe(200);
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

/** RFC 4180 rows, as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('CSV export: everything a lead told us', () => {
  const fx = withPublishedPage();

  it('has a column per answer, the reasons, UTM medium and campaign, consent and assignee', async () => {
    const sent = await postLead(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'ana@northwind.com',
      name: 'Ana Ruiz',
      team_size: '6–20',
      timeline: 'This quarter',
      _landing: `/p/${fx.slug}?utm_source=linkedin&utm_medium=paid-social&utm_campaign=q3-close`,
    });
    expect(sent.status).toBe(200);
    const [lead] = readDb<{ id: string }>(
      fx.server.dataDir,
      "select id from leads where email = 'ana@northwind.com'",
    );
    const [owner] = readDb<{ id: string }>(fx.server.dataDir, 'select id from users');
    await fx.owner.page(`/admin/leads/${lead!.id}`);
    const assigned = await fx.owner.post(`/admin/leads/${lead!.id}`, {
      _action: 'assign',
      assignee: owner!.id,
    });
    expect(assigned.status).toBe(303);

    const text = await (await fx.owner.request('/admin/leads/export.csv')).text();
    const [header, row] = parseCsv(text);
    const cell = (name: string) => row![header!.indexOf(name)];
    for (const name of ['Why', 'Assignee', 'UTM medium', 'UTM campaign', 'Consent'])
      expect(header, name).toContain(name);
    expect(cell('Finance team size')).toBe('6–20');
    expect(cell('When do you want to change how you close?')).toBe('This quarter');
    expect(cell('Source')).toBe('linkedin');
    expect(cell('UTM medium')).toBe('paid-social');
    expect(cell('UTM campaign')).toBe('q3-close');
    expect(cell('Consent')).toBe('given');
    expect(cell('Assignee')).not.toBe('');
    expect(cell('Why')).toMatch(/^asked for a demo .*\(\+\d+\)/);
    // Name, email, company and phone keep their own columns, once.
    expect(header!.filter((h) => h === 'Work email' || h === 'Full name')).toEqual([]);
  });

  it.runIf(libreOfficeAvailable)(
    'opens in LibreOffice with phone numbers as typed and no formula evaluated',
    async () => {
      await postLead(fx.server.url, fx.slug, {
        ...DEMO_ANSWERS,
        email: 'calc@northwind.com',
        name: '@SUM(1+1)',
        phone: '+1 415 555 0134',
        company: '=1+1',
        source: '=HYPERLINK("http://evil.test","x")',
      });
      const csv = await (
        await fx.owner.request('/admin/leads/export.csv?q=calc%40northwind.com')
      ).text();
      const [header, row] = await openCsvInLibreOffice(csv);
      const cell = (name: string) => row![header!.findIndex((c) => c.text === name)]!;
      expect(cell('Phone').text).toBe('+1 415 555 0134');
      expect(cell('Email').text).toBe('calc@northwind.com');
      // Nothing anyone typed became a formula; what looked like one is shown, inert.
      expect(row!.filter((c) => c.formula !== null)).toEqual([]);
      expect(header!.filter((c) => c.formula !== null)).toEqual([]);
      expect(cell('Company').text).toBe("'=1+1");
      expect(row!.map((c) => c.text)).toContain(`'=HYPERLINK("http://evil.test","x")`);
    },
  );

  it('keeps an answer that looks like a formula as text', async () => {
    await postLead(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'formula@northwind.com',
      source: '=HYPERLINK("http://evil.test","x")',
    });
    const text = await (await fx.owner.request('/admin/leads/export.csv')).text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
  });
});
