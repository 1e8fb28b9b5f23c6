import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { catalogueHtml } from '../edition/catalogue.js';
import { writeFileAtomic } from '../write/atomic.js';
import type { Manifest } from './manifest.js';
import { registersHtml } from './registers-page.js';
import { corpusRegisters, projectIds } from './registers.js';
import { SEARCH_PAGE, siteKey, writeSearch } from './search.js';
import { writeDts } from './dts.js';

export interface SiteOptions {
  /** The project's register files: their ids join entries across editions. */
  registers?: string[];
  /** Index the site for full-text search (default true). */
  search?: boolean;
}

export const REGISTERS_PAGE = 'registers.html';

/**
 * The pages of the whole site, made from the manifest (every edition, not only those rebuilt in
 * this run): the corpus registers, the static DTS API (OUT/_dts), the search index and page, and
 * the index page linking them.
 */
export async function writeSite(out: string, manifest: Manifest, opts: SiteOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const slugs = Object.keys(manifest.editions).sort();
  const entries = slugs.map((s) => manifest.editions[s]!.entry);
  const links: { href: string; label: string }[] = [];
  const entities = corpusRegisters(out, manifest, projectIds(opts.registers, findings), findings);
  if (entities.length > 0) {
    writeFileAtomic(join(out, REGISTERS_PAGE), registersHtml(entities));
    links.push({ href: REGISTERS_PAGE, label: 'Registers' });
  } else rmSync(join(out, REGISTERS_PAGE), { force: true });
  findings.push(...writeDts(out, manifest, siteKey(manifest)));
  if (opts.search !== false && slugs.length > 0) {
    findings.push(...(await writeSearch(out, manifest)));
    if (existsSync(join(out, SEARCH_PAGE))) links.push({ href: SEARCH_PAGE, label: 'Search' });
  }
  if (entries.length > 0) writeFileAtomic(join(out, 'index.html'), catalogueHtml(entries, links));
  return findings;
}
