import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
} from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags Chromium needs on this machine (closed network, no sandbox as root). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Browser tests run whenever Chromium is there. In CI they must run: a missing or broken
 * Chromium fails the run instead of skipping it.
 */
export const browserAvailable = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!browserAvailable)
  console.warn(
    `[e2e] ${CHROMIUM} not found: browser tests skipped (install Debian's chromium to run them).`,
  );

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

export const screenshotDir = resolve(import.meta.dirname, '../../test-results/screenshots');
export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return resolve(screenshotDir, `${name}.png`);
}

/**
 * Headless Chromium announces itself as "HeadlessChrome", which the spam rules rightly
 * flag as a bot; the people these tests play use an ordinary browser.
 */
export const PERSON_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

export function personContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    userAgent: PERSON_UA,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

/** A browser context signed in through the login form, as a person would. */
export async function signedInContext(
  browser: Browser,
  base: string,
  account: { email: string; password: string },
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await personContext(browser, options);
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/admin`);
  await page.close();
  return context;
}
