import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError, readSource, type ReadOptions, type Source } from '../parse/index.js';
import { sha256Hex } from '../package/provenance.js';
import { slugOf } from './discover.js';

/** One edition as the pipeline carries it: its TEI, parsed once, and the archival source if kept. */
export interface Edition {
  slug: string;
  /** The edition's folder (DIR/<slug>/), when it was loaded from one. */
  dir?: string;
  source: Source;
  /**
   * The archival source (`source.txt` beside the TEI), which the text edition must reproduce;
   * sha256: of the file's bytes, which every output states (src/package/provenance.ts).
   */
  archival?: { path: string; text: string; sha256?: string };
}

export interface LoadOptions extends ReadOptions {
  /** Name of the outputs; default: the folder's name, or the file's name without .xml. */
  slug?: string;
}

/**
 * Loads an edition from its folder (`<slug>/<slug>.xml` and optionally `source.txt`) or from a
 * TEI file. Throws InputError (file:line:col, what was expected) for anything unreadable.
 */
export function loadEdition(path: string, opts: LoadOptions = {}): Edition {
  const abs = resolve(path);
  let dir: string | undefined;
  let tei = abs;
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    dir = abs;
    tei = join(abs, `${basename(abs)}.xml`);
    if (!existsSync(tei)) {
      throw new InputError(abs, `no ${basename(abs)}.xml in this folder; expected an edition folder <slug>/<slug>.xml`, 0, 0, 'io');
    }
  }
  const source = readSource(tei, opts);
  const slug = opts.slug ?? (dir ? basename(dir) : slugOf(tei));
  const sourceTxt = dir ? join(dir, 'source.txt') : undefined;
  let archival: Edition['archival'];
  if (sourceTxt && existsSync(sourceTxt)) {
    try {
      const bytes = readFileSync(sourceTxt);
      archival = { path: sourceTxt, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), sha256: sha256Hex(bytes) };
    } catch {
      throw new InputError(sourceTxt, 'cannot be read as UTF-8 text; expected the archival source as UTF-8', 0, 0, 'encoding');
    }
  }
  return { slug, dir, source, archival };
}
