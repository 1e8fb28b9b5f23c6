import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { AMIRI, fontFaceCss, HEBREW, NASKH, SERIF, SYMBOLS, SYRIAC, type FontPackage } from './fonts.js';
import type { PdfMeta } from './metadata.js';
import { dirOf } from '../transform/bcp47.js';

export { dirOf };

export type Paper = 'A4' | 'Letter';

let css: string | undefined;
/** The print stylesheet, shipped beside the edition's screen CSS (xslt/html/), read once. */
function printCss(): string {
  css ??= readFileSync(join(packageRoot, 'xslt', 'html', 'print.css'), 'utf8');
  return css;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** A CSS string literal; `<` is escaped so the text cannot close the <style> element. */
function cssString(s: string): string {
  return `"${s.replace(/[\\"<\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

function titlePage(meta: PdfMeta): string {
  const dir = dirOf(meta.lang);
  const row = (label: string, value: string | undefined) => (value ? `<dt>${label}</dt><dd dir="auto">${escapeHtml(value)}</dd>` : '');
  return `<section class="diwan-print-title-page" data-generated="" lang="${escapeHtml(meta.lang)}" dir="${dir}">
<h1>${escapeHtml(meta.title)}</h1>
${meta.author ? `<p class="author">${escapeHtml(meta.author)}</p>` : ''}
<dl lang="en" dir="ltr">${row('Source', meta.subject)}${row('Publisher', meta.publisher)}${row('Identifier', meta.idno)}${row('Licence', meta.licence)}${row('Suggested citation', meta.citation)}</dl>
</section>`;
}

/** The print page forbids scripts and network like the HTML edition, but admits inline styles and data: fonts. */
const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

export interface PrintPageOptions {
  paper?: Paper;
  meta: PdfMeta;
  /** Fonts to embed; the measurement script swaps the Arabic family. */
  fonts?: FontPackage[];
  /** Extra CSS after print.css (the measurement script uses it to change the Arabic family). */
  extraCss?: string;
}

/**
 * The print page of the HTML edition (made with the stylesheet's print mode) made ready for
 * Chromium: its CSP relaxed for data: fonts, the print stylesheet with the embedded fonts added
 * last (so it wins over the screen styles); HTML without the edition's title page gets one made
 * from the metadata.
 */
export function printHtml(html: string, opts: PrintPageOptions): string {
  const paper = opts.paper ?? 'A4';
  const fonts = (opts.fonts ?? [AMIRI, NASKH, SERIF, HEBREW, SYRIAC, SYMBOLS]).map(fontFaceCss).join('\n');
  const style = `<style>\n${fonts}\n${printCss()}\n@page { size: ${paper === 'Letter' ? 'letter' : 'A4'}; @top-center { content: ${cssString(opts.meta.title)}; } }\n${opts.extraCss ?? ''}\n</style>`;
  let out = html.replace(/<meta\s+http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/gi, '');
  const csp = `<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">`;
  out = /<head\b[^>]*>/i.test(out) ? out.replace(/<head\b[^>]*>/i, (m) => `${m}${csp}`) : `${csp}${out}`;
  out = /<\/head\s*>/i.test(out) ? out.replace(/<\/head\s*>/i, `${style}</head>`) : `${style}${out}`;
  // The edition's own header is the title page (print mode marks it); other HTML gets one from the metadata.
  if (!/class="[^"]*\bdiwan-print-title-page\b/.test(out)) {
    out = /<body\b[^>]*>/i.test(out) ? out.replace(/<body\b[^>]*>/i, (m) => `${m}${titlePage(opts.meta)}`) : out;
  }
  return out;
}

/**
 * Run in the print page once it is loaded, to report what it holds (the tests read it): the
 * print shape itself (margin numbers, paragraph back-links, end matter, title page) is made by
 * the HTML stylesheet's print mode (xslt/html/print.xsl), not by script.
 */
export const PRINT_REPORT = `(() => ({
  numbered: document.querySelectorAll('[data-print-n]').length,
  entries: document.querySelectorAll('.entry').length,
  backlinks: document.querySelectorAll('.diwan-print-backlink').length,
  endmatter: document.querySelectorAll('.diwan-print-endmatter').length,
  titlePage: document.querySelector('.diwan-print-title-page[data-generated]') ? 'generated' : 'edition-header',
}))()`;
