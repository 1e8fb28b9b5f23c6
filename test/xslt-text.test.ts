import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { textPortion } from '../src/transform/text.js';
import { ensureCompiled } from './helpers/xslt.js';
import { textOf } from './helpers/doc.js';

const repoRoot = resolve(import.meta.dirname, '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'xslt');
const seed = join(repoRoot, 'editions', 'haftar-moscow-2016');
const shared = resolve(repoRoot, '..', 'shared');

const tei = (body: string, header = '') => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ar"><teiHeader><fileDesc><titleStmt><title>T</title>${header}</titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body>${body}</body></text></TEI>`;

const portion = (body: string) => textPortion(textOf(tei(body)));

beforeAll(ensureCompiled, 120_000);

describe.skipIf(!existsSync(join(seed, 'haftar-moscow-2016.xml')))('seed edition (skipped: editions/haftar-moscow-2016 not written yet)', () => {
  it('text portion equals source.txt character for character', () => {
    const out = textOf(readFileSync(join(seed, 'haftar-moscow-2016.xml'), 'utf8'));
    const source = readFileSync(join(seed, 'source.txt'), 'utf8');
    expect(textPortion(out)).toBe(source);
    expect(out.match(/\u00A0/g)?.length).toBeGreaterThanOrEqual(27);
  });

  it('lists registers with mention paragraph numbers and dates with values', () => {
    const out = textOf(readFileSync(join(seed, 'haftar-moscow-2016.xml'), 'utf8'));
    const registers = out.slice(out.lastIndexOf('='.repeat(72)));
    expect(registers).toMatch(/^PERSONS$/m);
    expect(registers).toMatch(/^haftar$/m);
    expect(registers).toMatch(/mentioned in: .*¶1/);
    // Unnumbered blocks are named by kind, the captions by language.
    expect(registers).toMatch(/mentioned in: heading, caption \(en\), .*caption \(ar\), ¶1/);
    expect(registers).toMatch(/^DATES$/m);
    expect(registers).toContain('→ P6M');
  });
});

describe('separator rules', () => {
  it('rule 2: collapses XML white space only, trims block edges', () => {
    expect(portion('<p>  a \n\t b  </p>')).toBe('a b');
    expect(portion('<p>a\u00A0\u00A0b\u0640c\u200Dd</p>')).toBe('a\u00A0\u00A0b\u0640c\u200Dd');
  });

  it('rule 3: lb is a line break', () => {
    expect(portion('<p>one <lb/> two</p>')).toBe('one\ntwo');
  });

  it('rule 4: blocks separated by a blank line, figure captions by one newline', () => {
    expect(portion('<head>h</head><p>a</p><p>b</p>')).toBe('h\n\na\n\nb');
    expect(portion('<head>h</head><figure><head xml:lang="en">en</head><head>ar</head><figDesc>x</figDesc></figure><p>a</p>')).toBe('h\n\nen\nar\n\na');
  });

  it('rule 4: a blank-line block of no-break spaces replaces the blank line', () => {
    expect(portion('<p>a</p><ab type="blank-line">\u00A0\u00A0</ab><p>b</p>')).toBe('a\n\u00A0\u00A0\nb');
  });

  it('rule 1 and 5: notes and figDesc are not text; no trailing newline', () => {
    const text = portion('<p>a<note>not me</note></p><figure><figDesc>nor me</figDesc><head>c</head></figure>');
    expect(text).toBe('a\n\nc');
  });

  it('rule 6: choice shows the source reading', () => {
    expect(portion('<p><choice><sic>teh</sic><corr>the</corr></choice> <choice><expan>and</expan><abbr>&amp;</abbr></choice></p>')).toBe('teh &');
  });

  it('keeps tokenised text as encoded (no spaces added between w and pc)', () => {
    expect(portion('<p><w>word</w><pc>,</pc> <w>next</w></p>')).toBe('word, next');
  });
});

describe('fixture', () => {
  const xml = readFileSync(join(fixtures, 'mixed.xml'), 'utf8');

  it('is deterministic', () => {
    expect(textOf(xml)).toBe(textOf(xml));
  });

  it('has the title block, rules, registers and dates', () => {
    const out = textOf(xml);
    const lines = out.split('\n');
    expect(lines[0]).toBe('زيارة إلى موسكو');
    expect(out).toContain('Cite a paragraph: https://example.org/editions/visit#p1');
    expect(out.split('='.repeat(72)).length).toBe(3);
    expect(out).toContain('wikidata: https://www.wikidata.org/entity/Q1');
    expect(out).toContain('ستة شهور → P6M (duration: 6 months; ¶1)');
    expect(out).toContain('earlier → [2016-06,2016-11] (between 2016-06 and 2016-11; ¶2)');
    expect(textPortion(out)).toContain('Text with <script>alert(1)</script> as a hostile link');
    expect(textPortion(out)).toContain('رسميـة');
  });
});

describe.skipIf(!existsSync(shared))('corpus (skipped: ../shared is absent)', () => {
  it('Bronte ELTeC level 2 (4 MB) transforms in seconds and keeps its words', () => {
    const t0 = Date.now();
    const out = textOf(readFileSync(join(shared, 'corpus/eltec/eng/level2/ENG18570_Bronte.xml'), 'utf8'));
    const ms = Date.now() - t0;
    expect(ms).toBeLessThan(60_000);
    expect(textPortion(out)).toMatch(/PROFESSOR/);
  }, 120_000);
});
