/**
 * PostgreSQL beside SQLite, in one run (issue 17): submissions and beacons per second over
 * HTTP, the inbox and the re-score at 100,000 leads, and two instances on one PostgreSQL
 * behind deploy/nginx-kindling.conf beside one. SQLite is the baseline: the ratios are
 * PostgreSQL over SQLite (and two instances over one), measured alternately (ABBA) so that
 * drift on this shared machine falls on both sides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DatabaseTarget, type Db } from '../db/client';
import { migrateToLatest } from '../db/migrator';
import { inboxFilterOptions } from '../src/domain/leads/inbox';
import { rescoreWorkspace } from '../src/domain/leads/rescore';
import { DEFAULT_MODEL } from '../src/domain/scoring/model';
import { seedLeads } from '../test/helpers/bulk-leads';
import { publishTemplatePage, setUpOwner } from '../test/helpers/http-session';
import { startLoadBalancer } from '../test/helpers/nginx';
import { freePort, startServer, type TestServer } from '../test/helpers/server';
import {
  dropPostgres,
  freshPostgresUrl,
  postgresTarget,
  prepareTemplate,
} from '../test/helpers/test-database';
import { inboxViews, timeViewsInProcess, timeViewsOverHttp } from './inbox-views';
import { beaconLoad, EVENTS_PER_BEACON, submissionLoad, type Load } from './loads';
import { startUpWorkAlreadyDone, median, timed, worst } from './measure';
import { writeSection } from './results-file';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const RUNS = 9;
const NOW = Date.now();
type Kind = 'SQLite' | 'PostgreSQL';

/** A fresh, empty install of either kind: its server environment and its database. */
type Store = {
  env: Record<string, string>;
  dir: string;
  target: DatabaseTarget;
  drop(): Promise<void>;
};
async function freshStore(kind: Kind): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-pg-'));
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  if (kind === 'SQLite')
    return {
      env: {},
      dir,
      target: { dialect: 'sqlite', file: join(dir, 'kindling.sqlite') },
      drop: removeDir,
    };
  const url = await freshPostgresUrl();
  return {
    env: { DATABASE_URL: url },
    dir,
    target: postgresTarget(url),
    drop: async () => {
      await dropPostgres(url);
      await removeDir();
    },
  };
}

async function count(store: Store, query: string): Promise<number> {
  const db = openDatabase(store.target);
  try {
    const { rows } = await sql<{ n: number }>`${sql.raw(query)}`.execute(db);
    return Number(rows[0]!.n);
  } finally {
    await db.destroy();
  }
}

/** Submissions then beacons against `base`; every acknowledged one is looked for afterwards. */
async function throughput(base: string, store: Store, tag: string) {
  const owner = await setUpOwner(base);
  const { slug } = await publishTemplatePage(owner);
  const options = { seconds: SECONDS, connections: 100, tag };
  const submissions = await submissionLoad(base, slug, options);
  const beacons = await beaconLoad(base, slug, { ...options, connections: 50 });
  const stored = await count(
    store,
    `select count(*) as n from submissions where idempotency_key like '${tag}-key-%'`,
  );
  if (stored < submissions.ok)
    throw new Error(`${tag}: ${submissions.ok - stored} acknowledged submissions are missing`);
  // Beacons are written behind their answers: the rate that counts is the one sustained
  // until the writer's queue has drained, every accepted event stored.
  const accepted = beacons.ok * EVENTS_PER_BEACON;
  const drainStarted = performance.now();
  let events = 0;
  while (performance.now() - drainStarted < 300_000) {
    events = await count(store, 'select count(*) as n from events');
    if (events >= accepted) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const drainS = (performance.now() - drainStarted) / 1000;
  console.log(
    `${tag}: ${stored} submissions; ${events} of ${accepted} events, drained in ${drainS.toFixed(1)} s`,
  );
  if (events < accepted)
    throw new Error(`${tag}: ${accepted - events} accepted events are missing`);
  beacons.perSecond = accepted / (SECONDS + drainS);
  return { submissions, beacons };
}

const SERVER_ENV = { LOG_REQUESTS: '0', BEACON_LIMIT_PER_IP: '10000000' };
const serve = (store: Store, env: Record<string, string> = {}) =>
  // The store's own database, not the suite's: `sqlite` keeps startServer from adding one.
  startServer({ ...SERVER_ENV, ...store.env, ...env }, store.dir, { sqlite: true });

async function oneInstance(kind: Kind, tag: string) {
  const store = await freshStore(kind);
  const server = await serve(store);
  try {
    return await throughput(server.url, store, tag);
  } finally {
    await server.stop();
    await store.drop();
  }
}

/** `count` instances on one fresh PostgreSQL behind nginx, as deployed. */
async function behindNginx(count: number, tag: string) {
  const store = await freshStore('PostgreSQL');
  const port = await freePort();
  const env = { TRUST_PROXY: '1', SITE_URL: `http://127.0.0.1:${port}` };
  const instances: TestServer[] = [];
  try {
    for (let i = 0; i < count; i++) instances.push(await serve(store, env));
    const lb = await startLoadBalancer(
      instances.map((s) => s.url),
      port,
    );
    try {
      return await throughput(lb.url, store, tag);
    } finally {
      await lb.stop();
    }
  } finally {
    await Promise.all(instances.map((s) => s.stop()));
    await store.drop();
  }
}

type Pair = { a: { submissions: Load; beacons: Load }; b: { submissions: Load; beacons: Load } };
/** Two ABBA rounds: [a, b, b, a] twice, paired as (a1, b1), (a2, b2), … */
async function abba<T extends { submissions: Load; beacons: Load }>(
  a: (tag: string) => Promise<T>,
  b: (tag: string) => Promise<T>,
): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let round = 0; round < 2; round++) {
    const a1 = await a(`a${round}x`);
    const b1 = await b(`b${round}x`);
    const b2 = await b(`b${round}y`);
    const a2 = await a(`a${round}y`);
    pairs.push({ a: a1, b: b1 }, { a: a2, b: b2 });
  }
  return pairs;
}

