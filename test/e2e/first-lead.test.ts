import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, personContext, screenshotPath } from '../helpers/browser';
import { startServer, type TestServer } from '../helpers/server';

describe.runIf(browserAvailable)('from nothing to a captured, tagged lead', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('owner sets up, publishes an edited template; a visitor without JavaScript submits; the lead is tagged', async () => {
    const admin = await personContext(browser);
    const page = await admin.newPage();

    await page.goto(`${server.url}/admin`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/setup');
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('Email').fill('olivia@example.com');
    await page.getByLabel('Password').fill('a-long-secure-password');
    await page.getByLabel('Company name').fill('Acme Rockets');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/admin/pages/new?welcome=1');
    await page.getByRole('button', { name: 'Use this template: B2B demo request' }).click();
    await page.waitForURL(/\/admin\/pages\/[0-9a-f-]{36}\/edit$/);

    const headline = page.getByLabel('Headline', { exact: true });
    await expect.poll(() => headline.inputValue()).toBe('Close the month in three days, not ten');
    await headline.fill('Close your books in 72 hours');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForURL(/saved=published/);
    expect(await page.locator('.alert-ok').textContent()).toContain('Published');
    const liveHref = await page.getByRole('link', { name: /View live page/ }).getAttribute('href');
    expect(liveHref).toMatch(/^\/p\/[a-z0-9-]+$/);

    // A visitor in a fresh context, with JavaScript off: the form must work as plain HTML.
    const visitorContext = await personContext(browser, {
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const visitor = await visitorContext.newPage();
    await visitor.goto(server.url + liveHref!);
    await expect
      .poll(() => visitor.getByRole('heading', { level: 1 }).textContent())
      .toBe('Close your books in 72 hours');
    await visitor.screenshot({ path: screenshotPath('published-page-phone'), fullPage: true });

    await visitor.getByLabel('Full name').fill('Jordan Lee');
    await visitor.getByLabel('Work email').fill('jordan@northwind');
    await visitor.getByLabel('Company').fill('Northwind Logistics');
    await visitor
      .getByLabel('When do you want to change how you close?')
      .selectOption('This month');
    await visitor.getByRole('button', { name: 'Request my demo' }).click();
    // Invalid email: the page comes back with the error beside the field and the answers kept.
    await expect
      .poll(() => visitor.getByText('Enter a valid email address').isVisible())
      .toBe(true);
    expect(await visitor.getByLabel('Company').inputValue()).toBe('Northwind Logistics');
    await visitor.getByLabel('Work email').fill('jordan@northwind-logistics.com');
    await visitor.getByLabel(/I agree that Acme Rockets may contact me/).check();
    await visitor.getByRole('button', { name: 'Request my demo' }).click();
    await visitor.waitForURL(/\/thanks/);
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you');

    await page.goto(`${server.url}/admin/leads`);
    const row = page.locator('tr', { hasText: 'jordan@northwind-logistics.com' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-tier]').getAttribute('data-tier')).toBe('hot');
    expect(await row.textContent()).toContain('asked for a demo');
    await page.screenshot({ path: screenshotPath('admin-leads'), fullPage: true });

    await row.getByRole('link', { name: 'Jordan Lee' }).click();
    await page.waitForURL(/\/admin\/leads\/[0-9a-f-]{36}$/);
    const breakdown = await page.getByTestId('breakdown').textContent();
    expect(breakdown).toContain('plans to buy: "This month"');
    expect(breakdown).toContain('writes from a company domain (northwind-logistics.com)');
    await page.screenshot({ path: screenshotPath('admin-lead-detail'), fullPage: true });

    await visitorContext.close();
    await admin.close();
  });
});
