import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { htmlOf, textOf } from './helpers/doc.js';
import { ensureCompiled } from './helpers/xslt.js';

// Documents users bring (issue 13): letters, a CMIF file, verse and drama, an inscription; each
// assertion failed before html/document-types.xsl and text/document-types.xsl.

const repoRoot = resolve(import.meta.dirname, '..');
const cmif = readFileSync(join(repoRoot, 'test', 'fixtures', 'editorial', 'cmif.xml'), 'utf8');

const tei = (body: string, profileDesc = '') => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>${profileDesc}</teiHeader>
<text><body>${body}</body></text></TEI>`;

beforeAll(ensureCompiled, 180_000);

describe('correspondence', () => {
  const letter = tei(
    '<p>Lieber Freund!</p>',
    `<profileDesc><correspDesc>
      <correspAction type="sent"><persName ref="https://viaf.org/viaf/1">Schnitzler, Arthur</persName><placeName>Wien</placeName><date when="1895-06-07">7. 6. 1895</date></correspAction>
      <correspAction type="received"><persName>Beer-Hofmann, Richard</persName><placeName>Caslau</placeName></correspAction>
    </correspDesc></profileDesc>`,
  );

  it("a letter's correspDesc is a table in the banner and lines in the title block", () => {
    const page = htmlOf(letter);
    // Names keep the document's language inside the English header.
    const table = (page.match(/<table class="corresp">[\s\S]*?<\/table>/)?.[0] ?? '').replaceAll(' lang="de" dir="ltr"', '');
    expect(table).toContain(
      '<th scope="row">Sent</th><td><a href="https://viaf.org/viaf/1">Schnitzler, Arthur</a></td><td><span>Wien</span></td><td>7. 6. 1895 = 1895-06-07</td>',
    );
    expect(table).toContain('<th scope="row">Received</th><td><span>Beer-Hofmann, Richard</span></td><td><span>Caslau</span></td><td></td>');
    const block = textOf(letter).split('='.repeat(72))[0]!;
    expect(block).toContain('Sent: Schnitzler, Arthur; Wien; 7. 6. 1895 (1895-06-07)\nReceived: Beer-Hofmann, Richard; Caslau\n');
  });

  it('a CMIF file is a list of its letters in both editions', () => {
    const page = htmlOf(cmif);
    expect(page).toContain('<h2 id="letters-heading">Letters (3)</h2>');
    expect(page.match(/<table class="letters">[\s\S]*?<\/table>/)![0].match(/<tr>/g)).toHaveLength(4);
    expect(page).toContain('<a href="#letters">Letters</a>');
    const after = textOf(cmif).split('='.repeat(72))[2]!;
    expect(after).toContain('\nLETTERS (3)\n\n1. Goethe, Johann Wolfgang von; Weimar; 13 June 1794 (1794-06-13) → Schiller, Friedrich; Jena [#ed1]\n');
    expect(after).toContain('2. Schiller, Friedrich; Jena; [1794-06,1794-07] → Goethe, Johann Wolfgang von [#ed1]\n');
  });
});

describe('verse and drama', () => {
  const lines = (k: number, extra = (_i: number) => '') => Array.from({ length: k }, (_, i) => `<l${extra(i)}>line ${i + 1}</l>`).join('');

  it('numbers verse lines every 5 within their division and indents by @rend', () => {
    const page = htmlOf(tei(`<div><lg>${lines(7, (i) => (i === 1 ? ' rend="indent(2)"' : ''))}</lg><lg>${lines(5)}</lg></div><div><lg>${lines(5)}</lg></div>`));
    expect([...page.matchAll(/<span class="ln" aria-hidden="true">(\d+)<\/span>line (\d+)/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['5:5', '10:3', '5:5']);
    expect(page).toMatch(/<div class="tei-l rend-indent-2-">line 2<\/div>/);
    expect(page).toMatch(/\.tei-l\.rend-indent-2-/);
  });

  it('takes a line number from @n, and numbers the verse of a speech', () => {
    const page = htmlOf(tei(`<div><sp><speaker>A.</speaker><l n="19">eins</l><l n="20">zwei</l></sp><stage>Ab.</stage></div>`));
    expect(page).toMatch(/<span class="ln" aria-hidden="true">20<\/span>zwei/);
    expect(page).not.toMatch(/>19<\/span>/);
    expect(page).toMatch(/<p class="tei-speaker">A\.<\/p>/);
    expect(page).toMatch(/<p class="tei-stage">Ab\.<\/p>/);
  });
});

describe('registers of all kinds', () => {
  const registers = (entries: string, encodingDesc = '') => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>${encodingDesc}</teiHeader>
<standOff>${entries}</standOff><text><body><p>x</p></body></text></TEI>`;
  const persons = registers(`<listPerson>
    <person xml:id="tb"><persName>Tycho Brahe</persName><birth notBefore="1546-12-14" notAfter="1546-12-14">14 December 1546</birth><death when="1601-10-24">1601</death><occupation>astronomer</occupation></person>
    <person xml:id="eph"><persName>Ephrem</persName><death><date when="0373">373</date></death></person>
    <person xml:id="ale"><persName>Alexander</persName><birth when="-0356"/><death when="-0323"/></person>
    <person xml:id="anon"><persName>A scribe</persName><floruit from="1200" to="1250"/></person>
    <person xml:id="boe"><persName>Boethius</persName><birth notBefore="0475" notAfter="0477">c. 476</birth></person>
    <person xml:id="none"><persName>Nobody dated</persName></person>
  </listPerson>`);
  const places = (geo: string, encodingDesc = '') =>
    registers(
      `<listPlace><place xml:id="ed"><placeName>Edessa</placeName><location><geo>${geo}</geo></location><desc>A city.</desc></place></listPlace>`,
      encodingDesc,
    );

  it("gives a person's life dates beside the names, in years, BCE and spans included", () => {
    const page = htmlOf(persons);
    const life = [...page.matchAll(/<li class="entry tei-person" id="([a-z]+)"[\s\S]*?<\/p>/g)].map(
      (m) => `${m[1]} ${m[0].match(/<span class="life"[^>]*>([^<]*)</)?.[1] ?? '-'}`,
    );
    expect(life).toEqual(['tb (1546 – 1601)', 'eph (d. 373)', 'ale (356 BCE – 323 BCE)', 'anon (fl. 1200–1250)', 'boe (b. 475/477)', 'none -']);
    const text = textOf(persons);
    expect(text).toContain(
      'tb\n  en: Tycho Brahe\n  life: 1546 – 1601\n  born: 14 December 1546 (notBefore 1546-12-14) (notAfter 1546-12-14)\n  died: 1601 (when 1601-10-24)\n  occupation: astronomer\n',
    );
    expect(text).toContain('eph\n  en: Ephrem\n  life: d. 373\n');
  });

  it("gives a place's coordinates in degrees with a link to the map, only for TEI's default notation", () => {
    const page = htmlOf(places('37.15 -38.8'));
    expect(page).toContain('<a href="https://www.openstreetmap.org/?mlat=37.15&amp;mlon=-38.8#map=12/37.15/-38.8">37.15° N, 38.8° W</a>');
    expect(page).toContain('<span class="label" lang="en" dir="ltr">description: </span>');
    expect(textOf(places('-12.5, 130.84'))).toContain(
      '  coordinates: 12.5° S, 130.84° E <https://www.openstreetmap.org/?mlat=-12.5&mlon=130.84#map=12/-12.5/130.84>\n',
    );
    // The location itself is printed as it stands, whatever is made of it.
    expect(textOf(places('37.15 -38.8'))).toContain('  location: 37.15 -38.8\n');
    for (const [geo, decl] of [
      ['95 10', ''],
      ['37.15 38.8 120', ''],
      ['north of Aleppo', ''],
      ['37.15 38.8', '<encodingDesc><geoDecl datum="OSGB36">easting northing</geoDecl></encodingDesc>'],
    ] as const) {
      expect(htmlOf(places(geo, decl)), geo + decl).not.toContain('openstreetmap');
      expect(textOf(places(geo, decl)), geo + decl).not.toContain('coordinates:');
    }
  });
});

describe('inscriptions (EpiDoc)', () => {
  it('labels the edition, apparatus, translation and commentary divisions', () => {
    const page = htmlOf(
      tei(
        '<div type="edition" xml:lang="la"><ab><lb n="1"/>co<ex>n</ex>s</ab></div><div type="apparatus"><p>x</p></div><div type="translation" xml:lang="en"><p>consul</p></div><div type="commentary"><p>c</p></div>',
      ),
    );
    expect([...page.matchAll(/<h2 class="division-label" lang="en" dir="ltr">([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual([
      'Edition (la)',
      'Apparatus criticus',
      'Translation (en)',
      'Commentary',
    ]);
  });
});
