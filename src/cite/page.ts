import type { EditionRecord } from '../transform/metadata.js';
import { editionItem, sourceItem, type CslItem } from './csl.js';
import { bibtexOf, cslJsonOf, risOf } from './exports.js';
import { formatItem, STYLES, type FormatOptions, type Formatted, type Locator } from './format.js';
import { isolatedText, LOCATOR_SLOT, safeHtml, URL_SLOT } from './rich.js';
import type { CitationTree } from './types.js';
import { dirOf } from '../transform/bcp47.js';

/** CSL locator types for the cite types of citation trees (others are cited by their address alone). */
const LOCATORS: Record<string, string> = {
  paragraph: 'paragraph',
  p: 'paragraph',
  line: 'line',
  l: 'line',
  verse: 'verse',
  chapter: 'chapter',
  act: 'act',
  scene: 'scene',
  section: 'section',
  book: 'book',
  volume: 'volume',
  page: 'page',
  column: 'column',
  part: 'part',
  figure: 'figure',
  note: 'note',
  poem: 'section',
  letter: 'section',
  entry: 'section',
};

/** What the HTML page and the text edition say about citing the edition (see citePage). */
export interface CitePage {
  styles: { key: string; label: string; edition: Formatted; source?: Formatted }[];
  /** Per style, kind of passage and with or without an address: the citation with slots for locator and URL. */
  templates: { id: string; primary: string; secondary: string }[];
  /** The passages the page offers a "cite" control for: their HTML anchor, template kind, locator and a label. */
  units: { anchor: string; kind: string; locator: string | null; label: string }[];
  /** The edition's own address, when the header gives one (else the page uses its own). */
  base: string | null;
  /** Highwire Press and Dublin Core meta elements for reference managers. */
  meta: [string, string][];
  /** schema.org JSON-LD: the edition as a CreativeWork based on its source. */
  jsonld: string;
  downloads: { bib: string; ris: string; csl: string };
  /** The suggested citations as lines for the plain-text edition (right-to-left runs isolated). */
  textLines: string[];
}

export interface CiteFiles {
  page: CitePage;
  /** The reference-manager files, by name: <slug>.bib, <slug>.ris, <slug>.csl.json. */
  files: { name: string; mediaType: string; data: string }[];
}

/**
 * Everything diwan says about citing an edition, from its one metadata record and its citation
 * tree: the edition and its source in Chicago, MLA and APA (citeproc-js with the shipped CSL
 * styles), one template per style and kind of passage for the page's cite control, the meta
 * elements and JSON-LD reference managers read, and the BibTeX, RIS and CSL-JSON files.
 */
export function citeFiles(record: EditionRecord, slug: string, tree: CitationTree | undefined, opts: { pdf?: string } & FormatOptions = {}): CiteFiles {
  const rtl = [record.title.lang, record.lang].find((l) => l && dirOf(l) === 'rtl') ?? null;
  const marked = editionItem(record, slug, true);
  const edition = formatItem(marked, undefined, opts);
  const sourceMarked = sourceItem(record, slug, true);
  const source = sourceMarked ? formatItem(sourceMarked, undefined, opts) : undefined;
  const html = (f: Formatted): Formatted => ({
    ...f,
    entry: { html: safeHtml(f.entry.html, rtl), text: isolatedText(f.entry.text) },
    cite: { html: safeHtml(f.cite.html, rtl), text: isolatedText(f.cite.text) },
  });
  const styles = STYLES.map((s, i) => ({ key: s.key, label: s.label, edition: html(edition[i]!), source: source ? html(source[i]!) : undefined }));

  const units: CitePage['units'] = [];
  const kinds = new Set<string>();
  for (const u of tree?.units ?? []) {
    if (!u.anchor) continue;
    const label = LOCATORS[u.citeType.toLowerCase()];
    const kind = label && u.n ? label : 'none';
    kinds.add(kind);
    units.push({ anchor: u.anchor, kind, locator: kind === 'none' ? null : u.n, label: `${u.citeType}${u.n ? ` ${u.n}` : ` “${u.identifier}”`}` });
  }
  const templates: CitePage['templates'] = [];
  for (const kind of [...kinds].sort()) {
    for (const withUrl of [true, false]) {
      const item: CslItem = { ...marked, URL: withUrl ? URL_SLOT : undefined };
      if (!withUrl) delete item.URL;
      const locator: Locator | undefined = kind === 'none' ? undefined : { label: kind, value: LOCATOR_SLOT };
      const formatted = formatItem(item, locator, opts);
      for (const [i, s] of STYLES.entries()) {
        const f = formatted[i]!;
        // Chicago's note carries everything and the locator; MLA and APA cite the entry, and the locator in the text.
        const [primary, secondary] = s.key === 'chicago' ? [f.cite.html, f.entry.html] : [f.entry.html, f.cite.html];
        templates.push({ id: templateId(s.key, kind, withUrl), primary: safeHtml(primary, rtl), secondary: safeHtml(secondary, rtl) });
      }
    }
  }

  const plainItems = [editionItem(record, slug), sourceItem(record, slug)].filter((x): x is CslItem => x !== undefined);
  const downloads = { bib: `${slug}.bib`, ris: `${slug}.ris`, csl: `${slug}.csl.json` };
  const page: CitePage = {
    styles,
    templates,
    units,
    base: record.url,
    meta: metaOf(record, opts.pdf),
    jsonld: jsonLdOf(record, plainItems[0]!, plainItems[1]),
    downloads,
    textLines: [
      'Suggested citations (styles of the Citation Style Language project, citationstyles.org):',
      ...styles.map((s) => `  ${s.label}: ${s.edition.entry.text}`),
      ...(source ? ['The source:', ...styles.map((s) => `  ${s.label}: ${s.source!.entry.text}`)] : []),
      `Reference files: ${downloads.bib} (BibTeX), ${downloads.ris} (RIS), ${downloads.csl} (CSL-JSON)`,
    ],
  };
  return {
    page,
    files: [
      { name: downloads.bib, mediaType: 'application/x-bibtex', data: bibtexOf(plainItems) },
      { name: downloads.ris, mediaType: 'application/x-research-info-systems', data: risOf(plainItems) },
      { name: downloads.csl, mediaType: 'application/vnd.citationstyles.csl+json', data: cslJsonOf(plainItems) },
    ],
  };
}

