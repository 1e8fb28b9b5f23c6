import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../../src/print/browser.js';

/** The browser the rendering tests use, found as the PDF edition finds it (CHROME_PATH, then the usual paths). */
export const browserPath = findBrowser();

/** Why rendering tests skip, for test titles and skip notes. */
export const noBrowser = process.env.CHROME_PATH
  ? `no Chromium/Chrome: CHROME_PATH=${process.env.CHROME_PATH} is not executable`
  : 'no Chromium/Chrome found (install chromium or set CHROME_PATH)';

/** Undefined when no browser is installed, so callers can skip rather than fail. */
export async function launchBrowser(): Promise<Browser | undefined> {
  if (!browserPath) return undefined;
  return chromium.launch({ executablePath: browserPath, args: CHROMIUM_ARGS });
}

/**
 * A page showing `html` in its own context, with every network request aborted so that
 * the edition is judged as it stands offline. Close it with `page.context().close()`.
 */
export async function openPage(browser: Browser | undefined, html: string, opts: BrowserContextOptions = {}): Promise<Page> {
  if (!browser) throw new Error(noBrowser);
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, ...opts });
  const page = await context.newPage();
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}
