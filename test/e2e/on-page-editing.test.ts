import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yFindings } from '../helpers/axe';
import {
  browserAvailable,
  launchBrowser,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import { addBlock, blockTitles, openSection, saveStateIs } from '../helpers/editor';
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
  /** The editor, with its editing layer in the frame (it arrives when the frame has loaded). */
  const openEditor = async (page: Page) => {
    await page.goto(editorUrl);
    await frameOf(page).locator('style[data-k-editing-css]').waitFor({ state: 'attached' });
  };
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
    await openEditor(page);
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

  it('edits on a large canvas near full size, the fields in a drawer a click opens', async () => {
    const page = await admin.newPage();
    await openEditor(page);
    const frame = page.locator('iframe[title="Preview of the draft"]');
    const scale = async () => (await frame.boundingBox())!.width / 1280;
    const beside = await scale();
    await page.getByRole('button', { name: 'Large canvas' }).click();
    await expect.poll(scale).toBeGreaterThan(Math.max(0.75, beside + 0.2));
    // Text reads at a size a person edits at: the headline over 30 px on screen.
    const headlineHeight = async () => (await frameOf(page).locator('h1').boundingBox())!.height;
    expect(await headlineHeight()).toBeGreaterThan(30);
    await expect.poll(() => headlineField(page).isVisible()).toBe(false);
    // A click on the page (here its headline) opens the block's fields in the drawer.
    await frameOf(page).locator('h1').click();
    await expect.poll(() => headlineField(page).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('editor-canvas-drawer'), fullPage: false });
    await page.getByRole('button', { name: 'Close the fields' }).click();
    await expect.poll(() => headlineField(page).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Large canvas' }).click();
    await expect.poll(() => headlineField(page).isVisible()).toBe(true);
    await page.close();
  });

  it('edits a button label in place without following its link', async () => {
    const page = await admin.newPage();
    await openEditor(page);
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

  it('edits the paragraphs of rich text in place, formatting kept and sanitized, undo restores', async () => {
    const page = await admin.newPage();
    await openEditor(page);
    const frame = frameOf(page);
    await addBlock(page, 'Text');
    const body = frame.locator('[data-block="richText"] .k-rich');
    const paragraph = body.locator('p').first();
    await paragraph.waitFor();
    await saveStateIs(page);
    const bodyOf = async () => {
      const blocks = (await readDraft(owner, pageId)).document.blocks as {
        type: string;
        props: { body: string };
      }[];
      return blocks.find((b) => b.type === 'richText')!.props.body;
    };
    const original = await bodyOf();
    await markFrame(page);

    await paragraph.scrollIntoViewIfNeeded();
    await paragraph.click();
    // The whole body is the field, so new paragraphs and formatting belong to it.
    expect(await body.getAttribute('contenteditable')).toBe('true');
    await page.keyboard.press('End');
    await page.keyboard.type(' Start today.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Teams of five ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('save a day');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' a week.');
    // Pasted formatting stays behind: only its words arrive.
    await body.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/html', '<img src=x onerror=alert(1)><b>Pasted</b>');
      data.setData('text/plain', ' Pasted');
      el.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await page.keyboard.press('Escape');
    expect(await body.getAttribute('contenteditable')).toBeNull();

    await saveStateIs(page);
    // (A space typed before formatting is kept as a non-breaking one, as browsers type it.)
    const saved = (await bodyOf()).replace(/\u00a0/g, ' ');
    expect(saved).toMatch(
      /^<p>Say what this page offers, for whom, and why now\. Start today\.<\/p>/,
    );
    expect(saved).toMatch(
      /<p>Teams of five <(b|strong)>save a day<\/(b|strong)> a week\. Pasted<\/p>$/,
    );
    expect(saved).not.toMatch(/img|onerror/);
    // The field beside the page shows the same text.
    await openSection(page, 'Text');
    await expect
      .poll(() =>
        page
          .locator('.richtext-surface')
          .last()
          .evaluate((el) => el.textContent!.replace(/\u00a0/g, ' ')),
      )
      .toContain('Teams of five save a day a week. Pasted');
    await page.screenshot({
      path: screenshotPath('editor-on-page-richtext-1440'),
      fullPage: false,
    });

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => body.locator('p').count()).toBe(1);
    await saveStateIs(page);
    expect(await bodyOf()).toBe(original);
    expect(await frameKeptMark(page)).toBe(true);
    await page.close();
  });

  it('drags a block to a new place on the page, and adds one at an insert point', async () => {
    const page = await admin.newPage();
    await openEditor(page);
    const frame = frameOf(page);
    await frame.locator('h1').waitFor();
    const start = await blockTitles(page);
    const ids = await frame
      .locator('[data-block-id]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.blockId!));
    // The second section, dragged by its handle with the mouse onto the first, both in view.
    await frame.locator('html').evaluate(() => window.scrollTo(0, 0));
    const dragged = frame.locator(`[data-block-id="${ids[1]}"]`);
    const from = (await dragged.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 40);
    const handle = dragged.locator(':scope > .k-ed-handle');
    expect(await handle.isVisible()).toBe(true);
    const grip = (await handle.boundingBox())!;
    const to = (await frame.locator(`[data-block-id="${ids[0]}"]`).boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + grip.width / 2 + 8, grip.y + 8, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => blockTitles(page)).toEqual([start[1], start[0], ...start.slice(2)]);
    await saveStateIs(page);

    // The insert point above the second section opens the library for that place.
    const second = frame.locator(`[data-block-id="${ids[0]}"]`);
    await second.hover();
    await second.locator(':scope > .k-ed-insert').click();
    await page.getByText(`It is added before “${start[0]}”`).waitFor();
    await page
      .locator('#block-library')
      .getByRole('button', { name: /^Stats / })
      .click();
    await expect.poll(async () => (await blockTitles(page))[1]).toBe('Stats');
    expect((await blockTitles(page))[0]).toBe(start[1]);
    await expect.poll(() => frame.locator('[data-block="stats"]').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('editor-on-page-insert-1440'), fullPage: false });
    await saveStateIs(page);
    await page.close();
  });

  it('follows typing in a field beside the page without reloading the frame', async () => {
    const page = await admin.newPage();
    await openEditor(page);
    const frame = frameOf(page);
    await frame.locator('h1').waitFor();
    await markFrame(page);
    await openSection(page, 'Hero'); // the drag above put another section first
    await headlineField(page).fill('Reconcile while you sleep');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Reconcile while you sleep');
    expect(await frameKeptMark(page)).toBe(true);
    await saveStateIs(page);
    await page.close();
  });
});
