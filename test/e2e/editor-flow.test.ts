import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  personContext,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import { addBlock, blockTitles, openSection, saveStateIs } from '../helpers/editor';
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
  const headline = (page: Page) => page.getByLabel('Headline', { exact: true }).first();

  it('uses a template, adds a block, edits, reorders, recolours, publishes: each change is live', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/pages/new`);
    await page.getByRole('button', { name: 'Use this template: Newsletter signup' }).click();
    await page.waitForURL(/\/admin\/pages\/[0-9a-f-]{36}\/edit$/);
    editorUrl = page.url();
    slug = await page.getByLabel('Address', { exact: true }).inputValue();

    await addBlock(page, 'Stats');
    // List items fold, one open at a time: the first number is opened to be edited.
    await page.getByRole('button', { name: /^Number 1:/ }).click();
    await page.getByLabel('Number 1 · Number', { exact: true }).fill('5 min');
    await page.getByLabel('Number 1 · What it counts', { exact: true }).fill('to read each issue');
    await openSection(page, 'Hero');
    await headline(page).fill('Ship better landing pages');
    await openSection(page, 'Theme');
    await page.getByLabel('Primary colour').fill('#0f766e');
    // The stats block moves up one place; focus stays on the button for the next press.
    await page.getByRole('button', { name: /^↑ Move up: Stats/ }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('↑ Move up');
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

  it('finds and replaces across the page as one edit, which one Undo takes back', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    await page.getByText('Find and replace').click();
    await page.getByLabel('Find', { exact: true }).fill('landing pages');
    await page.getByLabel('Replace with', { exact: true }).fill('product launches');
    await page.getByRole('button', { name: 'Replace all' }).click();
    await expect
      .poll(() => page.locator('.find-replace [role=status]').textContent())
      .toMatch(/^Replaced \d+ times?\. Undo brings it back\.$/);
    expect(await headline(page).inputValue()).toBe('Ship better product launches');
    await saveStateIs(page);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    expect(await headline(page).inputValue()).toBe('Ship better landing pages');
    await saveStateIs(page);
    await page.close();
  });

  it('adds a block from the library right after the block selected last', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const before = await blockTitles(page);
    await openSection(page, before[1]!);
    await page.getByRole('button', { name: '+ Add a block' }).click();
    expect(await page.locator('.add-block .hint').textContent()).toBe(
      `It is added after “${before[1]}”, the block you selected, with sample content to replace.`,
    );
    await page.locator('#block-library').getByRole('button', { name: /^FAQ / }).click();
    const after = await blockTitles(page);
    expect(after).toEqual([...before.slice(0, 2), 'FAQ', ...before.slice(2)]);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    expect(await blockTitles(page)).toEqual(before);
    await saveStateIs(page);
    await page.close();
  });

  it('restores an older version as the draft, and publishing it makes it live again', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    await headline(page).fill('A headline we will regret');
    await page.getByRole('button', { name: 'Publish changes' }).click();
    await page.waitForURL(/saved=published/);
    const visitor = await live(await (await personContext(browser)).newPage());
    expect(await visitor.locator('h1').textContent()).toBe('A headline we will regret');

    await page.getByRole('button', { name: 'Restore as draft: version 1' }).click();
    await page.waitForURL(/saved=restored/);
    expect(await page.locator('.alert-ok').textContent()).toContain('Version 1 is the draft again');
    expect(await headline(page).inputValue()).toBe('Ship better landing pages');
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

  it('detects a conflicting edit from a second tab, keeps what was typed, and lets you choose', async () => {
    const first = await admin.newPage();
    const second = await admin.newPage();
    await first.goto(editorUrl);
    await second.goto(editorUrl);
    await headline(first).fill('Saved in the first tab');
    await saveStateIs(first);

    await headline(second).fill('Typed in the second tab');
    await saveStateIs(second, /changed in another tab/);
    expect(await second.getByRole('alert').textContent()).toMatch(/saved meanwhile/);
    expect(await headline(second).inputValue()).toBe('Typed in the second tab');
    // Publishing from the stale tab is refused too: it would publish what it cannot see.
    await second.getByRole('button', { name: 'Publish changes' }).click();
    await saveStateIs(second, /changed in another tab/);
    expect(second.url()).toBe(editorUrl);
    await first.reload();
    expect(await headline(first).inputValue()).toBe('Saved in the first tab');

    // The second tab keeps its own version, saved over the first's.
    await second.getByRole('button', { name: /Keep mine/ }).click();
    await saveStateIs(second);
    await first.reload();
    expect(await headline(first).inputValue()).toBe('Typed in the second tab');
  });
});
