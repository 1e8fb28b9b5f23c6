import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedDir } from './project.js';

const root = resolve(import.meta.dirname, '..', '..');

/**
 * A folder of editions made from the seed: `n` copies, each with its own slug, its title marked
 * with its number (so the editions differ) and source.txt; diwan's schemas at ../schemas, where
 * the seed's xml-models point. Returns the editions folder.
 */
export function seedCorpus(base: string, slugs: string[]): string {
  const editions = join(base, 'editions');
  const tei = readFileSync(join(seedDir, 'haftar-moscow-2016.xml'), 'utf8');
  for (const [i, slug] of slugs.entries()) {
    mkdirSync(join(editions, slug), { recursive: true });
    cpSync(join(seedDir, 'source.txt'), join(editions, slug, 'source.txt'));
    // The header's title changes, the text (which must reproduce source.txt) does not.
    writeFileSync(join(editions, slug, `${slug}.xml`), tei.replace('>A TEI P5 edition of an Al Jazeera', `>Copy ${i + 1}: a TEI P5 edition of an Al Jazeera`));
  }
  cpSync(join(root, 'schemas'), join(base, 'schemas'), { recursive: true });
  return editions;
}

/** Every file under a folder (relative name → bytes as latin1), to compare two builds byte for byte. */
export function treeOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const p = join(dir, name);
    if (statSync(p).isFile()) out[name] = readFileSync(p, 'latin1');
  }
  return out;
}

/** The warning of the rule addWarningRule puts into a schema. */
export const ADDED_RULE = 'the changed schema was applied';

/**
 * Edits a copy of diwan.sch in place as a user would: one more pattern, active in the strict phase,
 * whose rule warns on every TEI document. Returns the text it had, to put it back.
 */
export function addWarningRule(sch: string): string {
  const before = readFileSync(sch, 'utf8');
  writeFileSync(
    sch,
    before
      .replace('<phase id="strict">', '<phase id="strict"><active pattern="watch-rule"/>')
      .replace(
        '</schema>',
        `<pattern id="watch-rule"><rule context="tei:TEI"><report test="true()" id="watch-rule-fired" role="warning">${ADDED_RULE}</report></rule></pattern></schema>`,
      ),
  );
  return before;
}
