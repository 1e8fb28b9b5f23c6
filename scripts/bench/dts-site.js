// A built site for the DTS load measurements: the seed and, when ../shared is there, a DraCor
// play and an ELTeC novel, laid out as diwan build leaves them (OUT/<slug>/<slug>.xml), with the
// requests a DTS client makes of them. Shared by scripts/bench-dts.js and test/dts-load.test.ts.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const corpus = path.resolve(root, '..', 'shared', 'corpus');
export const DTS_EDITIONS = {
  'haftar-moscow-2016': path.join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml'),
  'emilia-galotti': path.join(corpus, 'dracor', 'gerdracor', 'lessing-emilia-galotti.xml'),
  'lyall-novel': path.join(corpus, 'eltec', 'eng', 'level1', 'ENG18872_Lyall.xml'),
};

/** Copies the editions that exist into `out`; returns their slugs. */
export function layDtsSite(out) {
  const slugs = [];
  for (const [slug, file] of Object.entries(DTS_EDITIONS)) {
    if (!existsSync(file)) continue;
    mkdirSync(path.join(out, slug), { recursive: true });
    copyFileSync(file, path.join(out, slug, `${slug}.xml`));
    slugs.push(slug);
  }
  return slugs;
}

/** A mix of the calls a DTS client makes: entry, collections, navigation of every kind, TEI passages. */
export function dtsRequests(slugs) {
  const q = (p) => ({ method: 'GET', path: p });
  const list = [
    q('/api/dts/'),
    q('/api/dts/collection/'),
    q('/api/dts/collection/?id=haftar-moscow-2016'),
    q('/api/dts/navigation/?resource=haftar-moscow-2016&down=1'),
    q('/api/dts/navigation/?resource=haftar-moscow-2016&ref=p3'),
    q('/api/dts/navigation/?resource=haftar-moscow-2016&ref=p3&down=0'),
    q('/api/dts/navigation/?resource=haftar-moscow-2016&start=p2&end=p6&down=-1'),
    q('/api/dts/document/?resource=haftar-moscow-2016&ref=p3'),
    q('/api/dts/document/?resource=haftar-moscow-2016&start=p1&end=p4'),
  ];
  if (slugs.includes('emilia-galotti')) {
    list.push(
      q('/api/dts/navigation/?resource=emilia-galotti&down=-1'),
      q(`/api/dts/navigation/?resource=emilia-galotti&ref=${encodeURIComponent('Erster Aufzug')}&down=1`),
      q(`/api/dts/document/?resource=emilia-galotti&ref=${encodeURIComponent('Zweiter Aufzug.Erster Auftritt')}`),
    );
  }
  if (slugs.includes('lyall-novel'))
    list.push(q('/api/dts/navigation/?resource=lyall-novel&down=1'), q(`/api/dts/document/?resource=lyall-novel&ref=${encodeURIComponent('MY SECOND STAGE')}`));
  return list;
}
