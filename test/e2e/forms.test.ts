import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, personContext, screenshotPath } from '../helpers/browser';
import { readDb } from '../helpers/db-file';
import { publishTemplatePage, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

describe.runIf(browserAvailable)('lead forms in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let pageUrl: string;
  beforeAll(async () => {
    server = await startServer();
    const owner = await setUpOwner(server.url);
    const { slug } = await publishTemplatePage(owner);
    pageUrl = `${server.url}/p/${slug}?utm_source=newsletter`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Fills the demo form as a person would, taking the couple of seconds a person takes. */
  async function fillDemoForm(
    page: Page,
    person: { name: string; email: string; company: string },
  ) {
    await page.getByLabel('Full name').fill(person.name);
    await page.getByLabel('Work email').fill(person.email);
    await page.getByLabel('Company').fill(person.company);
    await page.getByLabel(/I agree that Acme Inc may contact me/).check();
    await page.waitForTimeout(2_100);
  }
  const outboxSize = (page: Page) =>
    page.evaluate(
      () => JSON.parse(localStorage.getItem('kindling:outbox') ?? '[]').length as number,
    );

  const submissionsFor = (email: string) =>
    readDb<{ flags_json: string; duration_ms: number | null; answers_json: string }>(
      server.dataDir,
      'select s.flags_json, s.duration_ms, s.answers_json from submissions s join leads l on l.id = s.lead_id where l.email = ?',
      email,
    );

  it('with JavaScript: validates inline with the server’s words, focuses the first error, then submits with fetch', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.getByLabel('Full name').fill('Ana Sousa');
    await page.getByLabel('Work email').fill('ana@ortega');
    await page.getByRole('button', { name: 'Request my demo' }).click();

    // Inline, without a page load: the same message the server would give, on the field.
    const email = page.getByLabel('Work email');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('demo-form-email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#demo-form-email-error').textContent()).toBe(
      'Enter a valid email address, like name@company.com.',
    );
    expect(await page.locator('#demo-form-company-error').textContent()).toBe(
      'Company is required.',
    );
    expect(await page.locator('[data-form-status]').textContent()).toBe('Please check 3 fields.');
    await page.screenshot({ path: screenshotPath('form-inline-errors') });

    await email.fill('ana@ortega-sousa.com');
    await page.getByLabel('Company').fill('Ortega & Sousa Retail');
    await page.getByLabel(/I agree that Acme Inc may contact me/).check();
    await page.waitForTimeout(2_100); // a person takes a moment; the time trap must not fire
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await expect
      .poll(() => page.locator('.k-form-done').textContent())
      .toContain('Book a call now'); // a demo request from a named company is hot
    expect(new URL(page.url()).pathname).not.toContain('/thanks');

    const rows = submissionsFor('ana@ortega-sousa.com');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.flags_json)).toEqual([]);
    expect(rows[0]!.duration_ms).toBeGreaterThan(2_000);
    // The hidden campaign field was filled from ?utm_source= by the form script.
    expect(JSON.parse(rows[0]!.answers_json)).toContainEqual(
      expect.objectContaining({ name: 'source', value: 'newsletter' }),
    );
    await context.close();
  });

  it('offline at submit: keeps the answers, retries when back online, and stores exactly one submission', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(pageUrl);
    await fillDemoForm(page, {
      name: 'Kenji Mori',
      email: 'kenji@parcelpoint.jp',
      company: 'Parcelpoint',
    });

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => page.locator('[data-form-status]').textContent()).toContain('offline');
    expect(await outboxSize(page)).toBe(1);
    await page.screenshot({ path: screenshotPath('form-offline') });
    expect(submissionsFor('kenji@parcelpoint.jp')).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => page.locator('.k-form-done').count(), { timeout: 40_000 }).toBe(1);
    expect(await outboxSize(page)).toBe(0);

    // A reload must not send it again.
    await page.reload();
    await page.waitForTimeout(500);
    const rows = submissionsFor('kenji@parcelpoint.jp');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.answers_json)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'company', value: 'Parcelpoint' })]),
    );
    await context.close();
  });

  it('sends an unsent submission on the visitor’s next visit, once', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(pageUrl);
    await fillDemoForm(page, {
      name: 'Lena Brandt',
      email: 'lena@brandt.de',
      company: 'Brandt & Co',
    });
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => page.locator('[data-form-status]').textContent()).toContain('offline');
    await page.close(); // the visitor gives up and closes the tab

    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(pageUrl);
    await expect.poll(() => submissionsFor('lena@brandt.de').length, { timeout: 10_000 }).toBe(1);
    await again.reload();
    await again.waitForTimeout(500);
    expect(submissionsFor('lena@brandt.de')).toHaveLength(1);
    await context.close();
  });
});
