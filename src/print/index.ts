import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { BrowserLaunchError, BrowserNotFoundError, CHROMIUM_ARGS, findBrowser } from './browser.js';
import type { PdfMeta } from './metadata.js';
import { PRINT_REPORT, printHtml, type Paper, type PrintPageOptions } from './page.js';
import { finishPdf } from './pdf.js';

export { BrowserLaunchError, BrowserNotFoundError, findBrowser } from './browser.js';
export { pdfMeta, type PdfMeta } from './metadata.js';
export { printHtml, dirOf, type Paper } from './page.js';

export interface PrintOptions {
  paper?: Paper;
  meta: PdfMeta;
  browserPath?: string;
}

/** What the page preparation found, for callers that want to check the print shape. */
export interface PrintReport {
  numbered: number;
  entries: number;
  backlinks: number;
  endmatter: number;
}

/** Generous: a 2 MB novel takes tens of seconds to lay out on two cores. */
const TIMEOUT_MS = 10 * 60 * 1000;

/**
 * One Chromium for many documents (`diwan build` of several editions):
 * launching costs ~0.3 s and ~100 MB, printing a short edition less.
 */
export class PrintSession {
  private constructor(
    private readonly browser: Browser,
    private readonly scratch: string,
  ) {}

  static async open(opts: { browserPath?: string; scratchDir?: string } = {}): Promise<PrintSession> {
    const executablePath = findBrowser({ executablePath: opts.browserPath });
    if (!executablePath) throw new BrowserNotFoundError();
    const scratch = browserScratch(opts.scratchDir);
    // playwright puts the browser profile and its artifacts folder in os.tmpdir(), where a killed
    // run would leave them for good: point it at diwan's own scratch folder while it launches.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
      return new PrintSession(browser, scratch);
    } catch (err) {
      rmSync(scratch, { recursive: true, force: true });
      throw new BrowserLaunchError(executablePath, err);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }

  /** The PDF bytes, plus what the page preparation found. */
  async printWithReport(html: string, opts: Omit<PrintPageOptions, 'paper'> & { paper?: Paper }): Promise<{ pdf: Uint8Array; report: PrintReport }> {
    const context = await this.browser.newContext({ bypassCSP: false, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      // The print reads nothing from outside the document: fonts and images are data: URIs.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(printHtml(html, opts), { waitUntil: 'load', timeout: TIMEOUT_MS });
      const report = (await page.evaluate(PRINT_REPORT)) as PrintReport;
      await page.evaluate('document.fonts.ready.then(() => document.fonts.size)');
      const raw = await page.pdf({
        format: opts.paper ?? 'A4',
        preferCSSPageSize: true,
        printBackground: true,
        outline: true,
        tagged: true,
      });
      return { pdf: await finishPdf(raw, opts.meta), report };
    } finally {
      await context.close();
    }
  }

  async print(html: string, opts: Omit<PrintOptions, 'browserPath'>): Promise<Uint8Array> {
    return (await this.printWithReport(html, opts)).pdf;
  }

  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      rmSync(this.scratch, { recursive: true, force: true });
    }
  }
}

/**
 * Chromium puts its singleton socket at `$TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket`
 * and aborts when that path passes the 107 bytes a Unix socket address holds. The scratch folder
 * is therefore kept short: in the system temp folder, or in /tmp when that one is deep.
 */
const SOCKET_ROOM = 107 - '/org.chromium.Chromium.XXXXXX/SingletonSocket'.length - '/4194304-XXXXXX'.length;

export function defaultScratchBase(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const name = `diwan-${uid}-chromium`;
  const preferred = join(tmpdir(), name);
  return Buffer.byteLength(preferred) <= SOCKET_ROOM ? preferred : join('/tmp', name);
}

/**
 * A fresh folder for one browser's profile and temporary files (`<base>/<pid>-<random>`).
 * Folders left by runs that were killed (their process is gone) are removed first, so a SIGKILL
 * leaks nothing for longer than the next PDF run.
 */
function browserScratch(base = defaultScratchBase()): string {
  mkdirSync(base, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(base)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(base, name), { recursive: true, force: true });
  }
  return mkdtempSync(join(base, `${process.pid}-`));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Print one HTML edition to PDF with a browser of its own. */
export async function printPdf(html: string, opts: PrintOptions): Promise<Uint8Array> {
  const session = await PrintSession.open({ browserPath: opts.browserPath });
  try {
    return await session.print(html, opts);
  } finally {
    await session.close();
  }
}
