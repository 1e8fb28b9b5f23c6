import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, runStylesheet } from './saxon.js';

let style: { css: string; hash: string } | undefined;

/** The edition CSS and the CSP hash that allows exactly it (read once). */
export function editionStyle(): { css: string; hash: string } {
  if (!style) {
    const css = readFileSync(join(packageRoot, 'xslt', 'html', 'edition.css'), 'utf8');
    style = { css, hash: `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}` };
  }
  return style;
}

/** The HTML edition of a checked TEI document: one self-contained page without scripts. */
export interface HtmlOptions {
  baseUri?: string;
  /** File names of the edition's other files, linked from the header (only plain relative names). */
  downloads?: { tei?: string; text?: string; pdf?: string };
}

const SAFE_FILE_NAME = /^[\w][\w.-]*$/;

export function toHtml(sourceText: string, opts: HtmlOptions = {}): string {
  const { css, hash } = editionStyle();
  return runStylesheet('html', {
    sourceText,
    baseUri: opts.baseUri,
    params: {
      css,
      'csp-style-hash': hash,
      'download-tei': link(opts.downloads?.tei),
      'download-text': link(opts.downloads?.text),
      'download-pdf': link(opts.downloads?.pdf),
    },
  });
}

function link(name: string | undefined): string {
  return name && SAFE_FILE_NAME.test(name) ? encodeURIComponent(name) : '';
}
