import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Validator } from '../../src/check/validate.js';
import { fidelityOf } from '../../src/edition/publish.js';
import { encodeTei, encodeText, loadRegisters, type Register } from '../../src/encode/index.js';
import { sourceFromText } from '../../src/parse/index.js';
import { toText } from '../../src/transform/text.js';
import { mentionsOf, registerFromEdition, score, show } from './gold.js';

/**
 * Measured, not asserted: the encoder against hand markup, precision and recall of marked
 * mentions (element and @ref — or, for dates, the normalised values — both right), printed.
 *   1. the seed's source.txt with a register derived from the seed edition's own registers;
 *   2. a second text written for this test (Maghrebi and Levantine months, an English passage,
 *      Arabic-Indic digits, every proclitic) with its own YAML register and hand markup.
 */
const root = resolve(import.meta.dirname, '..', '..');
const seedDir = join(root, 'editions', 'haftar-moscow-2016');
const seedXml = readFileSync(join(seedDir, 'haftar-moscow-2016.xml'), 'utf8');
const seedText = readFileSync(join(seedDir, 'source.txt'), 'utf8');
const seed = sourceFromText(join(seedDir, 'haftar-moscow-2016.xml'), seedXml);
const secondDir = join(root, 'test', 'fixtures', 'encode', 'tunis-book-fair');
const secondText = readFileSync(join(secondDir, 'source.txt'), 'utf8');
const secondGold = sourceFromText(join(secondDir, 'gold.xml'), readFileSync(join(secondDir, 'gold.xml'), 'utf8'));
const validator = new Validator();
const lines: string[] = [];
afterAll(() => console.log(`\nencode, measured:\n${lines.join('\n')}\n`));

// The draft is written where an edition of this repository lives, so its xml-models resolve.
const draftPath = (slug: string) => join(root, 'editions', slug, `${slug}.xml`);

async function check(slug: string, xml: string, archival: { path: string; text: string }) {
  const draft = sourceFromText(draftPath(slug), xml);
  const report = await validator.validate(draft);
  expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.col} ${f.message}`)).toEqual([]);
  expect(report.status).toBe('valid');
  expect(fidelityOf(toText(draft).output, archival)).toBeNull();
  return draft;
}

const cases: [string, string, () => Register, typeof seed, string, string][] = [
  ['seed (haftar-moscow-2016)', seedText, () => registerFromEdition(seed, { attested: true }), seed, '2016-11-28', join(seedDir, 'source.txt')],
  [
    'second text (tunis-book-fair)',
    secondText,
    () => loadRegisters([join(secondDir, 'register.yaml')]),
    secondGold,
    '2024-04-27',
    join(secondDir, 'source.txt'),
  ],
];

describe.each(cases)('%s', (label, text, register, gold, date, path) => {
  const result = encodeText(path, text, register(), { slug: 'encode-test', date, today: '2026-12-01' });

  it('holds precision ≥ 0.98 and recall ≥ 0.95 against the hand markup', () => {
    const s = score(mentionsOf(gold), mentionsOf(sourceFromText('draft.xml', result.xml)));
    lines.push(show(label, s), `  missed: ${s.missed.join('; ') || 'none'}`, `  wrong: ${s.wrong.join('; ') || 'none'}`);
    expect(s.precision).toBeGreaterThanOrEqual(0.98);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('writes a draft that validates against diwan.rng + diwan.sch and reproduces the source', async () => {
    await check('encode-test', result.xml, { path, text });
  });

  it('marks nothing twice when run again over its own draft', () => {
    const again = encodeTei(sourceFromText(draftPath('encode-test'), result.xml), register(), { date });
    expect(again.xml).toBe(result.xml);
  });

  it('is deterministic', () => {
    expect(encodeText(path, text, register(), { slug: 'encode-test', date, today: '2026-12-01' }).xml).toBe(result.xml);
  });
});

describe('the seed with the registers its standOff alone gives', () => {
  it('prints the figure without the forms the hand markup attests (information, no threshold)', () => {
    const r = encodeText(join(seedDir, 'source.txt'), seedText, registerFromEdition(seed, { attested: false }), { slug: 'x', date: '2016-11-28' });
    const s = score(mentionsOf(seed), mentionsOf(sourceFromText('draft.xml', r.xml)));
    lines.push(show('seed, standOff names only', s));
    expect(s.correct).toBeGreaterThan(0);
  });
});

// Tags the encoder adds inside <text>: removed, what is left must be the input, byte for byte.
const MARK_TAGS = /<\/?(?:persName|placeName|orgName|rs|roleName|date)(?:\s[^>]*)?>/g;
function unmarked(xml: string): string {
  const at = xml.search(/<text[\s>]/);
  return xml.slice(0, at) + xml.slice(at).replace(MARK_TAGS, '');
}

describe('encode EDITION.xml: splicing marks into an existing TEI', () => {
  const bare = unmarked(seedXml);
  const source = sourceFromText(join(seedDir, 'haftar-moscow-2016.xml'), bare);
  const register = registerFromEdition(seed, { attested: true });
  const result = encodeTei(source, register, { date: '2016-11-28' });

  it('adds only elements: the rest of the file is left byte for byte', () => {
    expect(result.xml).not.toBe(bare);
    expect(unmarked(result.xml)).toBe(bare);
  });

  it('marks as well as it does from plain text, validates and keeps the text', async () => {
    const s = score(mentionsOf(seed), mentionsOf(sourceFromText('spliced.xml', result.xml)));
    lines.push(show('seed, spliced into its own TEI with the marks taken out', s));
    expect(s.precision).toBeGreaterThanOrEqual(0.98);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
    const out = sourceFromText(join(seedDir, 'haftar-moscow-2016.xml'), result.xml);
    expect((await validator.validate(out)).findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([]);
    expect(fidelityOf(toText(out).output, { path: 'source.txt', text: seedText })).toBeNull();
  });

  it('is idempotent: a second run changes nothing', () => {
    const again = encodeTei(sourceFromText('x.xml', result.xml), register, { date: '2016-11-28' });
    expect(again.xml).toBe(result.xml);
    expect(again.report.summary.names).toBe(0);
    // every entry is pointed at by the document's marks: none is reported as never found
    expect(again.report.unused).toEqual([]);
  });

  it('adds missing register entries to standOff and their languages to langUsage', async () => {
    const extra = loadRegisters([join(secondDir, 'register.yaml')]);
    const doc = sourceFromText(join(seedDir, 'haftar-moscow-2016.xml'), seedXml.replace('وإن <placeName ref="#libya">ليبيا</placeName> أكبر', 'وإن تونس أكبر'));
    const r = encodeTei(doc, { entries: [...register.entries, ...extra.entries], files: [] }, { date: '2016-11-28' });
    expect(r.xml).toContain('وإن <placeName ref="#tunisia">تونس</placeName> أكبر');
    expect(r.xml).toContain('<place xml:id="tunisia"><placeName xml:lang="ar">تونس</placeName>');
    expect((await validator.validate(sourceFromText(join(seedDir, 'haftar-moscow-2016.xml'), r.xml))).status).toBe('valid');
  });
});
