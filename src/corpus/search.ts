import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { fold, foldChar } from '../encode/fold.js';
import { tempBeside, writeFileAtomic } from '../write/atomic.js';
import { shardOf } from './shard.js';
import type { Manifest } from './manifest.js';
import { searchPage, SEARCH_SCRIPT, searchScript } from './search-page.js';

export const SEARCH_PAGE = 'search.html';
export const SEARCH_DIR = 'pagefind';

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

/** Editions per search bucket, and the most buckets: see writeSearch. */
export const BUCKET_EDITIONS = 64;
const MAX_BUCKETS = 16;

/** How many buckets the index of `n` editions is split into (1 up to 64 editions, at most 16). */
export function bucketCount(n: number, size = BUCKET_EDITIONS): number {
  return Math.max(1, Math.min(MAX_BUCKETS, Math.ceil(n / size)));
}

/**
 * A bucket's folder in OUT/pagefind: its number and the start of its key (NN-<key>), so a remade
 * bucket is a new folder beside the old one and search.js switches to it in one atomic write.
 */
function bucketFolder(i: number, key: string): string {
  return `${String(i).padStart(2, '0')}-${key.slice(0, 16)}`;
}

/**
 * The full-text search of the site: Pagefind indexes of every edition's HTML page, split into
 * buckets by a hash of the slug (one up to 64 editions, at most 16), each in OUT/pagefind/NN-<key>/,
 * and OUT/search.html with its script, which searches the first bucket and merges the others into
 * it (Pagefind's mergeIndex). Pagefind cannot update an index, so a changed edition re-indexes only
 * its bucket: ~1/16 of a large corpus. Never half-written: a first index is made whole in a staged
 * folder that takes OUT/pagefind's place; later, a remade bucket is staged and renamed in as a new
 * folder, search.js is rewritten to name it, and only then the old folder goes. Returns warnings
 * (no Pagefind binary for this platform) rather than failing the build.
 */
export async function writeSearch(out: string, manifest: Manifest, opts: { bucketSize?: number } = {}): Promise<Finding[]> {
  const slugs = Object.keys(manifest.editions).sort();
  const lang = indexLanguage(manifest);
  const dir = join(out, SEARCH_DIR);
  const pageFile = join(out, SEARCH_PAGE);
  const count = bucketCount(slugs.length, opts.bucketSize);
  const members: string[][] = Array.from({ length: count }, () => []);
  for (const slug of slugs) members[shardOf(slug, count) - 1]!.push(slug);
  const folders = members.map((list, i) =>
    bucketFolder(
      i,
      createHash('sha256')
        .update(JSON.stringify([manifest.fingerprint, lang, count, list.map((s) => [s, manifest.editions[s]!.inputs])]))
        .digest('hex'),
    ),
  );
  const pages = () => {
    writeFileAtomic(
      join(out, SEARCH_SCRIPT),
      searchScript(
        foldChar,
        fold,
        folders.map((f) => `${SEARCH_DIR}/${f}/`),
      ),
    );
    writeFileAtomic(pageFile, searchPage(lang));
  };
  const first = !existsSync(dir);
  const todo = folders.map((_, i) => i).filter((i) => first || !existsSync(join(dir, folders[i]!, 'pagefind.js')));
  if (todo.length === 0 && existsSync(pageFile)) {
    pages();
    removeOthers(dir, folders);
    return [];
  }
  let pagefind: typeof import('pagefind');
  try {
    pagefind = await import('pagefind');
  } catch (err) {
    return [warning(out, `the search index was not made: Pagefind cannot be loaded (${(err as Error).message})`)];
  }
  const staged = first ? tempBeside(dir, 'new') : null;
  try {
    for (const i of todo) {
      const into = staged ? join(staged, folders[i]!) : join(dir, folders[i]!);
      const problem = await writeBucket(pagefind, out, into, members[i]!, manifest, lang);
      if (problem) return [problem];
    }
    if (staged) renameSync(staged, dir);
    pages();
    removeOthers(dir, folders);
    return [];
  } catch (err) {
    return [warning(out, `the search index was not made: ${(err as Error).message.split('\n')[0]}`)];
  } finally {
    if (staged) rmSync(staged, { recursive: true, force: true });
    await pagefind.close();
  }
}

/** Removes what OUT/pagefind holds besides the current buckets (remade buckets' old folders, an older layout). */
function removeOthers(dir: string, folders: string[]): void {
  const keep = new Set(folders);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (!keep.has(n)) rmSync(join(dir, n), { recursive: true, force: true });
}

/**
 * One bucket's Pagefind index, written to a staged folder at the top of OUT (where the next build
 * sweeps a killed run's temporaries) and renamed to `final`. Returns a warning when Pagefind fails.
 */
async function writeBucket(
  pagefind: typeof import('pagefind'),
  out: string,
  final: string,
  slugs: string[],
  manifest: Manifest,
  lang: string,
): Promise<Finding | null> {
  const staged = tempBeside(join(out, SEARCH_DIR), 'new');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: lang });
    if (!index) return warning(out, `the search index was not made: ${errors.join('; ')}`);
    for (const slug of slugs) {
      const e = manifest.editions[slug]!;
      if (!e.files.includes('index.html')) continue;
      const html = readFileSync(join(out, slug, 'index.html'), 'utf8');
      const text = e.files.find((f) => f.endsWith('.txt'));
      const words = foldedWords(text ? readFileSync(join(out, slug, text), 'utf8') : plainText(html));
      // Given to the indexer only; the page on disk is not changed.
      const content = words.length ? html.replace(/<\/body>/i, `<div data-diwan-folded="">${words.join(' ')}</div></body>`) : html;
      const added = await index.addHTMLFile({ url: `/${encodeURIComponent(slug)}/index.html`, content });
      if (added.errors.length) return warning(join(out, slug, 'index.html'), `the search index was not made: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: staged });
    if (written.errors.length) return warning(out, `the search index was not made: ${written.errors.join('; ')}`);
    await index.deleteIndex();
    mkdirSync(dirname(final), { recursive: true });
    rmSync(final, { recursive: true, force: true });
    renameSync(staged, final);
    return null;
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}

function warning(file: string, message: string): Finding {
  return { file, line: 0, col: 0, severity: 'warning', rule: 'search', message };
}
