import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, personContext } from '../helpers/browser';
import { readDb } from '../helpers/db-file';
import { publishTemplatePage, setUpOwner, type Client } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

const DAY = 86_400_000;

/** A person reading: the pointer moves now and then, which keeps them "active". */
async function read(page: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    await page.mouse.move(200 + (i % 5) * 40, 300 + (i % 3) * 30);
    await page.waitForTimeout(Math.min(300, Math.max(0, end - Date.now())));
  }
}

/** A page of the same browser whose clock runs `days` behind: an earlier visit. */
async function visitDaysAgo(context: BrowserContext, url: string, days: number, ms: number) {
  const page = await context.newPage();
  await page.addInitScript((shift) => {
    const now = Date.now.bind(Date);
    Date.now = () => now() - shift;
  }, days * DAY);
  await page.goto(url);
  await read(page, ms);
  await page.close({ runBeforeUnload: true });
}

/** Scrolls through the whole page, resting on each section long enough to count as seen. */
async function readThrough(page: Page): Promise<void> {
  for (const block of await page.locator('[data-block-id]').all()) {
    await block.scrollIntoViewIfNeeded();
    await read(page, 2_000);
  }
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await read(page, 600);
}

describe.runIf(browserAvailable)(
  'three visitors end up hot, warm and cold, with the reasons',
  () => {
    let server: TestServer;
    let browser: Browser;
    let owner: Client;
    const slugs: Record<string, string> = {};
    beforeAll(async () => {
      server = await startServer({ RESCORE_DELAY_MS: '200' });
      owner = await setUpOwner(server.url);
      for (const template of ['newsletter-signup', 'ebook-download', 'b2b-demo-request'])
        slugs[template] = (await publishTemplatePage(owner, template)).slug;
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const lead = (email: string) =>
      readDb<{ id: string; tier: string; breakdown_json: string }>(
        server.dataDir,
        'select id, tier, breakdown_json from leads where email = ?',
        email,
      )[0];
    const rulesOf = (email: string) =>
      (JSON.parse(lead(email)?.breakdown_json ?? '[]') as { rule: string }[]).map((b) => b.rule);
    const url = (template: string) => `${server.url}/p/${slugs[template]}`;

    async function whyOnLeadPage(email: string): Promise<string> {
      const { html } = await owner.page(`/admin/leads/${lead(email)!.id}`);
      return /<ul class="reasons"[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    }

    it('a first-time visitor who skims for a few seconds and subscribes is cold', async () => {
      const context = await personContext(browser);
      const page = await context.newPage();
      await page.goto(url('newsletter-signup'));
      await read(page, 2_500);
      await page.getByRole('link', { name: 'Send me the next issue' }).click();
      await page.getByLabel('Email address').fill('sam.skimmer@gmail.com');
      await page.getByRole('button', { name: /Subscribe/ }).click();
      await expect.poll(() => page.locator('.k-form-done').count()).toBe(1);
      await page.close({ runBeforeUnload: true });

      const email = 'sam.skimmer@gmail.com';
      await expect
        .poll(() => rulesOf(email), { timeout: 10_000 })
        .toEqual(expect.arrayContaining(['newsletter_only', 'shallow_first_look']));
      expect(lead(email)!.tier).toBe('cold');
      const why = await whyOnLeadPage(email);
      expect(why).toContain('only signed up for the newsletter');
      expect(why).toMatch(/one visit: \d+ s on the page/);
      await context.close();
    });

    it('a reader who comes back on a second day, reads the page and downloads the guide is warm', async () => {
      const context = await personContext(browser);
      await visitDaysAgo(context, url('ebook-download'), 1, 2_000);
      const page = await context.newPage();
      await page.goto(url('ebook-download'));
      await readThrough(page);
      await page.getByLabel('First name').fill('Robin');
      await page.getByLabel('Work email').fill('robin@fieldnote.co');
      await page.getByLabel(/Send me the playbook/).check();
      await page.getByRole('button', { name: 'Get the playbook' }).click();
      await expect.poll(() => page.locator('.k-form-done').count()).toBe(1);
      // The thank-you hands over the guide itself: no email is promised.
      const download = page.getByRole('link', { name: 'Download the PDF guide' });
      expect(await download.getAttribute('href')).toBe('/downloads/freight-cost-playbook.pdf');
      await page.close({ runBeforeUnload: true });

      const email = 'robin@fieldnote.co';
      await expect
        .poll(() => rulesOf(email), { timeout: 10_000 })
        .toEqual(
          expect.arrayContaining([
            'return_visits',
            'deep_scroll',
            'sections_seen',
            'content_download',
          ]),
        );
      expect(lead(email)!.tier).toBe('warm');
      const why = await whyOnLeadPage(email);
      expect(why).toContain('returned 1 time over 1 day');
      expect(why).toMatch(/downloaded content on \d{4}-\d\d-\d\d/);
      expect(why).toContain('scrolled 100% of the page');
      await context.close();
    });

    it('a returning visitor who viewed pricing, asks for a demo and buys this month is hot', async () => {
      const context = await personContext(browser);
      await visitDaysAgo(context, url('b2b-demo-request'), 3, 2_000);
      const page = await context.newPage();
      await page.goto(url('b2b-demo-request'));
      await page.locator('[data-block-id="pricing"]').scrollIntoViewIfNeeded();
      await read(page, 1_800);
      await page.getByRole('link', { name: 'Book a demo' }).click();
      await page.getByLabel('Full name').fill('Alex Buyer');
      await page.getByLabel('Work email').fill('alex@northwind.com');
      await page.getByLabel('Company').fill('Northwind');
      await page.getByLabel('When do you want to change how you close?').selectOption('This month');
      await page.getByLabel(/I agree that Acme Inc may contact me/).check();
      await page.getByRole('button', { name: 'Request my demo' }).click();
      await expect.poll(() => page.locator('.k-form-done').count()).toBe(1);
      // The last trigger, there and then: a hot visitor is asked to book a call.
      expect(await page.locator('.k-form-done').textContent()).toContain('Book a call now');
      await page.close({ runBeforeUnload: true });

      const email = 'alex@northwind.com';
      await expect
        .poll(() => rulesOf(email), { timeout: 10_000 })
        .toEqual(
          expect.arrayContaining([
            'return_visits',
            'pricing_viewed',
            'demo_request',
            'near_timeline',
          ]),
        );
      expect(lead(email)!.tier).toBe('hot');
      const why = await whyOnLeadPage(email);
      expect(why).toMatch(/viewed the pricing on \d{4}-\d\d-\d\d/);
      expect(why).toMatch(/asked for a demo on \d{4}-\d\d-\d\d/);
      expect(why).toContain('plans to buy: &quot;This month&quot;');
      await context.close();
    });
  },
);
