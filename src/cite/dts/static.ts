import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Source } from '../../parse/index.js';
import { tempBeside, writeFileAtomic } from '../../write/atomic.js';
import { writeError } from '../../write/errors.js';
import { wrappedTei } from './wrapped.js';
import {
  entryJson,
  navigationJson,
  resourceCollectionJson,
  resourceJson,
  rootCollectionJson,
  rootCollectionOf,
  ROOT_COLLECTION,
  type DtsResource,
  type DtsUrls,
} from './json.js';
import { navigate } from './navigate.js';

/** The static API's folder in the site: a slug never starts with "_", so no edition is shadowed. */
export const STATIC_DTS_DIR = '_dts';

const enc = encodeURIComponent;
const json = (o: unknown) => `${JSON.stringify(o, null, 1)}\n`;

/**
 * DTS level 0 as files (DTS 1.0, "URI Templates examples for static website"): path templates
 * any static web server answers, relative to the entry point _dts/index.json. The Navigation
 * endpoint is written for every valid call but start/end (level 0 need not support ranges),
 * down up to the depth of the tree, and the default citation tree; the Document endpoint as TEI.
 */
export const STATIC_URLS: DtsUrls = {
  entry: 'index.json',
  collection: 'collection{/id}.json',
  navigation: 'navigation/{resource}{/ref}{;down}.json',
  document: 'document/{resource}{/ref}.xml',
  collectionOf: (id) => `collection/${enc(id)}.json`,
  navigationOf: (slug) => `navigation/${enc(slug)}{/ref}{;down}.json`,
  documentOf: (slug) => `document/${enc(slug)}{/ref}.xml`,
  download: (slug) => `../${enc(slug)}/${enc(slug)}.xml`,
  mediaTypes: ['application/tei+xml'],
};

/**
 * The largest group of siblings whose `{ref};down=0` files (the unit and its siblings) are written.
 * Each such file lists the whole group, so a flat group of n units costs n² in files: 1,400
 * paragraphs made 370 MB and a 1.3 MB document exhausted the heap. Larger groups are left to
 * diwan serve (README, "Citing"); every other navigation file is linear in the tree.
 */
export const STATIC_SIBLINGS_MAX = 100;

/** An identifier that can be a file name (what the path template's expansion decodes back to). */
export function fileSafe(id: string): boolean {
  return id.length > 0 && id.length <= 200 && !/[/\\\0;]/.test(id) && !id.startsWith('.');
}

/**
 * Writes the static API while a build runs: add() each built edition (its files go into a staged
 * folder at once, so a large corpus is not held in memory), then finish() writes the entry and
 * the collections and puts the folder in place of the old one, as writeEdition does for editions.
 */
export class StaticDts {
  private readonly staged: string;
  private readonly resources: DtsResource[] = [];
  /** Units left out because their identifiers cannot be file names, per edition. */
  readonly skipped = new Map<string, number>();

  constructor(private readonly outDir: string) {
    this.staged = tempBeside(join(outDir, STATIC_DTS_DIR), 'new');
    try {
      mkdirSync(this.staged, { recursive: true });
    } catch (err) {
      throw writeError(this.staged, err);
    }
  }

  private write(rel: string, data: string | Uint8Array): void {
    const file = join(this.staged, rel);
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, data);
    } catch (err) {
      throw writeError(file, err);
    }
  }

  add(resource: DtsResource, source: Source): void {
    if (!fileSafe(resource.slug)) return;
    this.resources.push(resource);
    const { files, skipped } = editionDtsFiles(resource, source);
    for (const f of files) this.write(f.rel, f.data);
    if (skipped) this.skipped.set(resource.slug, skipped);
  }

  /**
   * An edition whose files editionDtsFiles() made earlier, kept in `dir` (a corpus build keeps them
   * beside the edition, so an edition that has not changed is not parsed again): copied in.
   */
  addWritten(resource: DtsResource, dir: string): void {
    if (!fileSafe(resource.slug)) return;
    this.resources.push(resource);
    try {
      cpSync(dir, this.staged, { recursive: true });
    } catch (err) {
      throw writeError(dir, err, 'cannot be copied into the static DTS API');
    }
  }

  /** Entry, root collection and each Resource's collection; then the folder takes _dts's place. Returns its path. */
  finish(): string {
    this.write('index.json', json(entryJson(STATIC_URLS)));
    const root = json(rootCollectionJson(this.resources, STATIC_URLS));
    this.write('collection.json', root);
    this.write(join('collection', `${ROOT_COLLECTION}.json`), root);
    for (const r of this.resources) this.write(join('collection', `${r.slug}.json`), json(resourceCollectionJson(r, this.resources, STATIC_URLS)));
    const final = join(this.outDir, STATIC_DTS_DIR);
    const aside = existsSync(final) ? tempBeside(final, 'old') : null;
    try {
      if (aside) renameSync(final, aside);
      renameSync(this.staged, final);
    } catch (err) {
      if (aside && !existsSync(final)) renameSync(aside, final);
      rmSync(this.staged, { recursive: true, force: true });
      throw writeError(final, err);
    }
    if (aside) rmSync(aside, { recursive: true, force: true });
    return final;
  }

  /** Removes the staged folder (a build that ends without finishing). */
  abandon(): void {
    rmSync(this.staged, { recursive: true, force: true });
  }
}

