import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirOf, RTL_LANGUAGES, RTL_SCRIPTS } from '../src/transform/bcp47.js';
import { htmlOf } from './helpers/doc.js';

const xsl = readFileSync(join(resolve(import.meta.dirname, '..'), 'xslt', 'common', 'language.xsl'), 'utf8');
const listIn = (name: string) => {
  const m = new RegExp(`name="${name}"[^>]*select="([^"]*)"`).exec(xsl);
  return new Set([...(m?.[1] ?? '').matchAll(/'([a-z]+)'/g)].map((x) => x[1]));
};

describe('direction from BCP 47 tags', () => {
  it('uses the same lists as the XSLT', () => {
    expect(new Set(RTL_LANGUAGES)).toEqual(listIn('d:rtl-languages'));
    expect(new Set(RTL_SCRIPTS)).toEqual(listIn('d:rtl-scripts'));
  });

  it.each([
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['ar-Latn-x-ijmes', 'ltr'],
    ['ar-Latn', 'ltr'],
    ['tr-Arab', 'rtl'],
    ['en', 'ltr'],
    ['yi', 'rtl'],
    ['he', 'rtl'],
    ['syr', 'rtl'],
    ['fa-IR', 'rtl'],
    ['de', 'ltr'],
    ['x-private', 'ltr'],
  ])('%s is %s', (tag, dir) => {
    expect(dirOf(tag)).toBe(dir);
  });
});

describe('HTML lang attributes are canonical BCP 47', () => {
  it('shortens ISO 639-2/3 codes that have a two-letter form (yid → yi, ger → de), keeping direction', async () => {
    const html = htmlOf(`<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="yid"><teiHeader><fileDesc><titleStmt><title>ט</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>װאָרט</p><p xml:lang="ger-DE">Wort</p><p xml:lang="syr">ܡܠܬܐ</p></body></text></TEI>`);
    expect(html).toMatch(/<html lang="yi" dir="rtl"/);
    expect(html).toMatch(/<p[^>]* lang="de-DE" dir="ltr"[^>]*>Wort/);
    expect(html).toMatch(/<p[^>]* lang="syr" dir="rtl"[^>]*>ܡܠܬܐ/);
    expect(html).not.toMatch(/lang="(yid|ger)/);
  });
});