const load = (l: Load) => `${l.perSecond.toFixed(0)} (${l.p50} / ${l.p99})`;
function pairTable(
  pairs: Pair[],
  a: string,
  b: string,
): { table: string; ratios: { submissions: number; beacons: number } } {
  const lines = pairs.map(
    (p, i) =>
      `| ${i + 1} | ${load(p.a.submissions)} | ${load(p.b.submissions)} | ${(p.b.submissions.perSecond / p.a.submissions.perSecond).toFixed(2)} | ${load(p.a.beacons)} | ${load(p.b.beacons)} | ${(p.b.beacons.perSecond / p.a.beacons.perSecond).toFixed(2)} |`,
  );
  const ratios = {
    submissions: median(pairs.map((p) => p.b.submissions.perSecond / p.a.submissions.perSecond)),
    beacons: median(pairs.map((p) => p.b.beacons.perSecond / p.a.beacons.perSecond)),
  };
  return {
    table: `| pair | ${a}: submissions/s (p50 / p99 ms) | ${b}: submissions/s | ${b} / ${a} | ${a}: beacon events/s (p50 / p99 ms) | ${b}: beacon events/s | ${b} / ${a} |
| --- | --- | --- | --- | --- | --- | --- |
${lines.join('\n')}`,
    ratios,
  };
}

const FILTER_CHOICES = "the filter form's choices (every page asks for them)";

/** The inbox's views and a model change's re-score on LEADS seeded leads. */
async function atScale(kind: Kind) {
  const store = await freshStore(kind);
  const db: Db = openDatabase(store.target);
  try {
    await migrateToLatest(db);
    let started = performance.now();
    const { workspaceId, pageId } = await seedLeads(db, { leads: LEADS, now: NOW });
    const seedMs = performance.now() - started;
    if (kind === 'PostgreSQL') await sql`analyze`.execute(db);
    await startUpWorkAlreadyDone(db, NOW);
    const views = await inboxViews(db, workspaceId, pageId, NOW);
    const domain = await timeViewsInProcess(db, workspaceId, views, RUNS);
    // Every inbox page also asks for the filter form's choices (pages, lead sources).
    domain.set(FILTER_CHOICES, await timed(() => inboxFilterOptions(db, workspaceId), RUNS));
    const server = await serve(store);
    let http: Map<string, number[]>;
    try {
      http = await timeViewsOverHttp(server, views, RUNS);
    } finally {
      await server.stop();
    }
    const { version: _, ...defaults } = DEFAULT_MODEL;
    const model = {
      ...defaults,
      version: 1,
      thresholds: { ...defaults.thresholds, hot: 70, warm: 30 },
    };
    started = performance.now();
    const rescored = await rescoreWorkspace(db, workspaceId, { model, now: NOW, cause: 'model' });
    const rescoreMs = performance.now() - started;
    return { views: views.map(([name]) => name), domain, http, seedMs, rescoreMs, rescored };
  } finally {
    await db.destroy();
    await store.drop();
  }
}

/** `BENCH_PARTS=load` or `scale` runs one half (each writes its own section); both by default. */
const PARTS = (process.env.BENCH_PARTS ?? 'load,scale').split(',');

