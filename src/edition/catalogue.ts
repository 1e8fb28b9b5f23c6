import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import { dirOf } from '../transform/bcp47.js';
import type { BuildResult } from './build.js';

export interface CatalogueEntry {
  slug: string;
  title: string;
  /** BCP 47 tag of the title's language. */
  lang: string;
  date?: string;
  files: { label: string; href: string }[];
}

const CSS = `body{font-family:"Noto Serif","Amiri",serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}li{margin:0 0 1rem}a{color:#0645ad}.files{font-size:.9rem}.date{color:#555}`;

const LABELS: Record<string, string> = { html: 'HTML', text: 'Text', tei: 'TEI', pdf: 'PDF' };
const CITE_LABELS: Record<string, string> = { '.bib': 'BibTeX', '.ris': 'RIS', '.csl.json': 'CSL-JSON' };

/** The catalogue's line for a built edition, read off its metadata record. */
export function catalogueEntry(result: BuildResult): CatalogueEntry {
  const record = result.record;
  return {
    slug: result.slug,
    title: record?.title.text ?? result.slug,
    lang: record?.title.lang || record?.lang || 'und',
    date: record?.date ?? undefined,
    files: result.artifacts.map((a) => ({
      label: a.format === 'cite' ? (CITE_LABELS[a.name.slice(a.name.indexOf('.'))] ?? a.name) : (LABELS[a.format] ?? a.format),
      href: a.name,
    })),
  };
}

/**
 * `dist/index.html`: the list of the editions a build wrote (`links`: the site's other pages), so a folder of editions can be
 * browsed. Built with xmlbuilder2, which escapes every title and link for us; HTML5's syntax
 * only differs from XML here in the doctype and in never self-closing a non-void element.
 */
export function catalogueHtml(entries: CatalogueEntry[], links: { href: string; label: string }[] = []): string {
  const hash = `sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}`;
  const doc = create().ele('html').att('lang', 'en').att('dir', 'ltr');
  const head = doc.ele('head');
  head.ele('meta').att('charset', 'utf-8');
  head.ele('meta').att('http-equiv', 'Content-Security-Policy').att('content', `default-src 'none'; style-src '${hash}'; base-uri 'none'; form-action 'none'`);
  head.ele('meta').att('name', 'viewport').att('content', 'width=device-width, initial-scale=1');
  head.ele('title').txt('diwan editions');
  head.ele('style').txt(CSS);
  const main = doc.ele('body').ele('main');
  main.ele('h1').txt('Editions');
  // The site's other pages (a corpus build's registers and search), relative links only.
  if (links.length > 0) {
    const nav = main.ele('p').att('class', 'site');
    links.forEach((l, i) => {
      if (i > 0) nav.txt(' · ');
      nav.ele('a').att('href', encodeURI(l.href)).txt(l.label);
    });
  }
  const list = main.ele('ul');
  for (const e of entries) {
    const item = list.ele('li');
    item
      .ele('a')
      .att('href', `${encodeURIComponent(e.slug)}/index.html`)
      .att('lang', e.lang)
      .att('dir', dirOf(e.lang))
      .txt(e.title || e.slug);
    if (e.date) item.ele('span').att('class', 'date').txt(` (${e.date})`);
    const files = item.ele('div').att('class', 'files');
    files.txt('Files: ');
    e.files.forEach((f, i) => {
      if (i > 0) files.txt(' · ');
      files
        .ele('a')
        .att('href', `${encodeURIComponent(e.slug)}/${encodeURIComponent(f.href)}`)
        .txt(f.label);
    });
  }
  return `<!DOCTYPE html>\n${doc.end({ headless: true, prettyPrint: false })}\n`;
}
