import type { PdfMeta } from './metadata.js';
import type { Paper } from './page.js';

/**
 * What the build needs of a printer. Declared apart from the Chromium driver so that importing
 * the pipeline never loads playwright: only opening a printer does.
 */
export interface Printer {
  print(html: string, opts: { paper?: Paper; meta: PdfMeta }): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** One Chromium for many documents; throws BrowserNotFoundError when none is installed. */
export async function openPrinter(opts: { browserPath?: string } = {}): Promise<Printer> {
  const { PrintSession } = await import('./index.js');
  return PrintSession.open(opts);
}
