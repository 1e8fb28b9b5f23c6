import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { defaultCacheDir, markUsed, pruneCache } from '../cache.js';
import { packageRoot } from '../paths.js';
import type { CslItem } from './csl.js';

const require = createRequire(import.meta.url);

let citeModule: CiteModule | undefined;
/** citation-js, loaded on first use (a build whose citations all come from the cache never loads it). */
function citation(): CiteModule {
  if (!citeModule) {
    // citation-js is CommonJS; its plugins register themselves with the core when loaded.
    citeModule = require('@citation-js/core') as CiteModule;
    require('@citation-js/plugin-csl');
    indexMacros(createRequire(require.resolve('@citation-js/plugin-csl'))('citeproc') as CiteprocModule);
  }
  return citeModule;
}

interface XmlNode {
  name?: string;
  attrs?: Record<string, string>;
  children?: unknown[];
}
interface CiteprocModule {
  XmlJSON: { prototype: { dataObj?: XmlNode; getNodesByName(obj: XmlNode, name: string, attr?: string, ret?: unknown[]): XmlNode[] } };
}

/**
 * citeproc-js (2.4) looks a macro up by walking the whole style tree at every use of it while it
 * builds an engine, and macros are expanded at every call site: building the engine for
 * Chicago's notes style took 3.4 s, APA's 2.1 s (decision 0012), most of it in that walk. The
 * lookup is answered here from an index of the style's macros by name, made by citeproc's own
 * walk once per style tree and made again whenever the tree's top level changes (macros are
 * top-level elements in CSL). Everything else is citeproc's. The output is the same as without the
 * index (test/cite-format.test.ts compares them); DIWAN_CITEPROC_PLAIN=1 turns it off.
 */
function indexMacros(csl: CiteprocModule): void {
  if (process.env.DIWAN_CITEPROC_PLAIN === '1') return;
  const proto = csl.XmlJSON.prototype;
  const walk = proto.getNodesByName;
  const indexes = new WeakMap<XmlNode, { top: number; byName: Map<string, XmlNode[]> }>();
  proto.getNodesByName = function (obj, name, attr, ret) {
    if (name !== 'macro' || !attr || ret || !obj || obj !== this.dataObj || !Array.isArray(obj.children)) return walk.call(this, obj, name, attr, ret);
    let index = indexes.get(obj);
    if (!index || index.top !== obj.children.length) {
      const byName = new Map<string, XmlNode[]>();
      for (const m of walk.call(this, obj, 'macro')) {
        const key = m.attrs?.name ?? '';
        byName.set(key, [...(byName.get(key) ?? []), m]);
      }
      index = { top: obj.children.length, byName };
      indexes.set(obj, index);
    }
    return [...(index.byName.get(attr) ?? [])];
  };
}

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

let shipped: { styles: string[]; locale: string; hash: string } | undefined;
/** The shipped CSL styles and locale, and a hash of them and of citeproc-js's version (the cache key's part). */
function shippedStyles(): { styles: string[]; locale: string; hash: string } {
  if (!shipped) {
    const styles = STYLES.map((s) => readFileSync(join(packageRoot, 'csl', s.file), 'utf8'));
    const locale = readFileSync(join(packageRoot, 'csl', 'locales-en-US.xml'), 'utf8');
    const citeproc = JSON.parse(readFileSync(createRequire(require.resolve('@citation-js/plugin-csl')).resolve('citeproc/package.json'), 'utf8')) as {
      version: string;
    };
    const hash = createHash('sha256');
    for (const part of [CACHE_FORMAT, citeproc.version, ...styles, locale]) hash.update(part).update('\0');
    shipped = { styles, locale, hash: hash.digest('hex') };
  }
  return shipped;
}
const CACHE_FORMAT = 'diwan-cite-1';

let registered = false;
/** Registers the shipped styles and locale with citation-js once (it would otherwise use its own APA and fetch nothing else). */
function register(): void {
  if (registered) return;
  const config = citation().plugins.config.get('@csl');
  const { styles, locale } = shippedStyles();
  for (const [i, s] of STYLES.entries()) config.templates.add(`diwan-${s.key}`, styles[i]!);
  config.locales.add('en-US', locale);
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

export interface FormatOptions {
  /** Where formatted citations are kept between runs (default: diwan's cache folder); false: not kept. */
  cacheDir?: string | false;
}

/**
 * One item in the three styles, through citeproc-js (citation-js's CSL plugin), in en-US. The
 * result is kept in the cache folder under a hash of the item, the locator, the shipped styles and
 * citeproc-js's version: building citeproc's engines for the three styles costs seconds per process
 * (decision 0012), formatting an item milliseconds, and most builds format what an earlier one did.
 */
export function formatItem(item: CslItem, locator?: Locator, opts: FormatOptions = {}): Formatted[] {
  const dir = opts.cacheDir === false ? undefined : join(opts.cacheDir ?? defaultCacheDir(), 'cite');
  const key = createHash('sha256')
    .update(shippedStyles().hash)
    .update(JSON.stringify([item, locator ?? null]))
    .digest('hex');
  const file = dir ? join(dir, `${key}.json`) : undefined;
  if (file) {
    try {
      const kept = JSON.parse(readFileSync(file, 'utf8')) as Formatted[];
      if (Array.isArray(kept) && kept.length === STYLES.length) {
        markUsed(file);
        return kept;
      }
    } catch {
      // not kept yet, or unreadable: format it
    }
  }
  const formatted = formatFresh(item, locator);
  if (dir && file) {
    try {
      mkdirSync(dir, { recursive: true });
      // Written whole, then renamed: a parallel build never reads half a file.
      const tmp = `${file}.${process.pid}-${threadId}.tmp`;
      writeFileSync(tmp, JSON.stringify(formatted));
      renameSync(tmp, file);
      pruneCache(dir);
    } catch {
      // a read-only cache folder costs time, not correctness
    }
  }
  return formatted;
}

function formatFresh(item: CslItem, locator?: Locator): Formatted[] {
  register();
  const { Cite } = citation();
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
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? m),
    )
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}
