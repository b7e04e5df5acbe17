import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The editor's section (Search & sharing, Theme, or a block) with this title. */
export const section = (page: Page, title: string) =>
  page.locator('details.block-editor', {
    has: page.locator('summary', { hasText: new RegExp(`^\\s*${title}\\s*(Hidden)?$`) }),
  });

/** Opens a section of the editor unless it is open already. */
export async function openSection(page: Page, title: string) {
  const s = section(page, title).first();
  if ((await s.getAttribute('open')) === null) await s.locator('summary').click();
  return s;
}

/** Waits until the editor's save state reads `text` (autosave runs 0.7 s after a change). */
export async function saveStateIs(page: Page, text: RegExp = /All changes saved/) {
  await expect
    .poll(() => page.locator('[data-save-state]').textContent(), { timeout: 10_000 })
    .toMatch(text);
}

/** The blocks' section titles, top to bottom. */
export const blockTitles = (page: Page) =>
  page
    .locator('details[data-block-index] > summary')
    .evaluateAll((els) => els.map((e) => e.textContent!.replace('Hidden', '').trim()));

/** Adds a block from the editor's library by its name, as a person would. */
export async function addBlock(page: Page, label: string) {
  await page.getByRole('button', { name: '+ Add a block' }).click();
  await page
    .locator('#block-library')
    .getByRole('button', { name: new RegExp(`^${label} `) })
    .click();
}
