/**
 * A page under an A/B test beside the same page without one (issue 31), same run, ABBA:
 * returning visitors (their cookie sent: the variant is worked out, nothing written) and new
 * visitors (no cookie: each view draws a variant, sets the cookie and counts an exposure,
 * written in batches behind the answer). And the weight of each variant as sent.
 */
import {
  makeApiKey,
  PERSON_UA,
  publishTemplatePage,
  setUpOwner,
} from '../test/helpers/http-session';
import { startServer } from '../test/helpers/server';
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
import { writeSection } from './results-file';

const AS_PERSON = { 'user-agent': PERSON_UA };

async function main(): Promise<void> {
  const kindling = await startServer({ LOG_REQUESTS: '0' });
  try {
    const owner = await setUpOwner(kindling.url);
    const plain = await publishTemplatePage(owner);
    const tested = await publishTemplatePage(owner);
    const key = await makeApiKey(owner, 'bench', 'read_write');
    const api = (path: string, body?: unknown) =>
      fetch(`${kindling.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const live = (await (
      await fetch(`${kindling.url}/api/v1/pages/${tested.pageId}`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json()) as {
      live: { document: { blocks: { type: string; props: Record<string, unknown> }[] } };
    };
    const document = structuredClone(live.live.document);
    document.blocks.find((b) => b.type === 'hero')!.props.headline = 'Close the month before lunch';
    const made = (await (
      await api(`/pages/${tested.pageId}/experiments`, {
        name: 'Bench',
        variants: [{ name: 'Control' }, { name: 'Headline', document }],
      })
    ).json()) as { id: string };
    if ((await api(`/experiments/${made.id}/start`)).status !== 200) throw new Error('start');

    const plainUrl = `${kindling.url}/p/${plain.slug}`;
    const testedUrl = `${kindling.url}/p/${tested.slug}`;
    // A returning visitor on each variant: their cookie, and each variant's bytes as sent.
    const returning: Record<string, { cookie: string; bytes: number }> = {};
    while (Object.keys(returning).length < 2) {
      const res = await fetch(testedUrl, { headers: { ...AS_PERSON, 'accept-encoding': 'br' } });
      const html = await res.text();
      const variant = html.includes('Close the month before lunch') ? 'B' : 'A';
      if (returning[variant]) continue;
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const sent = await warmCapture(testedUrl, { ...AS_PERSON, cookie });
      returning[variant] = { cookie, bytes: sent.body.length };
    }
    const plainSent = await warmCapture(plainUrl, AS_PERSON);
    await load(plainUrl, 2, AS_PERSON);
    await load(testedUrl, 2, { ...AS_PERSON, cookie: returning.B!.cookie });

    const compare = async (headers: Record<string, string>) => {
      const under: Run[] = [];
      const without: Run[] = [];
      for (const first of ORDER)
        for (const which of first ? ['under', 'without'] : ['without', 'under']) {
          if (which === 'under')
            under.push(await load(testedUrl, DURATION_S, { ...AS_PERSON, ...headers }));
          else without.push(await load(plainUrl, DURATION_S, AS_PERSON));
        }
      return { under, without, ratios: pairRatios(under, without) };
    };
    const back = await compare({ cookie: returning.B!.cookie });
    const fresh = await compare({});
    const counted = (await (
      await fetch(`${kindling.url}/api/v1/experiments/${made.id}`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json()) as { variants: { visitors: number }[] };
    const served = fresh.under.reduce((n, r) => n + r.rps * DURATION_S, 0);
    const table = (runs: { under: Run[]; without: Run[]; ratios: number[] }) =>
      runs.under
        .map(
          (r, i) =>
            `| ${i + 1} | ${cell(runs.without[i]!)} | ${cell(r)} | ${runs.ratios[i]!.toFixed(2)} |`,
        )
        .join('\n');
    const failed = [...back.under, ...back.without, ...fresh.under, ...fresh.without].reduce(
      (n, r) => n + r.non2xx + r.errors,
      0,
    );
    const md = `## A page under an A/B test (issue 31)

Command: \`npm run bench -- experiments\` (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s a run after a discarded warm-up, \`Accept-Encoding: gzip, deflate, br\`, an ordinary browser's user agent; two pages from the b2b-demo-request template, one under a two-variant test; runs in pairs, ABBA ABBA, the median pair ratio is the result).

Returning visitors (their \`kd_ab\` cookie sent: the variant is worked out from it, nothing is written):

| pair | page without a test req/s (p50 / p99 ms) | page under test req/s (p50 / p99 ms) | ratio |
| --- | --- | --- | --- |
${table(back)}

**Under test / without: ${median(back.ratios).toFixed(2)}** (median; goal ≥ 0.95).

New visitors (no cookie: every view draws a variant, sets the cookie and counts a first view, written in batches behind the answer):

| pair | page without a test req/s (p50 / p99 ms) | page under test req/s (p50 / p99 ms) | ratio |
| --- | --- | --- | --- |
${table(fresh)}

**Under test / without: ${median(fresh.ratios).toFixed(2)}** (median). First views counted: ${counted.variants.reduce((n, v) => n + v.visitors, 0)} (of about ${Math.round(served)} served to new visitors in the measured runs, plus the warm-up's and the returning visitors' first views). Failed requests: ${failed}.

Page weight as sent (brotli): without a test ${plainSent.body.length} bytes; variant A ${returning.A!.bytes} bytes, variant B ${returning.B!.bytes} bytes (B's headline differs). A page under test carries no script or markup of its own: the variant is picked on the server.

Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}.`;
    writeSection('experiments', md);
    console.log(md);
  } finally {
    await kindling.stop();
  }
}

await main();
