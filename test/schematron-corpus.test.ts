import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSchematron, extractSchematron, runSchematron } from '../src/check/schematron/index.js';
import { parsed } from './helpers/doc.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(repoRoot, '..', 'shared');
const eltec = join(shared, 'corpus', 'eltec');
const hasEltec = existsSync(join(eltec, 'schemas', 'eltec-1.rng'));

describe.skipIf(!hasEltec)(`ELTeC: Schematron embedded in eltec-1.rng${hasEltec ? '' : ' (skipped: ../shared/corpus/eltec absent)'}`, () => {
  const load = (): ReturnType<typeof compileSchematron> =>
    compileSchematron(extractSchematron(readFileSync(join(eltec, 'schemas', 'eltec-1.rng'), 'utf8'))!, { path: 'eltec-1.rng' });

  it('extracts every embedded pattern and compiles them', () => {
    const c = load();
    // 18 sch:pattern elements in eltec-1.rng (grep -c '<pattern xmlns="http://purl.oclc.org/dsdl/schematron"')
    expect(c.patterns).toHaveLength(18);
    expect(c.patterns.map((p) => p.id)).toContain('eltec-1-note-notePlacement-constraint-assert-6');
  });

  const lyall = (): string => readFileSync(join(eltec, 'eng', 'level1', 'ENG18872_Lyall.xml'), 'utf8');

  it('a published level-1 novel breaks no ELTeC rule', () => {
    const f = runSchematron(load(), parsed('ENG18872_Lyall.xml', lyall()));
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('catches what the rules forbid, at the right place', () => {
    // Each edit breaks one rule, read off eltec-1.rng:
    //  a date in the body (datePlacement), a chapter split into divs (chapterStructure),
    //  @subtype without @type (subtypeTyped), @when with @notBefore (att.datable.w3c, role nonfatal).
    let text = lyall();
    const body = text.indexOf('<body');
    const firstDiv = text.indexOf('<div', body);
    expect(firstDiv).toBeGreaterThan(0);
    text =
      text.slice(0, firstDiv) +
      '<div type="chapter"><div type="chapter"><p>x <date when="1872" notBefore="1871">1872</date></p></div></div><div subtype="odd" type2="x"><p>y</p></div>' +
      text.slice(firstDiv);
    const f = runSchematron(load(), parsed('mutant.xml', text));
    const byPattern = (s: string) => f.filter((x) => (x.pattern ?? '').includes(s));
    expect(byPattern('datePlacement')).toHaveLength(1);
    expect(byPattern('datePlacement')[0]!.message).toBe('The date element should not be used outside the TEI Header');
    expect(byPattern('datePlacement')[0]!.severity).toBe('error'); // role="ERROR"
    expect(byPattern('chapterStructure')).toHaveLength(1);
    expect(byPattern('chapterStructure')[0]!.xpath).toMatch(/\/body\[1\]\/div\[1\]$/);
    expect(byPattern('subtypeTyped')).toHaveLength(1);
    expect(byPattern('subtypeTyped')[0]!.message).toMatch(/^The div element should not be categorized/);
    const when = byPattern('when-constraint');
    expect(when).toHaveLength(1);
    expect(when[0]!.severity).toBe('warning'); // role="nonfatal"
    // the mutant's elements all sit on the line of the first div
    const line = text.slice(0, firstDiv).split('\n').length;
    expect(new Set([...byPattern('datePlacement'), ...byPattern('subtypeTyped')].map((x) => x.line))).toEqual(new Set([line]));
  });

  it('checks the 4 MB level-2 novel in seconds', () => {
    const path = join(eltec, 'eng', 'level2', 'ENG18570_Bronte.xml');
    if (!existsSync(path)) return;
    const c = load();
    const t = performance.now();
    const f = runSchematron(c, parsed(path, readFileSync(path, 'utf8')));
    const ms = performance.now() - t;
    console.log(`ENG18570_Bronte.xml: ${f.length} findings in ${Math.round(ms)} ms`);
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
    expect(ms).toBeLessThan(60_000); // generous: the machine is shared; typically a few seconds
  });
});

const diwanSch = join(repoRoot, 'schemas', 'diwan.sch');
const seed = join(repoRoot, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
describe.skipIf(!existsSync(diwanSch) || !existsSync(seed))('diwan.sch on the seed edition', () => {
  const compiled = (): ReturnType<typeof compileSchematron> => compileSchematron(readFileSync(diwanSch, 'utf8'), { path: diwanSch });
  const text = (): string => readFileSync(seed, 'utf8');

  it('the seed has no errors', () => {
    const f = runSchematron(compiled(), parsed(seed, text()));
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('catches a dangling #ref', () => {
    const t = text().replace(/ref="#aljazeera"/, 'ref="#aljazeeraX"');
    const f = runSchematron(compiled(), parsed(seed, t)).filter((x) => x.severity === 'error');
    expect(f.map((x) => x.rule)).toContain('schematron:pointer-resolves');
    expect(f.find((x) => x.rule === 'schematron:pointer-resolves')!.message).toMatch(/#aljazeeraX/);
  });

  it('catches an undeclared xml:lang', () => {
    const t = text().replace('<title xml:lang="en" type="translated">', '<title xml:lang="tlh" type="translated">');
    const f = runSchematron(compiled(), parsed(seed, t)).filter((x) => x.severity === 'error');
    const lang = f.filter((x) => x.rule === 'schematron:lang-declared');
    expect(lang).toHaveLength(1);
    expect(lang[0]!.line).toBe(9);
  });

  it('catches a date that does not exist', () => {
    const t = text().replace('when="2016-11-28"', 'when="2016-02-30"');
    const f = runSchematron(compiled(), parsed(seed, t)).filter((x) => x.severity === 'error');
    expect(f.map((x) => x.rule)).toContain('schematron:date-real');
  });
});
