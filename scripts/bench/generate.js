// Documents of a chosen size for the growth benchmarks, made from the seed edition so they stay
// valid against diwan's schema: `paragraphs` numbered paragraphs (each with an xml:id, a mention
// of a generated register entry and one of the seed's places) and `entries` generated persons.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const seedFile = path.join(root, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');

export function scaledSeed({ paragraphs, entries }) {
  const seed = readFileSync(seedFile, 'utf8');
  const persons = [];
  for (let j = 1; j <= entries; j++) {
    persons.push(`      <person xml:id="gen${j}"><persName xml:lang="ar">شخص ${j}</persName><persName xml:lang="en">Person ${j}</persName></person>\n`);
  }
  const ps = [];
  for (let k = 1; k <= paragraphs; k++) {
    const j = ((k - 1) % Math.max(1, entries)) + 1;
    const who = entries > 0 ? `<persName ref="#gen${j}">شخص ${j}</persName>` : 'شخص';
    ps.push(
      `        <p xml:id="g${k}" n="${10 + k}">قال ${who}&#xA0;في <placeName ref="#moscow">موسكو</placeName> <date when="2016-11-27">الأحد</date> إن الزيارة رسمية.</p>\n`,
    );
  }
  return seed
    .replace('    </listPerson>', `${persons.join('')}    </listPerson>`)
    .replace('        <closer xml:id="source">', `${ps.join('')}        <closer xml:id="source">`);
}
