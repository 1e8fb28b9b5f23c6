import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import type { CslItem } from './csl.js';

// citation-js is CommonJS; its plugins register themselves with the core when loaded.
const require = createRequire(import.meta.url);
const { Cite, plugins } = require('@citation-js/core') as CiteModule;
require('@citation-js/plugin-csl');

interface CiteInstance {
  format(kind: string, options?: Record<string, unknown>): string;
}
interface CiteModule {
  Cite: new (data: unknown, options?: Record<string, unknown>) => CiteInstance;
  plugins: { config: { get(name: string): { templates: { add(name: string, xml: string): void }; locales: { add(name: string, xml: string): void } } } };
}

/** The three styles diwan suggests citations in, each a CSL file shipped in csl/ (csl/NOTICE.md). */
export const STYLES = [
  { key: 'chicago', label: 'Chicago', file: 'chicago-notes-bibliography.csl' },
  { key: 'mla', label: 'MLA', file: 'modern-language-association.csl' },
  { key: 'apa', label: 'APA', file: 'apa.csl' },
] as const;
export type StyleKey = (typeof STYLES)[number]['key'];

let registered = false;
/** Registers the shipped styles and locale with citation-js once (it would otherwise use its own APA and fetch nothing else). */
function register(): void {
  if (registered) return;
  const config = plugins.config.get('@csl');
  for (const s of STYLES) config.templates.add(`diwan-${s.key}`, readFileSync(join(packageRoot, 'csl', s.file), 'utf8'));
  config.locales.add('en-US', readFileSync(join(packageRoot, 'csl', 'locales-en-US.xml'), 'utf8'));
  registered = true;
}

/** A locator of a passage: a CSL locator type ("paragraph", "line", …) and its value. */
export interface Locator {
  label: string;
  value: string;
}

/** What one style makes of an item: the reference-list entry, and the note or in-text citation. */
export interface Formatted {
  style: StyleKey;
  label: string;
  /** The bibliography (reference list / works cited) entry, HTML and text. */
  entry: { html: string; text: string };
  /** The citation in the text (MLA, APA) or the note (Chicago), with the locator if any. */
  cite: { html: string; text: string };
}

/** One item in the three styles, through citeproc-js (citation-js's CSL plugin), in en-US. */
export function formatItem(item: CslItem, locator?: Locator): Formatted[] {
  register();
  const cite = new Cite([item], { forceType: '@csl/list+object' });
  const entry = locator ? { id: item.id, locator: locator.value, label: locator.label } : { id: item.id };
  return STYLES.map((s) => {
    const template = `diwan-${s.key}`;
    // One run per form, in HTML; the text is that HTML's text (citeproc-js's text format gives the
    // same characters, and formatting is most of a build's citation cost).
    const entryHtml = cite.format('bibliography', { template, lang: 'en-US', format: 'html' }).trim();
    const citeHtml = cite.format('citation', { template, lang: 'en-US', format: 'html', entry: [entry] }).trim();
    return { style: s.key, label: s.label, entry: { html: entryHtml, text: textOfHtml(entryHtml) }, cite: { html: citeHtml, text: textOfHtml(citeHtml) } };
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

/** The text of citeproc-js's HTML: tags dropped, character references decoded, white space as in its text format. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m),
    )
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}
