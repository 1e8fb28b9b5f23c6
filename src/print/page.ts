import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AMIRI, fontFaceCss, NASKH, SERIF, type FontPackage } from './fonts.js';
import type { PdfMeta } from './metadata.js';

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

const RTL_LANGS = new Set(['ar', 'fa', 'he', 'yi', 'syr', 'ur', 'ckb', 'dv', 'ps', 'sd', 'ug']);
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg', 'mand', 'samr']);

/** Direction of a BCP 47 tag, by the rule of docs/tei-conventions.md. */
export function dirOf(lang: string): 'rtl' | 'ltr' {
  const [primary = '', ...subtags] = lang.toLowerCase().split('-');
  const script = subtags.find((s) => s.length === 4 && /^[a-z]{4}$/.test(s));
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGS.has(primary) ? 'rtl' : 'ltr';
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
  return `<section class="diwan-print-title-page" lang="${escapeHtml(meta.lang)}" dir="${dir}">
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
  const fonts = (opts.fonts ?? [AMIRI, NASKH, SERIF]).map(fontFaceCss).join('\n');
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
  let numbered = 0;
  for (const b of document.querySelectorAll('[data-n], [n]')) {
    const n = b.getAttribute('data-n') ?? b.getAttribute('n');
    if (!n) continue;
    b.setAttribute('data-print-n', n);
    numbered++;
    for (const m of b.querySelectorAll(':scope > .n, :scope > .para-n, :scope > .pn, :scope > [data-role="n"]')) m.classList.add('diwan-print-hide');
  }
  const NAMES = ['persName', 'placeName', 'orgName', 'rs', 'roleName', 'name'];
  const mentions = [...document.querySelectorAll('a[href^="#"]')].filter((a) => NAMES.some((c) => a.classList.contains(c)));
  const entries = new Set();
  for (const m of mentions) { const e = byId(m.getAttribute('href')); if (e) entries.add(e); }
  let backlinks = 0;
  for (const entry of entries) {
    const seen = new Set();
    for (const a of entry.querySelectorAll('a[href^="#"]')) {
      const target = byId(a.getAttribute('href'));
      if (!target || entry.contains(target) || entries.has(target)) continue;
      const block = target.closest('[data-print-n]') ?? target.closest('[id]:not(a)');
      if (!block) continue;
      const n = block.getAttribute('data-print-n');
      const label = n ? '¶\u00a0' + n : '#' + block.id;
      a.textContent = label;
      a.classList.add('diwan-print-backlink');
      a.setAttribute('dir', 'ltr');
      if (seen.has(label)) a.style.display = 'none';
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
  return { numbered, entries: entries.size, backlinks, endmatter: ends.size };
})()`;