async function main(): Promise<void> {
  await prepareTemplate();
  if (PARTS.includes('load')) {
    const single = pairTable(
      await abba(
        (tag) => oneInstance('SQLite', tag),
        (tag) => oneInstance('PostgreSQL', tag),
      ),
      'SQLite',
      'PostgreSQL',
    );
    const scaled = pairTable(
      await abba(
        (tag) => behindNginx(1, tag),
        (tag) => behindNginx(2, tag),
      ),
      'one instance',
      'two instances',
    );
    const md = `## PostgreSQL beside SQLite, and two instances beside one (issue 17)

Command: \`npm run bench -- postgres\` (PostgreSQL 15 on this machine, \`DATABASE_POOL_SIZE\` 10; every run a fresh install; autocannon ${SECONDS} s a load, 100 connections for submissions, 50 for beacons of ${EVENTS_PER_BEACON} events; each acknowledged submission and event was found in the database afterwards. Beacon events/s is the rate sustained until every accepted event was stored: the load's events over its ${SECONDS} s plus the time the writer's queue took to drain)

### One instance: PostgreSQL / SQLite

${single.table}

**PostgreSQL / SQLite: submissions ${single.ratios.submissions.toFixed(2)}, beacons ${single.ratios.beacons.toFixed(2)}** (medians of the pairs; goal ≥ 0.5).

### Two instances on one PostgreSQL behind nginx / one

${scaled.table}

**Two instances / one: submissions ${scaled.ratios.submissions.toFixed(2)}, beacons ${scaled.ratios.beacons.toFixed(2)}** (medians). Everything — nginx, the instances, PostgreSQL and the load generator — shares this machine's two cores, so a second instance adds no CPU here: the ratio shows what the shared database and the load balancer cost, not the gain of a second machine.
Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}.`;
    writeSection('postgres', md);
    console.log(md);
  }
  if (PARTS.includes('scale')) {
    const big = { SQLite: await atScale('SQLite'), PostgreSQL: await atScale('PostgreSQL') };
    const ms = (xs: number[]) => `${median(xs).toFixed(1)} / ${worst(xs).toFixed(1)}`;
    const inboxRows = [
      ...big.SQLite.views.map(
        (name) =>
          `| ${name} | ${ms(big.SQLite.domain.get(name)!)} | ${ms(big.PostgreSQL.domain.get(name)!)} | ${ms(big.SQLite.http.get(name)!)} | ${ms(big.PostgreSQL.http.get(name)!)} |`,
      ),
      `| ${FILTER_CHOICES} | ${ms(big.SQLite.domain.get(FILTER_CHOICES)!)} | ${ms(big.PostgreSQL.domain.get(FILTER_CHOICES)!)} | (in every page above) | |`,
    ];
    const slowest = (k: Kind) => Math.max(...[...big[k].http.values()].map(worst)).toFixed(1);
    const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
    const mdScale = `## PostgreSQL beside SQLite at ${LEADS.toLocaleString('en')} leads (issue 17)

Command: \`BENCH_PARTS=scale npm run bench -- postgres\` (the leads seeded on a fresh install of each, \`ANALYZE\` run on PostgreSQL; the server alone on the machine)

### ${LEADS.toLocaleString('en')} leads: the inbox (median / worst ms of ${RUNS} runs after a warm-up)

| view | SQLite query | PostgreSQL query | SQLite \`GET /admin/leads\` | PostgreSQL \`GET /admin/leads\` |
| --- | --- | --- | --- | --- |
${inboxRows.join('\n')}

Slowest page over HTTP: SQLite ${slowest('SQLite')} ms, PostgreSQL ${slowest('PostgreSQL')} ms (goal under 100 ms on both).

### ${LEADS.toLocaleString('en')} leads: re-scoring after a model change

| | SQLite | PostgreSQL | PostgreSQL / SQLite |
| --- | --- | --- | --- |
| \`rescoreWorkspace\`, batches of 250 per transaction | ${s(big.SQLite.rescoreMs)} | **${s(big.PostgreSQL.rescoreMs)}** | ${(big.PostgreSQL.rescoreMs / big.SQLite.rescoreMs).toFixed(2)} |
| leads rewritten | ${big.SQLite.rescored.updated.toLocaleString('en')} | ${big.PostgreSQL.rescored.updated.toLocaleString('en')} | |
| seeding the leads (multi-row inserts, one transaction) | ${s(big.SQLite.seedMs)} | ${s(big.PostgreSQL.seedMs)} | ${(big.PostgreSQL.seedMs / big.SQLite.seedMs).toFixed(2)} |

Goal: re-scoring ${LEADS.toLocaleString('en')} leads under 20 s on PostgreSQL. Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}.`;
    writeSection('postgres-scale', mdScale);
    console.log(mdScale);
  }
}

await main();
