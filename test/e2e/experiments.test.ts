import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yFindings } from '../helpers/axe';
import {
  browserAvailable,
  launchBrowser,
  personContext,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import { openSection, saveStateIs } from '../helpers/editor';
import { OWNER, publishTemplatePage, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

const B_HEADLINE = 'Close the month before lunch';

describe.runIf(browserAvailable)('an A/B test in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let owner: BrowserContext;
  let page: { pageId: string; slug: string };
  beforeAll(async () => {
    server = await startServer();
    page = await publishTemplatePage(await setUpOwner(server.url));
    browser = await launchBrowser();
    owner = await signedInContext(browser, server.url, OWNER);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A new visitor, until one is shown the variant wanted; their page. */
  async function visitorOn(variant: 'A' | 'B'): Promise<Page> {
    for (;;) {
      const context = await personContext(browser);
      const visitor = await context.newPage();
      await visitor.goto(`${server.url}/p/${page.slug}`);
      const shown = (await visitor.locator('h1').textContent()) === B_HEADLINE ? 'B' : 'A';
      if (shown === variant) return visitor;
      await context.close();
    }
  }

  async function submit(visitor: Page, who: { name: string; email: string; timeline: string }) {
    await visitor.getByLabel('Full name').fill(who.name);
    await visitor.getByLabel('Work email').fill(who.email);
    await visitor.getByLabel('Company').fill('Northwind Logistics');
    await visitor
      .getByLabel('When do you want to change how you close?')
      .selectOption(who.timeline);
    await visitor.getByLabel(/I agree that Acme Inc may contact me/).check();
    await visitor.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => visitor.getByText(/thank/i).first().isVisible()).toBe(true);
  }

  it('makes a variant, changes its headline, starts; two visitors see the two; promotes B', async () => {
    const admin = await owner.newPage();
    await admin.goto(`${server.url}/admin/pages/${page.pageId}/edit`);
    await admin.getByRole('link', { name: 'A/B test' }).click();
    await admin.getByLabel('Test name').fill('Headline');
    await admin.getByLabel('Variant B', { exact: true }).fill('Before lunch');
    await admin.getByRole('button', { name: 'Create the test' }).click();
    await admin.waitForURL(/saved=created/);

    await admin.getByRole('link', { name: 'Edit B' }).click();
    expect(await admin.getByTestId('variant-banner').textContent()).toContain('variant B');
    await openSection(admin, 'Hero');
    await admin.getByLabel('Headline', { exact: true }).first().fill(B_HEADLINE);
    await saveStateIs(admin);
    await admin.getByRole('link', { name: '← Back to the A/B test' }).click();
    await admin.getByRole('button', { name: 'Start the test' }).click();
    await admin.waitForURL(/saved=start/);

    const onA = await visitorOn('A');
    const onB = await visitorOn('B');
    // Each keeps their variant on a return.
    await onB.reload();
    expect(await onB.locator('h1').textContent()).toBe(B_HEADLINE);
    await submit(onA, { name: 'Ana Alves', email: 'ana@northwind.com', timeline: 'Just exploring' });
    await submit(onB, { name: 'Bo Berg', email: 'bo@northwind.com', timeline: 'This month' });

    await admin.goto(`${server.url}/admin/pages/${page.pageId}/experiment`);
    const row = (key: string) => admin.locator(`tr[data-variant="${key}"]`);
    const leadsOf = async (key: string) =>
      Object.fromEntries(
        await Promise.all(
          ['hot', 'warm', 'cold'].map(async (t) => [
            t,
            Number(await row(key).locator(`[data-tier-count="${t}"]`).textContent()),
          ]),
        ),
      );
    expect(await leadsOf('B')).toEqual({ hot: 1, warm: 0, cold: 0 });
    const a = await leadsOf('A');
    expect(a.hot + a.warm + a.cold).toBe(1);
    expect(a.hot).toBe(0);
    expect(await admin.getByTestId('verdict').textContent()).toMatch(/Too early to call/);
    expect(await seriousA11yFindings(admin)).toEqual([]);
    await admin.screenshot({ path: screenshotPath('experiment-results'), fullPage: true });

    await admin.getByRole('button', { name: /^Promote B: make “Before lunch” the live page/ }).click();
    await admin.waitForURL(/saved=promote/);
    expect(await admin.textContent('body')).toContain('B was promoted');
    const later = await (await personContext(browser)).newPage();
    await later.goto(`${server.url}/p/${page.slug}`);
    expect(await later.locator('h1').textContent()).toBe(B_HEADLINE);
    await onA.reload();
    expect(await onA.locator('h1').textContent()).toBe(B_HEADLINE);
  }, 120_000);
});
