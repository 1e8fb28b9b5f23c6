import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Source } from '../parse/index.js';
import { provenanceParams, type ProvenanceOptions } from '../package/provenance.js';
import { editorialParams, type EditorialOptions } from './editorial.js';
import type { CitePage } from '../cite/page.js';
import { packageRoot, runStylesheet, type CompiledStylesheet, type StylesheetResult } from './saxon.js';

let style: { css: string; hash: string } | undefined;
let editorial: { css: string; hash: string } | undefined;

/** The edition CSS and the CSP hash that allows exactly it (read once). */
export function editionStyle(): { css: string; hash: string } {
  if (!style) {
    const css = readFileSync(join(packageRoot, 'xslt', 'html', 'edition.css'), 'utf8');
    style = { css, hash: cspHash(css) };
  }
  return style;
}

/** The CSS of the editorial layer (signs, readings, apparatus, legend): its own <style>, only on pages that need it. */
export function editorialStyle(): { css: string; hash: string } {
  if (!editorial) {
    const css = readFileSync(join(packageRoot, 'xslt', 'html', 'editorial.css'), 'utf8');
    editorial = { css, hash: cspHash(css) };
  }
  return editorial;
}

let cite: { js: string; jsHash: string; css: string; cssHash: string } | undefined;

/** The cite control's script and style (xslt/html/cite.js, cite.css), with the CSP hashes that allow exactly them; only pages with citations carry them. */
export function citeAssets(): { js: string; jsHash: string; css: string; cssHash: string } {
  if (!cite) {
    const read = (name: string) => readFileSync(join(packageRoot, 'xslt', 'html', name), 'utf8');
    const js = read('cite.js');
    const css = read('cite.css');
    cite = { js, jsHash: cspHash(js), css, cssHash: cspHash(css) };
  }
  return cite;
}

export function cspHash(css: string): string {
  return `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
}

/** The HTML edition of a checked TEI document: one self-contained page without scripts. */
export interface HtmlOptions extends EditorialOptions {
  /** File names of the edition's other files, linked from the header (only plain relative names). */
  downloads?: { tei?: string; text?: string; pdf?: string };
  /** A project stylesheet to run instead of diwan's html.xsl (it imports diwan's). */
  stylesheet?: CompiledStylesheet;
  /** Project CSS, added after diwan's (the CSP hash covers both). */
  css?: string;
  /** The page the PDF is printed from (xslt/html/print.xsl), not the screen page. */
  print?: boolean;
  /** What the colophon and the meta tags state (default: the TEI's own hash, no source.txt). */
  provenance?: ProvenanceOptions;
  /**
   * The suggested citations, reference-manager metadata and cite control (src/cite citePage):
   * without them the page has only the header's own citation line and no script.
   */
  cite?: CitePage;
  /** Images the edition carries: @url as written → the address the page loads (src/edition/media.ts). */
  images?: Record<string, string>;
}

const SAFE_FILE_NAME = /^[\w][\w.-]*$/;

export function toHtml(source: Source, opts: HtmlOptions = {}): StylesheetResult {
  const base = editionStyle();
  const css = opts.css ? `${base.css}\n${opts.css}` : base.css;
  const extra = editorialStyle();
  return runStylesheet(opts.stylesheet ?? 'html', source, {
    params: {
      ...provenanceParams(source, opts.provenance),
      css,
      'csp-style-hash': opts.css ? cspHash(css) : base.hash,
      'editorial-css': extra.css,
      'editorial-csp-hash': extra.hash,
      'download-tei': link(opts.downloads?.tei),
      'download-text': link(opts.downloads?.text),
      'download-pdf': link(opts.downloads?.pdf),
      print: opts.print ?? false,
      ...editorialParams(opts),
      ...citeParams(opts.cite),
      'Q{urn:diwan}images': opts.images ?? {},
    },
  });
}

function citeParams(page: CitePage | undefined): Record<string, string> {
  if (!page) return { cite: '', 'cite-script': '', 'csp-script-hash': '', 'cite-css': '', 'cite-css-hash': '' };
  const safe = (name: string) => link(name) || '';
  const downloads = { bib: safe(page.downloads.bib), ris: safe(page.downloads.ris), csl: safe(page.downloads.csl) };
  // The page's own data for the script: "<" escaped, as it stands inside a <script> element.
  const data = JSON.stringify({ base: page.base, styles: page.styles.map((s) => ({ key: s.key, label: s.label })), units: page.units }).replace(
    /</g,
    '\\u003c',
  );
  const a = citeAssets();
  return {
    cite: JSON.stringify({ ...page, downloads, data }),
    'cite-script': a.js,
    'csp-script-hash': a.jsHash,
    'cite-css': a.css,
    'cite-css-hash': a.cssHash,
  };
}

function link(name: string | undefined): string {
  return name && SAFE_FILE_NAME.test(name) ? encodeURIComponent(name) : '';
}
