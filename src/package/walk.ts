import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What is in a bag's folder, found without following any link. Paths are relative, "/"-separated. */
export interface BagTree {
  /** Regular files: the NFC form of the path → the path as it is on disk. */
  files: Map<string, string>;
  dirs: Set<string>;
  /** Symbolic links (never followed: a link may lead out of the bag). */
  links: string[];
  /** FIFOs, sockets, devices: never opened (a FIFO would block a reader forever). */
  specials: string[];
  /** Paths that differ from another only in Unicode normalization (NFC of both equal). */
  clashes: string[][];
}

/**
 * Lists a bag's folder. readdir's entries describe the entry itself (lstat), so a link to a
 * folder is a link, not a folder, and nothing outside the bag is ever listed.
 */
export function walkBag(root: string): BagTree {
  const tree: BagTree = { files: new Map(), dirs: new Set(), links: [], specials: [], clashes: [] };
  const visit = (rel: string) => {
    const entries = readdirSync(rel ? join(root, rel) : root, { withFileTypes: true });
    // Sorted by name (byte order of UTF-8 via code units is enough for a stable order here).
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) tree.links.push(path);
      else if (e.isDirectory()) {
        tree.dirs.add(path);
        visit(path);
      } else if (e.isFile()) {
        const key = path.normalize('NFC');
        const other = tree.files.get(key);
        if (other !== undefined) tree.clashes.push([other, path]);
        else tree.files.set(key, path);
      } else tree.specials.push(path);
    }
  };
  visit('');
  return tree;
}
