import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { fold, foldChar } from '../encode/fold.js';
import { tempBeside, writeFileAtomic } from '../write/atomic.js';
import type { Manifest } from './manifest.js';
import { searchPage, SEARCH_SCRIPT, searchScript } from './search-page.js';

export const SEARCH_PAGE = 'search.html';
export const SEARCH_DIR = 'pagefind';
/** Inside the search folder: what it was made from, so an unchanged site is not indexed again. */
const KEY_FILE = '.diwan-search-key';

/** What the site's pages are made from: the build's fingerprint and every edition's inputs. */
export function siteKey(manifest: Manifest): string {
  const slugs = Object.keys(manifest.editions).sort();
  return createHash('sha256')
    .update(JSON.stringify([manifest.fingerprint, slugs.map((s) => [s, manifest.editions[s]!.inputs])]))
    .digest('hex');
}

/** The language most editions are in (primary subtag): the index is one language, so one search page finds every edition. */
export function indexLanguage(manifest: Manifest): string {
  const counts = new Map<string, number>();
  for (const e of Object.values(manifest.editions)) {
    const l = (e.entry.lang || 'und').split('-')[0]!.toLowerCase();
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'und';
}

/**
 * Words of a page whose folded form differs (أحمد → احمد, الـــقاهرة → القاهرة, مُحاضرة → محاضره): they
 * are indexed folded too, and the search page folds the query, so a search matches whatever the
 * spelling on either side — also in editions whose language's stemmer does not normalise Arabic
 * (Pagefind's Arabic one does; an English-language index does not).
 */
export function foldedWords(text: string): string[] {
  const out = new Set<string>();
  for (const w of text.split(/[\s\p{P}\p{S}]+/u)) {
    if (!w) continue;
    const f = fold(w);
    if (f && f !== w.toLowerCase()) out.add(f);
  }
  return [...out];
}

function plainText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi, (_m, d, h, n) =>
      d
        ? String.fromCodePoint(Number(d))
        : h
          ? String.fromCodePoint(Number.parseInt(h, 16))
          : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[n.toLowerCase()]!,
    );
}

/**
 * The full-text search of the site: a Pagefind index of every edition's HTML page (OUT/pagefind/,
 * made in a staged folder that then takes its place, so a kill leaves the old index or the new) and
 * OUT/search.html with its script. Not made again when no edition changed. Returns warnings (no
 * Pagefind binary for this platform) rather than failing the build.
 */
export async function writeSearch(out: string, manifest: Manifest): Promise<Finding[]> {
  const slugs = Object.keys(manifest.editions).sort();
  const lang = indexLanguage(manifest);
  const key = createHash('sha256')
    .update(`${siteKey(manifest)} ${lang}`)
    .digest('hex');
  const dir = join(out, SEARCH_DIR);
  const pageFile = join(out, SEARCH_PAGE);
  const pages = () => {
    writeFileAtomic(join(out, SEARCH_SCRIPT), searchScript(foldChar, fold));
    writeFileAtomic(pageFile, searchPage(lang));
  };
  try {
    if (readFileSync(join(dir, KEY_FILE), 'utf8') === key && existsSync(pageFile)) {
      pages();
      return [];
    }
  } catch {
    // no index yet
  }
  let pagefind: typeof import('pagefind');
  try {
    pagefind = await import('pagefind');
  } catch (err) {
    return [warning(out, `the search index was not made: Pagefind cannot be loaded (${(err as Error).message})`)];
  }
  const staged = tempBeside(dir, 'new');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: lang });
    if (!index) return [warning(out, `the search index was not made: ${errors.join('; ')}`)];
    for (const slug of slugs) {
      const e = manifest.editions[slug]!;
      if (!e.files.includes('index.html')) continue;
      const html = readFileSync(join(out, slug, 'index.html'), 'utf8');
      const text = e.files.find((f) => f.endsWith('.txt'));
      const words = foldedWords(text ? readFileSync(join(out, slug, text), 'utf8') : plainText(html));
      // Given to the indexer only; the page on disk is not changed.
      const content = words.length ? html.replace(/<\/body>/i, `<div data-diwan-folded="">${words.join(' ')}</div></body>`) : html;
      const added = await index.addHTMLFile({ url: `/${encodeURIComponent(slug)}/index.html`, content });
      if (added.errors.length) return [warning(join(out, slug, 'index.html'), `the search index was not made: ${added.errors.join('; ')}`)];
    }
    const written = await index.writeFiles({ outputPath: staged });
    if (written.errors.length) return [warning(out, `the search index was not made: ${written.errors.join('; ')}`)];
    writeFileAtomic(join(staged, KEY_FILE), key);
    const aside = existsSync(dir) ? tempBeside(dir, 'old') : null;
    if (aside) renameSync(dir, aside);
    renameSync(staged, dir);
    if (aside) rmSync(aside, { recursive: true, force: true });
    pages();
    return [];
  } catch (err) {
    return [warning(out, `the search index was not made: ${(err as Error).message.split('\n')[0]}`)];
  } finally {
    rmSync(staged, { recursive: true, force: true });
    await pagefind.close();
  }
}

function warning(file: string, message: string): Finding {
  return { file, line: 0, col: 0, severity: 'warning', rule: 'search', message };
}
