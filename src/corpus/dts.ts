import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { STATIC_DTS_DIR, StaticDts, updateStaticDts, type DtsChange } from '../cite/dts/static.js';
import type { DtsResource } from '../cite/dts/json.js';
import { writeFileAtomic } from '../write/atomic.js';
import { DTS_FILES, SIDECAR, type Manifest, type Sidecar } from './manifest.js';

/**
 * Inside OUT/_dts: what it was made from (the build's fingerprint, each edition's DTS hash), so a
 * build changes only the files of the editions whose part changed. Removed before a change in
 * place begins and written when it ends: a _dts without it is remade whole.
 */
const STATE_FILE = '.diwan-dts-state.json';

interface DtsState {
  fingerprint: string;
  editions: Record<string, string>;
}

/**
 * Above this share of the corpus changed, _dts is remade whole: copying every edition's files into a
 * fresh folder then costs about as much as removing and copying that many in place.
 */
const UPDATE_SHARE = 0.25;

/** The token of an edition whose DTS hash is not known: never kept in the state, so never equal to it. */
const UNKNOWN = 'unknown';

/**
 * OUT/_dts, the static DTS API (level 0) of every edition in the manifest, made from the files each
 * edition's build kept beside it (OUT/<slug>/.diwan-dts) and its resource in its sidecar: the same
 * files `StaticDts.add` writes from a parsed edition, without parsing an edition that did not change.
 * When only some editions changed since it was last made, only their files are replaced.
 */
export function writeDts(out: string, manifest: Manifest): Finding[] {
  const slugs = Object.keys(manifest.editions).sort();
  if (slugs.length === 0) return [];
  const final = join(out, STATIC_DTS_DIR);
  // An edition from a manifest without site hashes has no token: it counts as changed every time.
  const tokens: Record<string, string> = {};
  for (const s of slugs) {
    const site = manifest.editions[s]!.site;
    tokens[s] = site ? (site.dts ?? 'none') : UNKNOWN;
  }
  const state = readState(final);
  if (state && state.fingerprint === manifest.fingerprint && existsSync(join(final, 'collection.json'))) {
    const changed = [...new Set([...slugs, ...Object.keys(state.editions)])].filter((s) => state.editions[s] !== tokens[s]).sort();
    if (changed.length === 0) return [];
    if (changed.length <= slugs.length * UPDATE_SHARE) {
      rmSync(join(final, STATE_FILE), { force: true });
      const changes: DtsChange[] = changed.map((slug) => ({ slug, added: tokens[slug] ? kept(out, slug) : null }));
      updateStaticDts(out, changes, slugs);
      writeState(final, manifest.fingerprint, tokens);
      return [];
    }
  }
  const dts = new StaticDts(out);
  let done = false;
  try {
    for (const slug of slugs) {
      const k = kept(out, slug);
      if (k) dts.addWritten(k.resource, k.dir);
    }
    const made = dts.finish();
    done = true;
    writeState(made, manifest.fingerprint, tokens);
  } finally {
    if (!done) dts.abandon();
  }
  return [];
}

/** An edition's resource (from its sidecar) and the folder of its DTS files, or null when it has none. */
function kept(out: string, slug: string): { resource: DtsResource; dir: string } | null {
  const dir = join(out, slug, DTS_FILES);
  let side: Sidecar;
  try {
    side = JSON.parse(readFileSync(join(out, slug, SIDECAR), 'utf8')) as Sidecar;
  } catch {
    return null; // reported by the registers
  }
  if (!side.dts || !existsSync(dir)) return null;
  const trees = side.dts.trees.map((t) => ({ ...t, byId: new Map(t.byId) }));
  return { resource: { slug, record: side.dts.record, trees }, dir };
}

function readState(dir: string): DtsState | null {
  try {
    const s = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as DtsState;
    return typeof s?.fingerprint === 'string' && s.editions && typeof s.editions === 'object' ? s : null;
  } catch {
    return null;
  }
}

function writeState(dir: string, fingerprint: string, tokens: Record<string, string>): void {
  const editions = Object.fromEntries(Object.entries(tokens).filter(([, t]) => t !== UNKNOWN));
  writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify({ fingerprint, editions } satisfies DtsState)}\n`);
}
