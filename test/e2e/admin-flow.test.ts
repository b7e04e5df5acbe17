import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  personContext,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import {
  DEMO_ANSWERS,
  OWNER,
  postLead,
  publishTemplatePage,
  setUpOwner,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/** Strings strangers can type into a form, meant to run in the admin. None may. */
const PAYLOADS = {
  name: '<img src=x onerror="window.__xss=1">',
  company: '"><script>window.__xss=2</script><svg onload="window.__xss=3">',
};

/** Fails the test on any dialog (alert, confirm) and reports whether a payload ran. */
function watchForScript(page: Page): () => Promise<unknown> {
  page.on('dialog', (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  return () => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
}

describe.runIf(browserAvailable)('the admin in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let owner: BrowserContext;
  beforeAll(async () => {
    server = await startServer();
    const client = await setUpOwner(server.url);
    const { slug } = await publishTemplatePage(client);
    await postLead(server.url, slug, {
      ...DEMO_ANSWERS,
      email: 'hot@initech.com',
      name: 'Hannah Hot',
      timeline: 'This month',
    });
    await postLead(server.url, slug, {
      ...DEMO_ANSWERS,
      email: 'later@globex.com',
      name: 'Larry Later',
      company: 'Globex',
      team_size: '1–5',
      timeline: 'Just looking',
    });
    await postLead(server.url, slug, { ...DEMO_ANSWERS, email: 'x@evil.test', ...PAYLOADS });
    browser = await launchBrowser();
    owner = await signedInContext(browser, server.url, OWNER, { acceptDownloads: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('filters to hot, reads why, adds a note, moves the lead to contacted, exports the view', async () => {
    const page = await owner.newPage();
    await page.goto(`${server.url}/admin/leads`);
    await page
      .getByRole('navigation', { name: 'Filter by tier' })
      .getByRole('link', { name: 'Hot' })
      .click();
    await page.waitForURL(/tier=hot/);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await page.locator('tbody').textContent()).not.toContain('Larry Later');
    await page.getByRole('link', { name: 'Hannah Hot' }).click();
    await page.waitForURL(/\/admin\/leads\/[0-9a-f-]{36}$/);

    const why = page.getByRole('region', { name: 'Why hot' });
    expect(await why.textContent()).toMatch(/asked for a demo/);

    await page.getByLabel('Add a note').fill('Called Hannah: wants a demo on Thursday.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.waitForURL(/#timeline$/);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    expect(await timeline.textContent()).toContain('Called Hannah: wants a demo on Thursday.');

    await page.getByRole('button', { name: 'Contacted' }).click();
    await page.waitForURL(/#pipeline$/);
    expect(await page.getByRole('button', { name: 'Contacted' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await timeline.textContent()).toContain('Moved from New to Contacted');
    await page.screenshot({ path: screenshotPath('admin-lead'), fullPage: true });

    await page.goto(`${server.url}/admin/leads?tier=hot&status=contacted`);
    expect(await page.locator('tbody').textContent()).toContain('Hannah Hot');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^kindling-leads-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^Email,Name,Company/);
    expect(csv.slice(1)).toEqual([expect.stringMatching(/^hot@initech\.com,Hannah Hot,/)]);
    await page.close();
  });

  it('shows lead data typed by strangers as text on every admin page, never running it', async () => {
    const page = await owner.newPage();
    const ran = watchForScript(page);
    for (const path of ['/admin/leads', '/admin/leads?q=evil', '/admin']) {
      await page.goto(`${server.url}${path}`);
      expect(await ran(), path).toBeUndefined();
    }
    await page.goto(`${server.url}/admin/leads?q=evil`);
    await page.getByRole('link', { name: PAYLOADS.name }).click();
    await page.waitForURL(/\/admin\/leads\/[0-9a-f-]{36}$/);
    expect(await ran()).toBeUndefined();
    const body = (await page.locator('main').textContent())!;
    expect(body).toContain(PAYLOADS.name);
    expect(body).toContain(PAYLOADS.company);
    expect(await page.locator('main img[src="x"], main script, main svg[onload]').count()).toBe(0);
    // The lead's own note, in the same way.
    await page.getByLabel('Add a note').fill(PAYLOADS.company);
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.waitForURL(/#timeline$/);
    expect(await ran()).toBeUndefined();
    expect(await page.locator('.note-text').first().textContent()).toBe(PAYLOADS.company);
    await page.close();
  });

  it('invites a viewer, who can read a lead but not change it', async () => {
    const page = await owner.newPage();
    await page.goto(`${server.url}/admin/team`);
    await page.getByRole('radio', { name: /^Viewer/ }).check();
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await page.getByLabel('Link').inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    await page.close();

    const viewerContext = await personContext(browser);
    const viewer = await viewerContext.newPage();
    await viewer.goto(link);
    await viewer.getByLabel('Your name').fill('Vera Viewer');
    await viewer.getByLabel('Email').fill('vera@example.com');
    await viewer.getByLabel('Password').fill('veras-long-password');
    await viewer.getByRole('button', { name: /^Join / }).click();
    await viewer.waitForURL(`${server.url}/admin`);

    await viewer.goto(`${server.url}/admin/leads?q=hot%40initech`);
    await viewer.getByRole('link', { name: 'Hannah Hot' }).click();
    await viewer.waitForURL(/\/admin\/leads\/[0-9a-f-]{36}$/);
    expect(await viewer.getByRole('region', { name: 'Timeline' }).textContent()).toContain(
      'Called Hannah',
    );
    expect(await viewer.getByRole('button', { name: 'Won' }).isDisabled()).toBe(true);
    expect(await viewer.getByLabel('Add a note').count()).toBe(0);
    // The server refuses what the page does not offer: a hand-made POST with the CSRF token.
    const status = await viewer.evaluate(async () => {
      const csrf = (document.querySelector('input[name=_csrf]') as HTMLInputElement).value;
      const res = await fetch(location.pathname, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrf, _action: 'status', status: 'won' }),
        redirect: 'manual',
      });
      return res.status;
    });
    expect(status).toBe(403);
    await viewer.screenshot({ path: screenshotPath('admin-lead-viewer'), fullPage: true });
    // The page editor opens read-only: sections to look through, nothing to change.
    await viewer.goto(`${server.url}/admin/pages`);
    await viewer.locator('table a').first().click();
    await viewer.waitForURL(/\/edit$/);
    expect(await viewer.getByLabel('Headline', { exact: true }).first().isDisabled()).toBe(true);
    expect(await viewer.getByRole('button', { name: /^Publish/ }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: '+ Add a block' }).count()).toBe(0);
    await viewerContext.close();
  });
});
