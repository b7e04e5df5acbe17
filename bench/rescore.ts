/**
 * Re-scoring a whole workspace when its model changes (issue 6): 100,000 leads, each with a
 * submission and half of them with two tracked visits, on a SQLite file. Beside it, in the
 * same run, a baseline: raw better-sqlite3 reading the same rows and writing one column per
 * lead, the floor for any pass over every lead. While Kindling re-scores, the event loop's
 * delay is measured: requests must keep being answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../db/client';
import { migrateToLatest } from '../db/migrator';
import { rescoreWorkspace } from '../src/domain/leads/rescore';
import { DEFAULT_MODEL } from '../src/domain/scoring/model';
import { seedLeads } from '../test/helpers/bulk-leads';
import { writeSection } from './results-file';

const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const NOW = Date.now();

/** The floor: read every lead with its submissions and visits, write one column each. */
function baseline(file: string): number {
  const raw = new SQLite(file);
  const started = performance.now();
  const leads = raw.prepare('select id, email from leads order by id').all() as { id: string }[];
  const subs = raw.prepare('select answers_json from submissions where lead_id = ?');
  const visits = raw.prepare(
    'select v.engaged_ms, v.max_scroll, v.blocks_seen_json from visits v join visitors r on r.id = v.visitor_id where r.lead_id = ?',
  );
  const write = raw.prepare('update leads set scored_at = ? where id = ?');
  for (let i = 0; i < leads.length; i += 500)
    raw.transaction(() => {
      for (const lead of leads.slice(i, i + 500)) {
        for (const s of subs.all(lead.id) as { answers_json: string }[]) JSON.parse(s.answers_json);
        for (const v of visits.all(lead.id) as { blocks_seen_json: string }[])
          JSON.parse(v.blocks_seen_json);
        write.run(NOW, lead.id);
      }
    })();
  const ms = performance.now() - started;
  raw.close();
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-rescore-'));
  const file = join(dir, 'kindling.sqlite');
  try {
    const db = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(db);
    const { workspaceId } = await seedLeads(db, { leads: LEADS, now: NOW });
    const { version: _, ...defaults } = DEFAULT_MODEL;
    const model = {
      ...defaults,
      version: 1,
      thresholds: { ...defaults.thresholds, hot: 70, warm: 30 },
    };
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const started = performance.now();
    const done = await rescoreWorkspace(db, workspaceId, { model, now: NOW, cause: 'model' });
    const ours = performance.now() - started;
    lag.disable();
    await db.destroy();
    const floor = baseline(file);
    const moves = Object.entries(done.moves)
      .map(([k, n]) => `${k.replace('>', ' → ')}: ${n}`)
      .join(', ');
    const md = `## Re-scoring a workspace (issue 6)

Command: \`npm run bench -- rescore\` (${LEADS.toLocaleString('en')} leads on a SQLite file, each with a submission, half with two tracked visits; the model's thresholds change so that tiers move)

| measure | value |
| --- | --- |
| **Kindling \`rescoreWorkspace\`** (facts, score, breakdown, tier-change timeline entries, batches of 250 per transaction) | **${(ours / 1000).toFixed(2)} s** for ${done.leads.toLocaleString('en')} leads (goal < 10 s) |
| leads rewritten / tier changes | ${done.updated.toLocaleString('en')} / ${moves} |
| event loop delay while it ran: p50 / p99 / max | ${(lag.percentile(50) / 1e6).toFixed(0)} / ${(lag.percentile(99) / 1e6).toFixed(0)} / ${(lag.max / 1e6).toFixed(0)} ms |
| baseline: raw better-sqlite3 reading the same rows and writing one column per lead, 500 a transaction | ${(floor / 1000).toFixed(2)} s |
| ratio Kindling / baseline | ${(ours / floor).toFixed(1)} |

Between two batches the pass yields to the event loop, so requests are answered while it
runs (the p99 delay above is what a request may wait). Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}.`;
    writeSection('rescore', md);
    console.log(md);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
