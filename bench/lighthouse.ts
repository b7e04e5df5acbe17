/**
 * Lighthouse (mobile preset: a mid-range phone on a throttled 4G link, simulated) over every
 * template as published, driving Debian's Chromium. Goal: 95 or more in performance,
 * accessibility, best practices and SEO. Lighthouse 12 is the last line that runs on
 * Node 20.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { listTemplates } from '../src/domain/templates/catalog';
import { CHROMIUM, CHROMIUM_FLAGS } from '../test/helpers/browser';
import { publishTemplatePage, setUpOwner } from '../test/helpers/http-session';
import { startServer } from '../test/helpers/server';
import { writeSection } from './results-file';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const GOAL = 95;

const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: CHROMIUM_FLAGS.map((f) => (f === '--headless' ? '--headless=new' : f)),
});
try {
  const owner = await setUpOwner(server.url);
  const rows: string[] = [];
  const misses: string[] = [];
  for (const t of listTemplates()) {
    const { slug } = await publishTemplatePage(owner, t.id);
    const url = `${server.url}/p/${slug}`;
    await fetch(url); // the first view renders and remembers the page, as for any visitor after it
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    const lhr = result!.lhr;
    const scores = CATEGORIES.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
    scores.forEach((s, i) => {
      if (s < GOAL) {
        const failing = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
          .map((a) => a.id)
          .slice(0, 6);
        misses.push(`${t.id} ${CATEGORIES[i]} ${s}: ${failing.join(', ')}`);
      }
    });
    const lcp = lhr.audits['largest-contentful-paint']?.displayValue ?? '';
    const cls = lhr.audits['cumulative-layout-shift']?.displayValue ?? '';
    rows.push(`| ${t.name} | ${scores.join(' | ')} | ${lcp} | ${cls} |`);
    console.log(t.id, scores.join(' '));
  }
  const md = `## Lighthouse per template (issue 3)

Command: \`npm run bench -- lighthouse\` (Lighthouse 12.8, mobile preset with simulated throttling, Debian's Chromium, each template as it ships)

| template | performance | accessibility | best practices | SEO | LCP (simulated) | CLS |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Goal: ${GOAL} or more in each. ${misses.length ? `Below it: ${misses.join('; ')}.` : 'Every template meets it.'} Measured ${new Date().toISOString().slice(0, 10)}.`;
  writeSection('lighthouse', md);
  console.log(md);
} finally {
  chrome.kill();
  await server.stop();
}
