import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AMIRI, fontFaceCss, HEBREW, NASKH, SERIF, SYRIAC, type FontPackage } from './fonts.js';
import type { PdfMeta } from './metadata.js';
import { dirOf } from '../transform/bcp47.js';

export { dirOf };

export type Paper = 'A4' | 'Letter';

const here = dirname(fileURLToPath(import.meta.url));
/** print.css lives in src/print; from lib/print (built) it is found through the package root. */
function printCss(): string {
  for (const file of [join(here, 'print.css'), join(here, '..', '..', 'src', 'print', 'print.css')]) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      /* try the next place */
    }
  }
  throw new Error('src/print/print.css is missing from the package');
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
  const row = (label: string, value: string | undefined) =>
    value ? `<dt>${label}</dt><dd dir="auto">${escapeHtml(value)}</dd>` : '';
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
 * The HTML edition made ready for print: its CSP relaxed for data: fonts, the print
 * stylesheet with the embedded fonts added last (so it wins over the screen styles),
 * and a title page from the TEI header put first.
 */
export function printHtml(html: string, opts: PrintPageOptions): string {
  const paper = opts.paper ?? 'A4';
  const fonts = (opts.fonts ?? [AMIRI, NASKH, SERIF, HEBREW, SYRIAC]).map(fontFaceCss).join('\n');
  const style = `<style>\n${fonts}\n${printCss()}\n@page { size: ${paper === 'Letter' ? 'letter' : 'A4'}; @top-center { content: ${cssString(opts.meta.title)}; } }\n${opts.extraCss ?? ''}\n</style>`;
  let out = html.replace(/<meta\s+http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/gi, '');
  const csp = `<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">`;
  out = /<head\b[^>]*>/i.test(out) ? out.replace(/<head\b[^>]*>/i, (m) => `${m}${csp}`) : `${csp}${out}`;
  out = /<\/head\s*>/i.test(out) ? out.replace(/<\/head\s*>/i, `${style}</head>`) : `${style}${out}`;
  out = /<body\b[^>]*>/i.test(out) ? out.replace(/<body\b[^>]*>/i, (m) => `${m}${titlePage(opts.meta)}`) : out;
  return out;
}

/**
 * Run in the print page once it is loaded (via the DevTools protocol: the page's CSP
 * forbids its own scripts, not this). It puts paragraph numbers into the margin and
 * replaces each register back-link by the number of the paragraph holding the mention:
 * Chromium has no target-counter(), so a page number cannot be had without a second pass.
 */
export const PREPARE_DOM = String.raw`(() => {
  const byId = (h) => { try { return document.getElementById(decodeURIComponent(h.slice(1))); } catch { return null; } };
  // The HTML edition's own header already holds title, source, licence and citation:
  // it becomes the title page, and the one built from PdfMeta is only a fallback.
  const header = document.querySelector('header.edition-header, body > header');
  const generated = document.querySelector('.diwan-print-title-page[data-generated]');
  if (header && generated) { generated.remove(); header.classList.add('diwan-print-title-page'); }
  let numbered = 0;
  const number = (b, n) => { b.setAttribute('data-print-n', n); numbered++; };
  for (const b of document.querySelectorAll('[data-n], [n]')) {
    const n = b.getAttribute('data-n') ?? b.getAttribute('n');
    if (n) number(b, n);
  }
  // diwan's HTML edition: <p id="p3"><a class="pn" href="#p3">3</a> …
  for (const pn of document.querySelectorAll('a.pn, .pn')) {
    const b = pn.parentElement;
    if (!b) continue;
    if (!b.hasAttribute('data-print-n')) number(b, pn.textContent.trim());
    pn.classList.add('diwan-print-hide');
  }
  const NAMES = ['mention', 'persName', 'placeName', 'orgName', 'rs', 'roleName', 'name'];
  const mentions = [...document.querySelectorAll('a[href^="#"]')].filter((a) => NAMES.some((c) => a.classList.contains(c)));
  const entries = new Set();
  for (const m of mentions) { const e = byId(m.getAttribute('href')); if (e && !e.closest('.diwan-print-title-page')) entries.add(e); }
  // Mentions nested inside another mention are spans without href: their entries are found by class.
  for (const e of document.querySelectorAll('.entry[id]')) entries.add(e);
  let backlinks = 0;
  for (const entry of entries) {
    const seen = new Set();
    for (const a of entry.querySelectorAll('a[href^="#"]')) {
      const target = byId(a.getAttribute('href'));
      if (!target || entry.contains(target) || entries.has(target)) continue;
      const block = target.closest('[data-print-n]') ?? target.closest('[id]:not(a):not(span)');
      if (!block) continue;
      const n = block.getAttribute('data-print-n');
      const label = n ? '¶\u00a0' + n : (a.textContent.replace(/^[\s↑]+/, '').trim() || block.id);
      a.textContent = label;
      a.classList.add('diwan-print-backlink');
      a.setAttribute('dir', 'ltr');
      if (seen.has(label)) {
        // Two mentions in one paragraph print as one reference; drop its separator with it.
        const before = a.previousSibling;
        if (before && before.nodeType === 3 && /^[\s,]*$/.test(before.textContent)) before.remove();
        a.hidden = true;
      }
      seen.add(label);
      backlinks++;
    }
  }
  // The end matter is the outermost container of the entries that holds no numbered text.
  const ends = new Set();
  for (const entry of entries) {
    let top = entry;
    while (top.parentElement && top.parentElement !== document.body && !top.parentElement.querySelector('[data-print-n]')) top = top.parentElement;
    if (top !== entry || top.parentElement === document.body) ends.add(top);
  }
  for (const e of ends) e.classList.add('diwan-print-endmatter');
  // None of the embedded fonts has arrows; in the edition's own furniture (registers,
  // header, labels) they become marks the fonts have, so no system font is pulled in.
  const ARROWS = { '←': '‹', '→': '›', '↑': '^', '↓': 'v', '↔': '–' };
  const text = document.querySelector('article, main');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (text && text.contains(t) && !t.parentElement.closest('.diwan-print-endmatter')) continue;
    if (/[←-↔]/.test(t.data)) t.data = t.data.replace(/[←-↔]/g, (c) => ARROWS[c]);
  }
  return { numbered, entries: entries.size, backlinks, endmatter: ends.size, titlePage: header && generated ? 'edition-header' : 'generated' };
})()`;
