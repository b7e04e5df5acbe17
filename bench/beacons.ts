/**
 * Beacon ingestion over HTTP: realistic batches (a view, engaged time, scroll, blocks seen,
 * clicks) from many visitors, against the built server, every event checked in the
 * database afterwards; beside a baseline in the same run: a raw better-sqlite3 loop
 * inserting the same event rows, 200 beacons to a transaction like the server's writer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { readDb } from '../test/helpers/db-file';
import { publishTemplatePage, setUpOwner } from '../test/helpers/http-session';
import { beaconBatch, beaconLoad, EVENTS_PER_BEACON } from './loads';
import { startServer } from '../test/helpers/server';
import { writeSection } from './results-file';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

function baseline(beacons: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-raw-'));
  const db = new SQLite(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'create table events (id text primary key, workspace_id text, visit_id text, visitor_id text, page_id text, type text, at integer, data_json text, received_at integer)',
  );
  const insert = db.prepare(
    'insert into events values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing',
  );
  const write = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++)
      for (const { t, id, at, ...data } of beaconBatch('x', String(n), Date.now()).events)
        insert.run(
          `v${n}.${id}`,
          'w',
          `v${n}`,
          `u${n}`,
          'p',
          t,
          at,
          JSON.stringify(data),
          Date.now(),
        );
  });
  const started = performance.now();
  for (let n = 0; n < beacons; n += 200) write(n, Math.min(beacons, n + 200));
  const perSecond = (beacons * EVENTS_PER_BEACON) / ((performance.now() - started) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return perSecond;
}

async function main(): Promise<void> {
  const server = await startServer({ LOG_REQUESTS: '0', BEACON_LIMIT_PER_IP: '10000000' });
  try {
    const { slug } = await publishTemplatePage(await setUpOwner(server.url));
    const result = await beaconLoad(server.url, slug, {
      seconds: DURATION_S,
      connections: CONNECTIONS,
      tag: 'b',
    });
    const accepted = result.ok;
    await new Promise((r) => setTimeout(r, 1_000)); // the writer flushes every 25 ms
    const stored = readDb<{ n: number }>(server.dataDir, 'select count(*) as n from events')[0]!.n;
    const ours = result.perSecond;
    const raw = baseline(20_000);
    const md = `## Beacon ingestion (issue 5)

Command: \`npm run bench -- beacons\` (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s, ${EVENTS_PER_BEACON} events per beacon — view, engaged time, scroll, 5 blocks seen, a click, a form start — each beacon a new visitor)

| measure | value |
| --- | --- |
| beacons answered 202 | ${accepted} (non-2xx: ${result.non2xx}, errors: ${result.errors}) |
| events stored afterwards / events accepted | ${stored} / ${accepted * EVENTS_PER_BEACON} |
| **Kindling over HTTP** | **${ours.toFixed(0)} events/s** (goal ≥ 5,000) |
| latency p50 / p99 | ${result.p50} ms / ${result.p99} ms |
| baseline: raw better-sqlite3 inserts of the same event rows, 200 beacons a transaction | ${raw.toFixed(0)} events/s |
| ratio Kindling / baseline | ${(ours / raw).toFixed(3)} |

Beacons are answered as soon as they are validated and written behind the response, many
to a transaction; the server also keeps per-visit and per-visitor aggregates current, which
the baseline does not. Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}.`;
    writeSection('beacons', md);
    console.log(md);
    if (stored < accepted * EVENTS_PER_BEACON)
      throw new Error(`${accepted * EVENTS_PER_BEACON - stored} accepted events are missing`);
  } finally {
    await server.stop();
  }
}

await main();