export function templateId(style: string, kind: string, withUrl: boolean): string {
  return `cite-t-${style}-${kind}-${withUrl ? 'url' : 'plain'}`;
}

/** yyyy-mm-dd → yyyy/mm/dd, as Highwire Press (Google Scholar) wants dates. */
const slashed = (d: string) => d.replace(/-/g, '/');

function metaOf(record: EditionRecord, pdf?: string): [string, string][] {
  const m: [string, string][] = [['citation_title', record.title.text]];
  for (const a of record.authors) m.push(['citation_author', a]);
  if (record.date) m.push(['citation_publication_date', slashed(record.date)], ['citation_date', slashed(record.date)]);
  if (record.publisher) m.push(['citation_publisher', record.publisher]);
  m.push(['citation_language', record.lang]);
  const languages = new Set(record.languages.map((l) => l.ident));
  const keywords = record.keywords.filter((k) => !languages.has(k));
  if (keywords.length) m.push(['citation_keywords', keywords.join('; ')]);
  if (record.url) {
    m.push(['citation_public_url', record.url], ['citation_fulltext_html_url', record.url]);
    if (pdf) m.push(['citation_pdf_url', new URL(pdf, record.url).href]);
  }
  // Dublin Core (the elements set, with its schema link): dcterms.* are written by the page head already.
  m.push(['DC.title', record.title.text]);
  for (const a of record.authors) m.push(['DC.creator', a]);
  for (const e of new Set([...record.editors, ...record.contributors.flatMap((c) => c.names)])) m.push(['DC.contributor', e]);
  if (record.publisher) m.push(['DC.publisher', record.publisher]);
  if (record.date) m.push(['DC.date', record.date]);
  m.push(['DC.language', record.lang], ['DC.type', 'Text'], ['DC.format', 'text/html']);
  if (record.licence.url || record.licence.text) m.push(['DC.rights', record.licence.url ?? record.licence.text!]);
  const id = record.url ?? record.identifiers.find((i) => i.value)?.value;
  if (id) m.push(['DC.identifier', id]);
  for (const s of record.sources) if (s.url) m.push(['DC.source', s.url]);
  return m;
}

function jsonLdOf(record: EditionRecord, edition: CslItem, source: CslItem | undefined): string {
  const agent = (name: string) => ({
    '@type': /\b(project|team|editors|press|society|institute|university|agency)\b/i.test(name) ? 'Organization' : 'Person',
    name,
  });
  const translated = record.titles.find((t) => t.type === 'translated');
  const doc: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    name: record.title.text,
    inLanguage: record.lang,
    genre: edition.genre,
    encodingFormat: 'text/html',
  };
  if (translated) doc.alternateName = { '@value': translated.text, '@language': translated.lang };
  if (record.authors.length) doc.author = record.authors.map(agent);
  const editors = edition.editor?.map((n) => ('literal' in n ? n.literal : `${n.given ?? ''} ${n.family}`.trim()));
  if (editors?.length) doc.editor = editors.map(agent);
  if (record.publisher) doc.publisher = { '@type': 'Organization', name: record.publisher };
  if (record.date) doc.datePublished = record.date;
  if (record.url) doc.url = record.url;
  if (record.licence.url) doc.license = record.licence.url;
  const idno = record.identifiers.find((i) => !/^https?:/i.test(i.value));
  if (idno) doc.identifier = idno.value;
  if (source) {
    const based: Record<string, unknown> = {
      '@type': source.type === 'article-newspaper' ? 'NewsArticle' : source.type.startsWith('article') ? 'Article' : 'CreativeWork',
      headline: source.title,
      name: source.title,
    };
    if (source.language) based.inLanguage = source.language;
    const day = source.issued?.['date-parts'][0];
    if (day) based.datePublished = day.map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-');
    if (source['container-title']) based.publisher = { '@type': 'Organization', name: source['container-title'] };
    if (source.URL) based.url = source.URL;
    doc.isBasedOn = based;
  }
  // "<" escaped: the JSON stands inside a <script> element.
  return JSON.stringify(doc, null, 1).replace(/</g, '\\u003c');
}
