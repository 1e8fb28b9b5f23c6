import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CitationTree } from '../cite/index.js';
import type { CatalogueEntry } from '../edition/catalogue.js';
import type { EditionRecord } from '../transform/metadata.js';
import type { EditionRegisters } from './edition-data.js';
import { writeFileAtomic } from '../write/atomic.js';

/** The build manifest in the output folder: what was built from what (hidden: never served). */
export const MANIFEST = '.diwan-manifest.json';
/** Each edition's corpus data (registers, mentions), inside its output folder, written with it. */
export const SIDECAR = '.diwan-edition.json';
/** Each edition's files of the static DTS API, inside its output folder (copied into OUT/_dts by the site phase). */
export const DTS_FILES = '.diwan-dts';
const FORMAT = 1;

/** One edition as last built. Hashes are sha256 hex of the files' bytes. */
export interface ManifestEdition {
  /** The edition's inputs by name in its folder: `<slug>.xml`, `source.txt`. */
  inputs: Record<string, string>;
  /** The schemas its validation applied, by path relative to the output folder (POSIX separators). */
  schemas: Record<string, string>;
  /** The files written in OUT/<slug>/. */
  files: string[];
  /** Its line in the index page. */
  entry: CatalogueEntry;
  /** Hashes of what the site's pages take from it (absent in a manifest from before they were kept). */
  site?: SiteHashes;
}

/**
 * sha256 hex of an edition's part of the site: its registers data (the registers page) and its
 * static DTS files with its resource (OUT/_dts), so a page is remade only when its part changed.
 */
export interface SiteHashes {
  registers: string;
  /** null: the edition has no part in the static DTS API. */
  dts: string | null;
}

/** The DTS resource of an edition as JSON (a tree's byId map as its entries). */
export interface SidecarDts {
  record: EditionRecord;
  trees: (Omit<CitationTree, 'byId'> & { byId: [string, number][] })[];
}

/** OUT/<slug>/.diwan-edition.json. */
export interface Sidecar {
  slug: string;
  registers: EditionRegisters;
  dts?: SidecarDts;
}

export interface Manifest {
  format: number;
  diwan: string;
  /** buildFingerprint(): a different one makes every edition stale. */
  fingerprint: string;
  /** Set in a shard's part: which slice it holds. */
  shard?: { index: number; count: number };
  editions: Record<string, ManifestEdition>;
}

export function emptyManifest(diwan: string, fingerprint: string): Manifest {
  return { format: FORMAT, diwan, fingerprint, editions: {} };
}

/** The manifest at OUT/name, or null when there is none or it is not one diwan can read (then all is rebuilt). */
export function readManifest(out: string, name = MANIFEST): Manifest | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(out, name), 'utf8'));
  } catch {
    return null;
  }
  const m = data as Manifest;
  if (!m || typeof m !== 'object' || m.format !== FORMAT || typeof m.fingerprint !== 'string' || !m.editions || typeof m.editions !== 'object') return null;
  return m;
}

/** JSON with every object's keys in order, so the same build writes the same bytes. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 1)}\n`;
}

export function writeManifest(out: string, manifest: Manifest, name = MANIFEST): void {
  writeFileAtomic(join(out, name), stableJson(manifest));
}
