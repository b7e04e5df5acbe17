/**
 * Published page throughput (issues 3 and 5), against the built server:
 * - Kindling beside a baseline in the same run: a plain node:http server answering the same
 *   bytes (same encoding, same headers) — the ceiling for serving a page from Node;
 * - the same page with the workspace's tracker on and off, runs interleaved (on, off, on,
 *   off) so machine noise falls on both alike.
 * Every request asks for brotli, as browsers do.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishTemplatePage, setUpOwner, type Client } from '../test/helpers/http-session';
import { startServer } from '../test/helpers/server';
import { writeSection } from './results-file';
import { median } from './measure';
import {
  CONNECTIONS,
  DURATION_S,
  ORDER,
  cell,
  load,
  pairRatios,
  warmCapture,
  type Run,
} from './page-load';

/**
 * The baseline runs in a process of its own, like Kindling: in this process it would share
 * an event loop with the load generator.
 */
async function baselineServer(page: { headers: Record<string, string>; body: Buffer }) {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-page-'));
  writeFileSync(join(dir, 'body'), page.body);
  writeFileSync(join(dir, 'headers.json'), JSON.stringify(page.headers));
  const script = `
    const { readFileSync } = require('node:fs');
    const body = readFileSync(process.argv[1] + '/body');
    const headers = JSON.parse(readFileSync(process.argv[1] + '/headers.json', 'utf8'));
    const server = require('node:http').createServer((_, res) => res.writeHead(200, headers).end(body));
    server.keepAliveTimeout = 5000;
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function setTracking(owner: Client, mode: 'none' | 'off'): Promise<void> {
  await owner.page('/admin/settings');
  const res = await owner.post('/admin/settings/privacy', {
    _action: 'privacy',
    trackingConsent: mode,
    eventRetentionDays: '180',
  });
  if (res.status !== 303) throw new Error(`settings: ${res.status}`);
}

/** Loads each pair of URLs one after the other; returns the runs of the first and second kinds. */
async function interleaved(pairs: string[][]): Promise<{ ours: Run[]; plain: Run[] }> {
  const ours: Run[] = [];
  const plain: Run[] = [];
  for (const [i, pair] of pairs.entries())
    for (const [j, target] of pair.entries())
      (ORDER[i] === (j === 0) ? ours : plain).push(await load(target!));
  return { ours, plain };
}

async function main(): Promise<void> {
  const kindling = await startServer({ LOG_REQUESTS: '0' });
  try {
    const owner = await setUpOwner(kindling.url);
    const { slug } = await publishTemplatePage(owner);
    const url = `${kindling.url}/p/${slug}`;
    const page = await warmCapture(url);
    const baseline = await baselineServer(page);
    // Discarded: both servers' JIT and the load generator warm up.
    await load(url, 2);
    await load(baseline.url, 2);
    // ABBA order, ratios of adjacent pairs: drift over the run (heat, other tenants on
    // this shared machine) falls on both sides of each pair alike.
    const vs = await interleaved(
      ORDER.map((first) => (first ? [url, baseline.url] : [baseline.url, url])),
    );
    baseline.stop();

    const on: Run[] = [];
    const off: Run[] = [];
    let offPage = page;
    for (const first of ORDER) {
      for (const mode of first ? (['off', 'none'] as const) : (['none', 'off'] as const)) {
        await setTracking(owner, mode);
        const sent = await warmCapture(url);
        if (mode === 'off') offPage = sent;
        (mode === 'off' ? off : on).push(await load(url));
      }
    }
    const { ours, plain } = vs;
    const vsRatios = pairRatios(ours, plain);
    const trackerRatios = pairRatios(on, off);
    const md = `## Published page throughput (issues 3 and 5)

Command: \`npm run bench -- page-views\` (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s a run after a discarded warm-up, \`Accept-Encoding: gzip, deflate, br\`; the b2b-demo-request template; the server, the baseline and the load generator share the two cores). Runs go in pairs, ABBA ABBA; each pair gives a ratio and the median ratio is the result, so that drift on this shared machine falls on both sides of a pair.

| pair | Kindling \`/p/<slug>\` req/s (p50 / p99 ms) | baseline: plain \`node:http\` in its own process, same bytes and headers, req/s (p50 / p99 ms) | ratio |
| --- | --- | --- | --- |
${ours.map((r, i) => `| ${i + 1} | ${cell(r)} | ${cell(plain[i]!)} | ${vsRatios[i]!.toFixed(2)} |`).join('\n')}

**Kindling / baseline: ${median(vsRatios).toFixed(2)}** (median; goal ≥ 0.7). The page is ${page.body.length} bytes as sent (${page.headers['content-encoding'] ?? 'identity'}). Failed requests: ${[...ours, ...plain].reduce((n, r) => n + r.non2xx + r.errors, 0)}.

The same page with the workspace's tracker on and off:

| pair | tracker off req/s (p50 / p99 ms) | tracker on req/s (p50 / p99 ms) | on / off |
| --- | --- | --- | --- |
${off.map((r, i) => `| ${i + 1} | ${cell(r)} | ${cell(on[i]!)} | ${trackerRatios[i]!.toFixed(2)} |`).join('\n')}

**Tracker on / off: ${median(trackerRatios).toFixed(2)}** (median; goal: within 5%). With the tracker the page is ${page.body.length} bytes as sent, without it ${offPage.body.length}: the script is a separate, long-cached file, and a view costs the server the same either way.

Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}.`;
    writeSection('page-views', md);
    console.log(md);
  } finally {
    await kindling.stop();
  }
}

await main();
