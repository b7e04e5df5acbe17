/**
 * Webhooks (issue 18): submissions/s with three endpoints configured beside none, on one
 * server in one run (order A B B A, so drift in the machine falls on both sides), and the
 * deliveries/s one instance sustains against a local receiver while it drains what a load
 * left behind. Delivery is off the request path, so the first pair should be within 10%.
 */
import { readDb } from '../test/helpers/db-file';
import { publishTemplatePage, setUpOwner } from '../test/helpers/http-session';
import { addEndpoint, setEndpointEnabled } from '../test/helpers/integrations';
import { startServer, type TestServer } from '../test/helpers/server';
import { startReceiver } from '../test/helpers/webhook-receiver';
import { submissionLoad, type Load } from './loads';
import { writeSection } from './results-file';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const ENDPOINTS = 3;
const CONCURRENCY = process.env.JOB_CONCURRENCY ?? '8';
const DRAIN_LIMIT_MS = 15 * 60_000;

const count = (server: TestServer, where: string) =>
  readDb<{ n: number }>(server.dataDir, `select count(*) as n from ${where}`)[0]!.n;

/** Webhook work still to do: lead events not yet fanned out, deliveries not yet made. */
const outstanding = (server: TestServer) =>
  count(server, "jobs where state in ('pending', 'running')") +
  count(server, "webhook_deliveries where state = 'pending'");

type Drain = { deliveries: number; seconds: number; perSecond: number };

/** Waits until the deliveries a load left behind are all made; the rate they were made at. */
async function drain(server: TestServer): Promise<Drain> {
  const delivered = () => count(server, "webhook_deliveries where state = 'delivered'");
  const before = delivered();
  const started = performance.now();
  while (outstanding(server) > 0) {
    if (performance.now() - started > DRAIN_LIMIT_MS) throw new Error('deliveries never drained');
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const deliveries = delivered() - before;
  return { deliveries, seconds, perSecond: deliveries / seconds };
}

async function main(): Promise<void> {
  const receiver = await startReceiver([200]);
  const server = await startServer({
    LOG_REQUESTS: '0',
    WEBHOOKS_ALLOW_INTERNAL: '1',
    JOB_CONCURRENCY: CONCURRENCY,
  });
  try {
    const owner = await setUpOwner(server.url);
    const { slug } = await publishTemplatePage(owner);
    const endpoints: string[] = [];
    const runs: { label: string; load: Load; drain: Drain | null }[] = [];
    const run = async (label: 'none' | 'three') => {
      const tag = `wh${runs.length}`;
      const load = await submissionLoad(server.url, slug, {
        seconds: DURATION_S,
        connections: CONNECTIONS,
        tag,
      });
      // Each run starts on a quiet server: what one left to deliver is drained first.
      const drained = await drain(server);
      runs.push({ label, load, drain: label === 'three' ? drained : null });
    };
    const setEndpoints = async (on: boolean) => {
      if (on && endpoints.length === 0)
        for (let i = 0; i < ENDPOINTS; i++)
          endpoints.push((await addEndpoint(owner, `${receiver.url}/${i}`)).id);
      else for (const id of endpoints) await setEndpointEnabled(owner, id, on);
    };
    // Warm-up, not counted: the first seconds of a fresh server run slower (JIT, caches).
    await submissionLoad(server.url, slug, { seconds: 5, connections: CONNECTIONS, tag: 'warm' });
    await drain(server);
    await run('none');
    await setEndpoints(true);
    await run('three');
    await run('three');
    await setEndpoints(false);
    await run('none');

    const acknowledged = runs.reduce((sum, r) => sum + r.load.ok, 0);
    const stored = count(server, "submissions where idempotency_key like 'wh%-key-%'");
    // Every stored lead of a run with endpoints, acknowledged in time or not, is delivered.
    const expected =
      runs.reduce(
        (sum, r, i) =>
          r.label === 'three'
            ? sum + count(server, `submissions where idempotency_key like 'wh${i}-key-%'`)
            : sum,
        0,
      ) * ENDPOINTS;
    const delivered = count(server, "webhook_deliveries where state = 'delivered'");
    const received = receiver.accepted().length;
    const mean = (label: string) => {
      const these = runs.filter((r) => r.label === label);
      return these.reduce((sum, r) => sum + r.load.perSecond, 0) / these.length;
    };
    const ratio = mean('three') / mean('none');
    const rows = runs
      .map(
        (r, i) =>
          `| ${i + 1} | ${r.label === 'three' ? 'three endpoints' : 'no endpoint'} | ${r.load.perSecond.toFixed(0)} | ${r.load.p50} / ${r.load.p99} ms | ${r.drain ? `${r.drain.deliveries} in ${r.drain.seconds.toFixed(1)} s: **${r.drain.perSecond.toFixed(0)}/s**` : '—'} |`,
      )
      .join('\n');
    const md = `## Webhooks (issue 18)

Command: \`npm run bench -- webhooks\` (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per run, the demo form on SQLite; ${ENDPOINTS} endpoints wanting \`lead.created\` on one local HTTP receiver, \`WEBHOOKS_ALLOW_INTERNAL=1\`; \`JOB_CONCURRENCY=${CONCURRENCY}\`; after a 5 s warm-up, runs in the order A B B A on one server, each after the previous run's deliveries drained)

| run | endpoints | submissions/s | p50 / p99 | deliveries drained after the run |
| --- | --- | --- | --- | --- |
${rows}

| measure | value |
| --- | --- |
| **submissions/s with three endpoints / with none** | **${ratio.toFixed(2)}×** (goal: within 10%) |
| submissions acknowledged / stored (the difference: answered after the run's clock stopped) | ${acknowledged} / ${stored} |
| deliveries expected (stored leads of runs with endpoints × endpoints) / delivered / accepted by the receiver | ${expected} / ${delivered} / ${received} |

Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}, load generator, server and receiver on the
same two cores. A submission writes its \`lead.created\` event in the outbox (the timeline row
and one job) whether or not the workspace has endpoints; the job then builds one signed
payload per endpoint and each delivery is its own job, ${CONCURRENCY} at a time per instance.`;
    writeSection('webhooks', md);
    console.log(md);
    if (stored < acknowledged)
      throw new Error(`${acknowledged - stored} acknowledged submissions are missing`);
    if (delivered !== expected)
      throw new Error(`${expected} deliveries expected, ${delivered} made`);
  } finally {
    await server.stop();
    await receiver.stop();
  }
}

await main();
