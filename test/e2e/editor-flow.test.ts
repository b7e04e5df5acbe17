import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  personContext,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import { OWNER, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

describe.runIf(browserAvailable)('the page editor in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: BrowserContext;
  let editorUrl: string;
  let slug: string;

  beforeAll(async () => {
    server = await startServer();
    await setUpOwner(server.url);
    browser = await launchBrowser();
    admin = await signedInContext(browser, server.url, OWNER);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const live = async (visitor: Page) => {
    await visitor.goto(`${server.url}/p/${slug}`);
    return visitor;
  };

  it('uses a template, adds a block, edits, reorders, recolours, publishes: each change is live', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/pages/new`);
    await page.getByRole('button', { name: 'Use this template: Newsletter signup' }).click();
    await page.waitForURL(/\/admin\/pages\/[0-9a-f-]{36}$/);
    editorUrl = page.url();
    slug = await page.getByLabel('Address', { exact: true }).inputValue();

    await page.getByLabel('Add a block').selectOption('stats');
    await page.getByRole('button', { name: 'Add block' }).click();
    await page.waitForURL(/open=stats/);
    await page.getByLabel('Number 1 · Number', { exact: true }).fill('5 min');
    await page.getByLabel('Number 1 · What it counts', { exact: true }).fill('to read each issue');
    await page.locator('summary', { hasText: /^\s*Hero\s*$/ }).click();
    await page.getByLabel('Headline', { exact: true }).first().fill('Ship better landing pages');
    await page.locator('summary', { hasText: /^\s*Theme\s*$/ }).click();
    await page.getByLabel('Primary colour').fill('#0f766e');
    // The stats block moves up one place (edits typed above are saved with the move).
    await page.getByRole('button', { name: /^↑ Move up: Stats/ }).click();
    await page.waitForURL(/open=stats/);
    expect(await page.getByLabel('Number 1 · Number', { exact: true }).inputValue()).toBe('5 min');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForURL(/saved=published/);
    await page.screenshot({ path: screenshotPath('editor-after-publish'), fullPage: false });

    const visitor = await live(await (await personContext(browser)).newPage());
    expect(await visitor.locator('h1').textContent()).toBe('Ship better landing pages');
    expect(await visitor.locator('[data-block=stats]').textContent()).toContain('5 min');
    const order = await visitor
      .locator('[data-block]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-block')));
    expect(order.indexOf('stats')).toBe(order.length - 3); // before its old neighbour and the footer
    const primary = await visitor.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--k-primary').trim(),
    );
    expect(primary).toBe('#0f766e');
    await page.close();
  });

  it('restores an older version as the draft, and publishing it makes it live again', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    await page.getByLabel('Headline', { exact: true }).first().fill('A headline we will regret');
    await page.getByRole('button', { name: 'Publish changes' }).click();
    await page.waitForURL(/saved=published/);
    const visitor = await live(await (await personContext(browser)).newPage());
    expect(await visitor.locator('h1').textContent()).toBe('A headline we will regret');

    await page.getByRole('button', { name: 'Restore as draft: version 1' }).click();
    await page.waitForURL(/saved=restored/);
    expect(await page.locator('.alert-ok').textContent()).toContain('Version 1 is the draft again');
    expect(await page.getByLabel('Headline', { exact: true }).first().inputValue()).toBe(
      'Ship better landing pages',
    );
    // The live page is untouched until the restored draft is published.
    expect(await (await live(visitor)).locator('h1').textContent()).toBe(
      'A headline we will regret',
    );
    await page.getByRole('button', { name: 'Publish changes' }).click();
    await page.waitForURL(/saved=published/);
    expect(await (await live(visitor)).locator('h1').textContent()).toBe(
      'Ship better landing pages',
    );
    await page.close();
  });

  it('detects a conflicting edit from a second tab and keeps what was typed', async () => {
    const first = await admin.newPage();
    const second = await admin.newPage();
    await first.goto(editorUrl);
    await second.goto(editorUrl);
    await first.getByLabel('Headline', { exact: true }).first().fill('Saved in the first tab');
    await first.getByRole('button', { name: 'Save draft' }).click();
    await first.waitForURL(/saved=draft/);

    await second.getByLabel('Headline', { exact: true }).first().fill('Typed in the second tab');
    await second.getByRole('button', { name: 'Save draft' }).click();
    await second.waitForLoadState();
    expect(await second.getByRole('alert').textContent()).toMatch(/changed in another tab/);
    expect(await second.getByLabel('Headline', { exact: true }).first().inputValue()).toBe(
      'Typed in the second tab',
    );
    await first.reload();
    expect(await first.getByLabel('Headline', { exact: true }).first().inputValue()).toBe(
      'Saved in the first tab',
    );
  });
});
