import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface EditionFolder {
  slug: string;
  dir: string;
  /** The TEI document: `<slug>.xml` in the edition's folder. */
  tei: string;
}

/** The editions under a folder: each subfolder `<slug>/` holding `<slug>.xml`. */
export function discoverEditions(root: string): EditionFolder[] {
  const out: EditionFolder[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const tei = join(dir, `${name}.xml`);
    if (existsSync(tei)) out.push({ slug: name, dir, tei });
  }
  return out;
}

/** The slug an output is named after, for a single TEI file. */
export function slugOf(file: string): string {
  return basename(file).replace(/\.(tei\.)?xml$/i, '');
}
