import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, personContext } from '../helpers/browser';
import { readDb } from '../helpers/db-file';
import { publishTemplatePage, setUpOwner, type Client } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/**
 * Headless Chromium never hides a tab, so a tab switch is played as the browser signals
 * it to the page: visibilityState becomes "hidden" (and `hidden` true) with a visibilitychange, and the window
 * blurs; coming back reverses both.
 */
async function switchTab(page: Page, away: boolean): Promise<void> {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, 'visibilityState', {
      value: hidden ? 'hidden' : 'visible',
      configurable: true,
    });
    Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event(hidden ? 'blur' : 'focus'));
  }, away);
}

/** A person reading: the pointer moves now and then, which keeps them "active". */
async function read(page: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    await page.mouse.move(200 + (i % 5) * 40, 300 + (i % 3) * 30);
    await page.waitForTimeout(Math.min(400, Math.max(0, end - Date.now())));
  }
}

describe.runIf(browserAvailable)('the tracker in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let slug: string;
  let owner: Client;
  beforeAll(async () => {
    server = await startServer();
    owner = await setUpOwner(server.url);
    ({ slug } = await publishTemplatePage(owner));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const q = <T>(sql: string, ...p: unknown[]) => readDb<T>(server.dataDir, sql, ...p);

  it('measures engaged time, scroll depth, blocks seen and clicks as the visitor behaved', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/p/${slug}?utm_source=linkedin`);
    // The clock can only start once the tracker runs: time spent loading the page (slow on
    // a cold server) is not reading. goto resolves on load, just after the script ran.
    const opened = Date.now();
    await read(page, 3_000);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await read(page, 1_500);
    await page.getByRole('link', { name: 'Book my demo' }).click();
    await read(page, 500);
    const hiddenAt = Date.now();
    await switchTab(page, true);
    await page.waitForTimeout(3_000); // away in another tab: must not count
    const backAt = Date.now();
    await switchTab(page, false);
    await read(page, 1_000);
    const leftAt = Date.now();
    await page.close({ runBeforeUnload: true }); // pagehide flushes the last beacon

    const expected = hiddenAt - opened + (leftAt - backAt);
    await expect
      .poll(() => q<{ n: number }>('select count(*) n from visits')[0]!.n, { timeout: 5_000 })
      .toBe(1);
    await expect
      .poll(() => q<{ engaged_ms: number }>('select engaged_ms from visits')[0]!.engaged_ms, {
        timeout: 5_000,
      })
      .toBeGreaterThan(expected - 1_000);
    const [visit] = q<{
      engaged_ms: number;
      max_scroll: number;
      clicks: number;
      blocks_seen_json: string;
      utm_json: string;
      pages_viewed: number;
    }>(
      'select engaged_ms, max_scroll, clicks, blocks_seen_json, utm_json, pages_viewed from visits',
    );
    expect(
      Math.abs(visit!.engaged_ms - expected),
      `engaged ${visit!.engaged_ms} ms, expected ${expected} ms`,
    ).toBeLessThan(1_000);
    expect(visit!.max_scroll).toBe(100);
    expect(visit!.clicks).toBe(1);
    expect(visit!.pages_viewed).toBe(1);
    expect(JSON.parse(visit!.utm_json)).toEqual({ source: 'linkedin' });
    expect(JSON.parse(visit!.blocks_seen_json)).toEqual(expect.arrayContaining(['hero', 'footer']));
    const [click] = q<{ data_json: string }>("select data_json from events where type = 'click'");
    expect(JSON.parse(click!.data_json)).toMatchObject({
      block: 'closing',
      target: expect.stringContaining('#form'),
      outbound: false,
    });
    await context.close();
  });

  it('counts a return on the next day as a second visit, and attaches both visits to the lead', async () => {
    const context = await personContext(browser);
    // Day one: the page's clock runs a day behind.
    const yesterday = await context.newPage();
    await yesterday.addInitScript(() => {
      const shift = 86_400_000;
      const now = Date.now.bind(Date);
      Date.now = () => now() - shift;
    });
    await yesterday.goto(`${server.url}/p/${slug}`);
    await read(yesterday, 1_500);
    await yesterday.close({ runBeforeUnload: true });

    const today = await context.newPage();
    await today.goto(`${server.url}/p/${slug}`);
    await read(today, 1_000);
    await today.getByLabel('Full name').fill('Returning Reader');
    await today.getByLabel('Work email').fill('reader@initech.com');
    await today.getByLabel('Company').fill('Initech');
    await today.getByLabel(/I agree that Acme Inc may contact me/).check();
    await today.waitForTimeout(1_200);
    await today.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => today.locator('.k-form-done').count()).toBe(1);
    await today.close({ runBeforeUnload: true });

    await expect
      .poll(
        () =>
          q<{ visits: number; distinct_days: number }>(
            "select v.visits, v.distinct_days from visitors v join leads l on l.id = v.lead_id where l.email = 'reader@initech.com'",
          ),
        { timeout: 5_000 },
      )
      .toEqual([{ visits: 2, distinct_days: 2 }]);
    const visits = q<{ n: number }>(
      "select count(*) n from visits vi join visitors v on v.id = vi.visitor_id join leads l on l.id = v.lead_id where l.email = 'reader@initech.com'",
    );
    expect(visits[0]!.n).toBe(2);
    const [submission] = q<{ visitor_id: string | null }>(
      "select s.visitor_id from submissions s join leads l on l.id = s.lead_id where l.email = 'reader@initech.com'",
    );
    expect(submission!.visitor_id).not.toBeNull();
    // The form script reported the steps through the tracker: names only, never what was typed.
    const steps = q<{ type: string; data_json: string }>(
      "select e.type, e.data_json from events e join visitors v on v.id = e.visitor_id join leads l on l.id = v.lead_id where l.email = 'reader@initech.com' and e.type in ('form_start', 'field', 'form_submit')",
    );
    expect(new Set(steps.map((e) => e.type))).toEqual(
      new Set(['form_start', 'field', 'form_submit']),
    );
    expect(
      steps.filter((e) => e.type === 'field').map((e) => JSON.parse(e.data_json).field),
    ).toEqual(expect.arrayContaining(['name', 'email', 'company', 'consent']));
    expect(JSON.stringify(steps)).not.toMatch(/initech|Returning Reader/i);
    await context.close();
  });

  /** The latest visit of a browser that landed with `?utm_source=<tag>`. */
  const visitTagged = (tag: string) =>
    q<{ max_scroll: number; blocks_seen_json: string }>(
      'select max_scroll, blocks_seen_json from visits where utm_json = ? order by started_at desc limit 1',
      JSON.stringify({ source: tag }),
    )[0];
  const depth = (page: Page) =>
    page.evaluate(() =>
      Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100),
    );

  it('stops measuring depth and sections once the thank-you replaces the form', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/p/${slug}?utm_source=after-submit`);
    await page.evaluate(() => {
      const form = document.querySelector('form[data-kindling-form]')!;
      scrollTo(0, form.getBoundingClientRect().bottom + scrollY - innerHeight + 20);
    });
    await read(page, 1_500);
    const before = await depth(page);
    const footerHidden = await page.evaluate(
      () => document.querySelector('footer')!.getBoundingClientRect().top > innerHeight,
    );
    await page.getByLabel('Full name').fill('Quick Submitter');
    await page.getByLabel('Work email').fill('quick@initech.com');
    await page.getByLabel('Company').fill('Initech');
    await page.getByLabel(/I agree that Acme Inc may contact me/).check();
    await page.waitForTimeout(1_200);
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => page.locator('.k-form-done').count()).toBe(1);
    // A nudge of the wheel on the shorter page, as anyone reading the thank-you does.
    await page.mouse.wheel(0, 30);
    await read(page, 2_000);
    // The shorter page moved the scroll position by itself: the test means something.
    expect(await depth(page)).toBeGreaterThan(before + 5);
    await page.close({ runBeforeUnload: true });

    // The last beacon (pagehide) carries the scroll depth: wait until it has been stored.
    const scrolls = () =>
      q<{ n: number }>(
        "select count(*) n from events e join visits v on v.id = e.visit_id where e.type = 'scroll' and v.utm_json = ?",
        JSON.stringify({ source: 'after-submit' }),
      )[0]!.n;
    await expect.poll(scrolls, { timeout: 5_000 }).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(visitTagged('after-submit')!.max_scroll).toBeLessThanOrEqual(before);
    if (footerHidden)
      expect(JSON.parse(visitTagged('after-submit')!.blocks_seen_json)).not.toContain('footer');
    await context.close();
  });

  it('counts a section taller than the screen as seen when it fills half the screen', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${server.url}/p/${slug}?utm_source=tall-section`);
    // The tallest section, on a screen under half its height: it is never half in view.
    const tallest = await page.evaluate(() => {
      const blocks = [...document.querySelectorAll<HTMLElement>('[data-block-id]')];
      const el = blocks.sort((a, b) => b.offsetHeight - a.offsetHeight)[0]!;
      return { id: el.dataset.blockId!, height: el.offsetHeight };
    });
    await page.setViewportSize({ width: 360, height: Math.floor(tallest.height / 2.5) });
    await page.evaluate((id) => {
      const el = document.querySelector(`[data-block-id="${id}"]`)!;
      const box = el.getBoundingClientRect();
      scrollTo(0, box.top + scrollY + box.height / 2 - innerHeight / 2);
    }, tallest.id);
    await read(page, 1_800);
    await page.close({ runBeforeUnload: true });

    await expect
      .poll(() => JSON.parse(visitTagged('tall-section')?.blocks_seen_json ?? '[]'), {
        timeout: 5_000,
      })
      .toContain(tallest.id);
    await context.close();
  });

  it('in banner mode, tracks nothing until the visitor accepts', async () => {
    await owner.page('/admin/settings');
    const saved = await owner.post('/admin/settings/privacy', {
      _action: 'privacy',
      trackingConsent: 'banner',
      eventRetentionDays: '180',
    });
    expect(saved.status).toBe(303);
    await new Promise((r) => setTimeout(r, 1_100)); // the live-page cache holds a second

    const visitors = () => q<{ n: number }>('select count(*) n from visitors')[0]!.n;
    const before = visitors();
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/p/${slug}`);
    const banner = page.getByRole('region', { name: 'Analytics consent' });
    await expect.poll(() => banner.isVisible()).toBe(true);
    await read(page, 1_000);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))); // would flush, if tracking
    await page.waitForTimeout(500);
    expect(visitors()).toBe(before);

    await banner.getByRole('button', { name: 'Accept' }).click();
    expect(await banner.isVisible()).toBe(false);
    await read(page, 500);
    await page.close({ runBeforeUnload: true });
    await expect.poll(visitors, { timeout: 5_000 }).toBe(before + 1);

    // The answer is remembered: no banner on the next visit.
    const again = await context.newPage();
    await again.goto(`${server.url}/p/${slug}`);
    await again.waitForTimeout(300);
    expect(await again.getByRole('region', { name: 'Analytics consent' }).isVisible()).toBe(false);
    // ...and the tracker starts at once for a visitor who said yes before.
    const views = () => q<{ n: number }>("select count(*) n from events where type = 'view'")[0]!.n;
    const viewsBefore = views();
    await again.close({ runBeforeUnload: true });
    await expect.poll(views, { timeout: 5_000 }).toBe(viewsBefore + 1);
    await context.close();
  });
});