/** Writes `data` to `file` (atomically) unless it already holds exactly that. */
function writeIfChanged(file: string, data: string): void {
  try {
    if (readFileSync(file, 'utf8') === data) return;
  } catch {
    // not there yet
  }
  try {
    mkdirSync(join(file, '..'), { recursive: true });
  } catch (err) {
    throw writeError(file, err);
  }
  writeFileAtomic(file, data);
}

/**
 * Copies every file under `from` to the same place under `to`, each through a temporary name and
 * a rename: the API is served while it changes, and a kill must not leave a half-copied file.
 */
function copyFilesAtomic(from: string, to: string): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(from, { recursive: true, withFileTypes: true });
  } catch (err) {
    throw writeError(from, err, 'cannot be copied into the static DTS API');
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const source = join(e.parentPath ?? e.path, e.name);
    const target = join(to, source.slice(from.length + 1));
    try {
      mkdirSync(join(target, '..'), { recursive: true });
      const temp = tempBeside(target);
      copyFileSync(source, temp);
      renameSync(temp, target);
    } catch (err) {
      throw writeError(target, err);
    }
  }
}

/** One edition's change to an existing _dts/: its new resource and kept files, or null when it is gone. */
export interface DtsChange {
  slug: string;
  added: { resource: DtsResource; dir: string } | null;
}

/**
 * Changes the static API in OUT/_dts in place for the editions in `changes` — their files removed,
 * their new ones copied in, their collection file and the root collection rewritten — leaving every
 * other edition's files as they are; `order` is every slug the API holds afterwards, in order. The
 * result is the folder a whole remake (StaticDts) writes for the same editions. The caller marks
 * _dts as being updated first, so a kill part-way is followed by a whole remake.
 */
export function updateStaticDts(outDir: string, changes: DtsChange[], order: string[]): void {
  const dir = join(outDir, STATIC_DTS_DIR);
  const rootFile = join(dir, 'collection.json');
  const root = JSON.parse(readFileSync(rootFile, 'utf8')) as { member: { '@id': string }[] };
  const members = new Map(root.member.map((m) => [m['@id'], m as Record<string, unknown>]));
  let navigation: string[] = [];
  try {
    navigation = readdirSync(join(dir, 'navigation'));
  } catch {
    // no edition had a citation tree
  }
  for (const { slug, added } of changes) {
    if (!fileSafe(slug)) continue;
    // An edition's files: its document and units, its navigation (";" never occurs in a slug, so
    // e1's files are not e10's), its collection.
    for (const rel of [join('document', `${slug}.xml`), join('document', slug), join('navigation', slug), join('collection', `${slug}.json`)])
      rmSync(join(dir, rel), { recursive: true, force: true });
    for (const n of navigation) if (n.startsWith(`${slug};`)) rmSync(join(dir, 'navigation', n), { force: true });
    members.delete(slug);
    if (!added) continue;
    copyFilesAtomic(added.dir, dir);
    writeFileAtomic(join(dir, 'collection', `${slug}.json`), json(resourceCollectionJson(added.resource, [], STATIC_URLS)));
    members.set(slug, resourceJson(added.resource, STATIC_URLS));
  }
  const list = order.filter((s) => members.has(s)).map((s) => members.get(s)!);
  const text = json(rootCollectionOf(list, list.length, STATIC_URLS));
  writeIfChanged(rootFile, text);
  writeIfChanged(join(dir, 'collection', `${ROOT_COLLECTION}.json`), text);
  writeIfChanged(join(dir, 'index.json'), json(entryJson(STATIC_URLS)));
}

/**
 * One edition's files of the static API (its TEI document, the navigation of every unit at every
 * depth, each unit's wrapped TEI), as paths relative to _dts/; units whose identifiers cannot be file
 * names are counted in `skipped` and left to diwan serve, as are the sibling lists (`;down=0`) of
 * groups larger than STATIC_SIBLINGS_MAX.
 */
export function editionDtsFiles(resource: DtsResource, source: Source): { files: { rel: string; data: string | Uint8Array }[]; skipped: number } {
  const { slug } = resource;
  const files: { rel: string; data: string | Uint8Array }[] = [];
  const tree = resource.trees[0];
  const nav = (rel: string, q: Parameters<typeof navigate>[1]) =>
    files.push({
      rel: join('navigation', rel),
      data: json(navigationJson(resource, navigate(tree!, q), `navigation/${rel.split('/').map(enc).join('/')}`, STATIC_URLS)),
    });
  files.push({ rel: join('document', `${slug}.xml`), data: source.bytes });
  if (!tree) return { files, skipped: 0 };
  const depth = Math.max(0, ...tree.units.map((u) => u.level));
  for (let d = 1; d <= depth; d++) nav(`${slug};down=${d}.json`, { down: d });
  nav(`${slug};down=-1.json`, { down: -1 });
  let skipped = 0;
  const group = new Map<string | null, number>();
  for (const u of tree.units) group.set(u.parent, (group.get(u.parent) ?? 0) + 1);
  for (const u of tree.units) {
    if (!fileSafe(u.identifier)) {
      skipped++;
      continue;
    }
    const base = join(slug, u.identifier);
    nav(`${base}.json`, { ref: u.identifier });
    const from = (group.get(u.parent) ?? 0) > STATIC_SIBLINGS_MAX ? 1 : 0;
    for (let d = from; d <= depth - u.level; d++) nav(`${base};down=${d}.json`, { ref: u.identifier, down: d });
    nav(`${base};down=-1.json`, { ref: u.identifier, down: -1 });
    files.push({ rel: join('document', `${base}.xml`), data: wrappedTei(source, [u]) });
  }
  return { files, skipped };
}
