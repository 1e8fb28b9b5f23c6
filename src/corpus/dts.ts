import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { STATIC_DTS_DIR, StaticDts } from '../cite/dts/static.js';
import { writeFileAtomic } from '../write/atomic.js';
import { DTS_FILES, SIDECAR, type Manifest, type Sidecar } from './manifest.js';

/** Inside OUT/_dts: what it was made from, so an unchanged site does not copy every edition's files again. */
const KEY_FILE = '.diwan-dts-key';

/**
 * OUT/_dts, the static DTS API (level 0) of every edition in the manifest, made from the files each
 * edition's build kept beside it (OUT/<slug>/.diwan-dts) and its resource in its sidecar: the same
 * files `StaticDts.add` writes from a parsed edition, without parsing an edition that did not change.
 */
export function writeDts(out: string, manifest: Manifest, key: string): Finding[] {
  const slugs = Object.keys(manifest.editions).sort();
  if (slugs.length === 0) return [];
  try {
    if (readFileSync(join(out, STATIC_DTS_DIR, KEY_FILE), 'utf8') === key) return [];
  } catch {
    // not made yet
  }
  const findings: Finding[] = [];
  const dts = new StaticDts(out);
  let done = false;
  try {
    for (const slug of slugs) {
      const dir = join(out, slug, DTS_FILES);
      let side: Sidecar;
      try {
        side = JSON.parse(readFileSync(join(out, slug, SIDECAR), 'utf8')) as Sidecar;
      } catch {
        continue; // reported by the registers
      }
      if (!side.dts || !existsSync(dir)) continue;
      const trees = side.dts.trees.map((t) => ({ ...t, byId: new Map(t.byId) }));
      dts.addWritten({ slug, record: side.dts.record, trees }, dir);
    }
    const final = dts.finish();
    done = true;
    writeFileAtomic(join(final, KEY_FILE), key);
  } finally {
    if (!done) dts.abandon();
  }
  return findings;
}
