import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { catalogueHtml } from '../edition/catalogue.js';
import { writeFileAtomic } from '../write/atomic.js';
import { stableJson, type Manifest } from './manifest.js';
import { registersHtml } from './registers-page.js';
import { corpusRegisters, projectIds } from './registers.js';
import { SEARCH_PAGE, writeSearch } from './search.js';
import { writeDts } from './dts.js';

export interface SiteOptions {
  /** The project's register files: their ids join entries across editions. */
  registers?: string[];
  /** Index the site for full-text search (default true). */
  search?: boolean;
  /** Editions per bucket of the search index (default BUCKET_EDITIONS; tests use small ones). */
  searchBucketSize?: number;
}

export const REGISTERS_PAGE = 'registers.html';

/**
 * In OUT (hidden: never served): what the registers page and the index page were made from, so a
 * build in which neither changed does not make them again (with 1,000 editions the registers page
 * alone is ~0.6 s of xmlbuilder2). Written after the pages; a kill between leaves an old key, and
 * the next build remakes them.
 */
const SITE_STATE = '.diwan-site.json';

interface SiteState {
  registers?: string;
  index?: string;
}

// stableJson: an entry read back from the manifest and one fresh from a worker differ in key order only.
const keyOf = (value: unknown) => createHash('sha256').update(stableJson(value)).digest('hex');

/**
 * The pages of the whole site, made from the manifest (every edition, not only those rebuilt in
 * this run): the corpus registers, the static DTS API (OUT/_dts), the search index and page, and
 * the index page linking them. Each is remade only when what it is made from changed.
 */
export async function writeSite(out: string, manifest: Manifest, opts: SiteOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const slugs = Object.keys(manifest.editions).sort();
  const entries = slugs.map((s) => manifest.editions[s]!.entry);
  const links: { href: string; label: string }[] = [];
  const last = readState(out);
  const state: SiteState = {};

  const ids = projectIds(opts.registers, findings);
  // The page depends on each edition's registers data, title and language, on the project's ids, and
  // on diwan's code (the fingerprint: a new diwan may write the page otherwise); an edition without a
  // registers hash (an older manifest) makes the page every time.
  const known = slugs.every((s) => manifest.editions[s]!.site);
  const registersKey = known
    ? keyOf([
        manifest.fingerprint,
        [...ids].sort(),
        slugs.map((s) => {
          const e = manifest.editions[s]!;
          return [s, e.entry.title, e.entry.lang, e.site!.registers];
        }),
      ])
    : undefined;
  const page = join(out, REGISTERS_PAGE);
  if (registersKey && registersKey === last.registers && existsSync(page)) {
    state.registers = registersKey;
    links.push({ href: REGISTERS_PAGE, label: 'Registers' });
  } else {
    const entities = corpusRegisters(out, manifest, ids, findings);
    if (entities.length > 0) {
      writeFileAtomic(page, registersHtml(entities));
      links.push({ href: REGISTERS_PAGE, label: 'Registers' });
    } else rmSync(page, { force: true });
    state.registers = registersKey;
  }
  findings.push(...writeDts(out, manifest));
  if (opts.search !== false && slugs.length > 0) {
    findings.push(...(await writeSearch(out, manifest, { bucketSize: opts.searchBucketSize })));
    if (existsSync(join(out, SEARCH_PAGE))) links.push({ href: SEARCH_PAGE, label: 'Search' });
  }
  if (entries.length > 0) {
    const indexKey = keyOf([manifest.fingerprint, entries, links]);
    const index = join(out, 'index.html');
    if (indexKey !== last.index || !existsSync(index)) writeFileAtomic(index, catalogueHtml(entries, links));
    state.index = indexKey;
  }
  if (JSON.stringify(state) !== JSON.stringify(last)) writeFileAtomic(join(out, SITE_STATE), `${JSON.stringify(state)}\n`);
  return findings;
}

function readState(out: string): SiteState {
  try {
    const s = JSON.parse(readFileSync(join(out, SITE_STATE), 'utf8')) as SiteState;
    return s && typeof s === 'object' ? s : {};
  } catch {
    return {};
  }
}
