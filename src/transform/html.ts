import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Source } from '../parse/index.js';
import { provenanceParams, type ProvenanceOptions } from '../package/provenance.js';
import { editorialParams, type EditorialOptions } from './editorial.js';
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
    },
  });
}

function link(name: string | undefined): string {
  return name && SAFE_FILE_NAME.test(name) ? encodeURIComponent(name) : '';
}
