import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yFindings } from '../helpers/axe';
import {
  browserAvailable,
  launchBrowser,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import { saveStateIs } from '../helpers/editor';
import { OWNER, readDraft, setUpOwner, type Client } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/* The preview is the editing surface: a block is outlined and named under the pointer, a
   click selects it, and its texts are typed on the page itself, through the same edits,
   undo and autosave as the fields beside it. The frame follows typing without reloading. */

describe.runIf(browserAvailable)('editing on the page itself', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: BrowserContext;
  let owner: Client;
  let editorUrl: string;
  let pageId: string;

  beforeAll(async () => {
    server = await startServer();
    owner = await setUpOwner(server.url);
    browser = await launchBrowser();
    admin = await signedInContext(browser, server.url, OWNER, {
      viewport: { width: 1440, height: 1000 },
    });
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/pages/new`);
    await page.getByRole('button', { name: 'Use this template: B2B demo request' }).click();
    await page.waitForURL(/\/admin\/pages\/[0-9a-f-]{36}\/edit$/);
    editorUrl = page.url();
    pageId = editorUrl.split('/').at(-2)!;
    await page.close();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const frameOf = (page: Page) => page.frameLocator('iframe[title="Preview of the draft"]');
  const headlineField = (page: Page) => page.getByLabel('Headline', { exact: true }).first();
  /** Marks the frame's window: a reload would lose the mark. */
  const markFrame = (page: Page) =>
    frameOf(page)
      .locator('html')
      .evaluate(() => ((window as unknown as { kMark: number }).kMark = 1));
  const frameKeptMark = (page: Page) =>
    frameOf(page)
      .locator('html')
      .evaluate(() => (window as unknown as { kMark?: number }).kMark === 1);

  it('clicks a headline on the page and types: the page and the draft change, undo restores', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const frame = frameOf(page);
    const original = await headlineField(page).inputValue();
    await frame.locator('h1').waitFor();
    await markFrame(page);

    // Hovering outlines the block and names it.
    await frame.locator('[data-block-id="hero"]').hover();
    expect(await frame.locator('[data-block-id="hero"]').getAttribute('data-k-hover')).toBe('');
    expect(await frame.locator('[data-block-id="hero"]').getAttribute('data-k-label')).toBe('Hero');

    await frame.locator('h1').click();
    expect(await frame.locator('h1').getAttribute('contenteditable')).toBe('plaintext-only');
    await page.keyboard.type('Close the month before lunch');
    expect(await frame.locator('h1').textContent()).toBe('Close the month before lunch');
    // The field beside the page follows, and the draft is saved like any edit.
    await expect.poll(() => headlineField(page).inputValue()).toBe('Close the month before lunch');
    await page.screenshot({ path: screenshotPath('editor-on-page-1440'), fullPage: false });
    await page.keyboard.press('Enter'); // a headline is one line: Enter ends the edit
    expect(await frame.locator('h1').getAttribute('contenteditable')).toBeNull();
    await saveStateIs(page);
    const saved = await readDraft(owner, pageId);
    const hero = saved.document.blocks[0] as { props: { headline: string } };
    expect(hero.props.headline).toBe('Close the month before lunch');

    // Undo takes it back, on the page too.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => headlineField(page).inputValue()).toBe(original);
    await expect.poll(() => frame.locator('h1').textContent()).toBe(original);
    await saveStateIs(page);
    expect(await frameKeptMark(page)).toBe(true); // never reloaded
    expect(await seriousA11yFindings(page)).toEqual([]);
    await page.close();
  });

  it('edits a button label in place without following its link', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const frame = frameOf(page);
    const button = frame.locator('[data-block-id="hero"] a.k-btn');
    await button.click();
    await page.keyboard.type('Show me Tallyhawk');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByLabel('Button label', { exact: true }).first().inputValue())
      .toBe('Show me Tallyhawk');
    expect(frame.locator('body').page().url()).toBe(editorUrl);
    expect(
      await frameOf(page).locator('[data-block-id="hero"]').getAttribute('data-k-selected'),
    ).toBe('');
    await saveStateIs(page);
    await page.close();
  });

  it('follows typing in a field beside the page without reloading the frame', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const frame = frameOf(page);
    await frame.locator('h1').waitFor();
    await markFrame(page);
    await headlineField(page).fill('Reconcile while you sleep');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Reconcile while you sleep');
    expect(await frameKeptMark(page)).toBe(true);
    await saveStateIs(page);
    await page.close();
  });
});
