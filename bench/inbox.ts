/**
 * The leads inbox at 100,000 leads (issue 7): each view the filter form offers, as a page of
 * 50, timed two ways — in process (the domain query alone) and over HTTP against the built
 * server (query, render, network). Beside them, in the same run, a baseline: raw
 * better-sqlite3 reading the first page of the plainest view through its index, the floor
 * for any page of leads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../db/client';
import { migrateToLatest } from '../db/migrator';
import { seedLeads } from '../test/helpers/bulk-leads';
import { startServer } from '../test/helpers/server';
import { inboxViews, timeViewsInProcess, timeViewsOverHttp } from './inbox-views';
import { startUpWorkAlreadyDone, median, timed as timedRuns, worst } from './measure';
import { writeSection } from './results-file';

const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const RUNS = 15;
const timed = (run: () => unknown) => timedRuns(run, RUNS);
const NOW = Date.now();

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-inbox-'));
  const file = join(dir, 'kindling.sqlite');
  try {
    const db = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(db);
    const { workspaceId, pageId } = await seedLeads(db, { leads: LEADS, now: NOW });
    await startUpWorkAlreadyDone(db, NOW);
    const views = await inboxViews(db, workspaceId, pageId, NOW);

    const raw = new SQLite(file, { readonly: true });
    const floor = raw.prepare(
      'select * from leads where workspace_id = ? and qualified = 1 order by score desc, id desc limit 51',
    );
    const baseline = median(await timed(() => floor.all(workspaceId)));

    const domain = await timeViewsInProcess(db, workspaceId, views, RUNS);
    await db.destroy();
    raw.close();

    const server = await startServer({}, dir);
    let http: Map<string, number[]>;
    try {
      http = await timeViewsOverHttp(server, views, RUNS);
    } finally {
      await server.stop();
    }

    const ms = (x: number) => x.toFixed(1);
    const rows = views.map(([name]) => {
      const d = domain.get(name)!;
      const h = http.get(name)!;
      return `| ${name} | ${ms(median(d))} / ${ms(worst(d))} | ${(median(d) / baseline).toFixed(1)} | ${ms(median(h))} / ${ms(worst(h))} |`;
    });
    const slowest = Math.max(...[...http.values()].map(worst));
    const md = `## Leads inbox at ${LEADS.toLocaleString('en')} leads (issue 7)

Command: \`npm run bench -- inbox\` (${LEADS.toLocaleString('en')} leads on a SQLite file with their submissions, half with a tracked visitor and two visits; pages of 50; ${RUNS} timed runs per view after one warm-up)

| view | query in process, median / worst ms | ratio to baseline | \`GET /admin/leads\` over HTTP, median / worst ms |
| --- | --- | --- | --- |
${rows.join('\n')}

Baseline in the same run: raw better-sqlite3 reading the first 51 leads by score through
the index, median ${ms(baseline)} ms. Goal: every page under 100 ms; the slowest HTTP
answer above is ${ms(slowest)} ms. Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}.`;
    writeSection('inbox', md);
    console.log(md);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
