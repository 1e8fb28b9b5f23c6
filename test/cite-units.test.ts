import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citabilityOf } from '../src/cite/index.js';
import { plainText } from '../src/cite/dom.js';
import { Validator } from '../src/check/validate.js';
import { writeSkeleton } from '../src/tei/skeleton.js';
import { parsed } from './helpers/doc.js';
import { needsShared } from './helpers/needs-shared.js';

const repo = path.resolve(import.meta.dirname, '..');
const seedFile = path.join(repo, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const seedXml = readFileSync(seedFile, 'utf8');
const corpus = path.resolve(repo, '..', 'shared', 'corpus');
const play = path.join(corpus, 'dracor', 'gerdracor', 'lessing-emilia-galotti.xml');
const novel = path.join(corpus, 'eltec', 'eng', 'level1', 'ENG18872_Lyall.xml');

/** A small TEI document around a body (and optionally an encodingDesc). */
function tei(body: string, encodingDesc = ''): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>${encodingDesc ? `<encodingDesc>${encodingDesc}</encodingDesc>` : ''}</teiHeader><text><body>${body}</body></text></TEI>`;
}

/** identifier → the text of its unit. */
function textsOf(xml: string): Map<string, string> {
  const source = parsed('t.xml', xml);
  const [tree] = citabilityOf(source).trees;
  return new Map(tree!.units.map((u) => [u.identifier, plainText(source.tree.elements[u.element]!)]));
}

describe('citable units of the seed edition (declared in its header)', () => {
  const source = parsed(seedFile, seedXml);
  const { trees, findings } = citabilityOf(source);

  it('declares one tree: the headline, both captions, ten paragraphs and the source line, by xml:id', () => {
    expect(trees).toHaveLength(1);
    const [tree] = trees;
    expect(tree!.declared).toBe(true);
    expect(tree!.units.map((u) => u.identifier)).toEqual(['head', 'fig1-en', 'fig1-ar', ...Array.from({ length: 10 }, (_, i) => `p${i + 1}`), 'source']);
    expect(tree!.units.map((u) => u.citeType)).toEqual(['headline', 'caption', 'caption', ...Array(10).fill('paragraph'), 'source']);
    expect(tree!.structure.map((s) => s.citeType)).toEqual(['headline', 'caption', 'paragraph', 'source']);
    // The identifier is the HTML anchor; the paragraph number is the locator.
    expect(tree!.units.every((u) => u.anchor === u.identifier && u.level === 1 && u.parent === null)).toBe(true);
    expect(tree!.units.find((u) => u.identifier === 'p3')!.n).toBe('3');
    expect(tree!.units.find((u) => u.identifier === 'p3')!.dublinCore).toEqual({ identifier: ['3'] });
    expect(findings).toEqual([]);
  });

  it('keeps every identifier on the same text when the document is re-encoded (a block added before, attributes and white space changed)', () => {
    const before = textsOf(seedXml);
    const reencoded = seedXml
      .replace('<p xml:id="p1" n="1">', '<p xml:id="p0" n="0">A new first paragraph.</p>\n        <p n="1"   xml:id="p1">')
      .replace(/<p xml:id="p(\d+)" n="(\d+)">/g, '<p n="$2" rend="plain" xml:id="p$1">');
    const after = textsOf(reencoded);
    expect(after.get('p0')).toBe('A new first paragraph.');
    for (const [id, text] of before) expect(after.get(id), id).toBe(text);
  });

  it('is what diwan init writes into a new edition', () => {
    const xml = writeSkeleton({
      slug: 's',
      lang: 'ar',
      title: 'T',
      change: 'c',
      today: '2026-01-01',
      blocks: [
        { element: 'head', attrs: [['xml:id', 'head']], content: (e) => void e.txt('عنوان') },
        {
          element: 'p',
          attrs: [
            ['xml:id', 'p1'],
            ['n', '1'],
          ],
          content: (e) => void e.txt('نص'),
        },
      ],
    });
    const [tree] = citabilityOf(parsed('s.xml', xml)).trees;
    expect(tree!.declared).toBe(true);
    expect(tree!.units.map((u) => [u.identifier, u.citeType])).toEqual([
      ['head', 'headline'],
      ['p1', 'paragraph'],
    ]);
  });
});

describe('declared citation structures', () => {
  it('builds nested identifiers from use and delim, and names further trees by @n', () => {
    const xml = tei(
      '<div n="1"><head>One</head><p n="1">a</p><p n="2">b</p></div><div n="2"><p n="1">c</p></div>',
      `<refsDecl><citeStructure unit="book" match="/TEI/text/body/div" use="@n"><citeData property="http://purl.org/dc/terms/title" use="head"/><citeStructure unit="para" match="p" use="@n" delim=":"/></citeStructure></refsDecl>
       <refsDecl n="flat"><citeStructure unit="para" match="//body//p" use="concat(../@n, '-', @n)"/></refsDecl>`,
    );
    const { trees, findings } = citabilityOf(parsed('t.xml', xml));
    expect(findings).toEqual([]);
    expect(trees.map((t) => t.identifier)).toEqual([null, 'flat']);
    expect(trees[0]!.units.map((u) => `${u.identifier}@${u.level}<${u.parent}`)).toEqual(['1@1<null', '1:1@2<1', '1:2@2<1', '2@1<null', '2:1@2<2']);
    expect(trees[0]!.units[0]!.title).toBe('One');
    expect(trees[0]!.units[0]!.end).toBe(3);
    expect(trees[0]!.structure).toEqual([{ citeType: 'book', children: [{ citeType: 'para', children: [] }] }]);
    expect(trees[1]!.units.map((u) => u.identifier)).toEqual(['1-1', '1-2', '2-1']);
  });

  it('warns about positional identifiers, units without one and identifiers that are not unique', () => {
    const xml = tei(
      '<div><p>a</p><p>b</p></div><div n="x"><p n="1">c</p><p n="1">d</p><p>e</p></div>',
      `<refsDecl><citeStructure unit="chapter" match="/TEI/text/body/div" use="position()"><citeStructure unit="para" match="p" use="@n" delim="."/></citeStructure></refsDecl>`,
    );
    const { trees, findings } = citabilityOf(parsed('t.xml', xml));
    const messages = findings.map((f) => f.message).join('\n');
    expect(messages).toMatch(/chapter units come from their position/);
    expect(messages).toMatch(/3 para units have no identifier by use="@n"/);
    expect(messages).toMatch(/2 units share the identifier "2\.1"/);
    expect(findings.every((f) => f.severity === 'warning' && f.rule === 'cite' && f.line > 0)).toBe(true);
    // position() counts among the matched divisions, as TEI means it.
    expect(trees[0]!.units.map((u) => u.identifier)).toEqual(['1', '2']);
  });

  it('does not run XPath that could read files or the environment, and says so', () => {
    const xml = tei(
      '<p n="1">a</p>',
      `<refsDecl><citeStructure unit="p" match="/TEI/text/body/p" use="unparsed-text('file:///etc/passwd')"/><citeStructure unit="q" match="doc('file:///etc/passwd')" use="@n"/><citeStructure unit="r" match="//p" use="$x"/></refsDecl>`,
    );
    const { trees, findings } = citabilityOf(parsed('t.xml', xml));
    expect(trees[0]!.units).toEqual([]);
    const messages = findings.map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/the use "unparsed-text.*" is not run: the function unparsed-text\(\) is not allowed/),
      expect.stringMatching(/the match "doc.*" is not run: the function doc\(\) is not allowed/),
      expect.stringMatching(/is not run: variables are not allowed/),
    ]);
    expect(JSON.stringify(trees)).not.toContain('root:');
  });
});

describe('derived citation trees (documents without a declaration)', () => {
  it('chains @n under the parent identifier, prefers xml:id, names headed divisions by their head', () => {
    const xml = tei(
      '<div type="chapter" n="1"><p n="1">a</p><p xml:id="special">b</p><div type="section" n="2"><p n="3">c</p></div></div><div type="chapter"><head>The <hi>Second</hi> Chapter.</head><p n="1">d</p></div>',
    );
    const { trees, findings } = citabilityOf(parsed('t.xml', xml));
    expect(findings).toEqual([]);
    const [tree] = trees;
    expect(tree!.declared).toBe(false);
    expect(tree!.units.map((u) => `${u.identifier}|${u.citeType}|${u.level}`)).toEqual([
      '1|chapter|1',
      '1.1|paragraph|2',
      'special|paragraph|2',
      '1.2|section|2',
      '1.2.3|paragraph|3',
      'The Second Chapter|chapter|1',
      'The Second Chapter.1|paragraph|2',
    ]);
    expect(tree!.structure).toEqual([
      {
        citeType: 'chapter',
        children: [
          { citeType: 'paragraph', children: [] },
          { citeType: 'section', children: [{ citeType: 'paragraph', children: [] }] },
        ],
      },
    ]);
  });

  it('never falls back to position: unidentified paragraphs are left out and counted in one warning', () => {
    const xml = tei('<div n="1"><p>a</p><p>b</p><p n="3">c</p></div>');
    const { trees, findings } = citabilityOf(parsed('t.xml', xml));
    expect(trees[0]!.units.map((u) => u.identifier)).toEqual(['1', '1.3']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', rule: 'cite', line: 1 });
    expect(findings[0]!.message).toMatch(/^2 <p> elements have no xml:id, no @n \(this is the first\): they cannot be cited stably/);
  });

  it('a play from DraCor: acts and scenes by their heads; speeches and paragraphs warned about', (ctx) => {
    needsShared(ctx, [play]);
    const { trees, findings } = citabilityOf(parsed(play, readFileSync(play, 'utf8')));
    const [tree] = trees;
    expect(tree!.structure).toEqual([{ citeType: 'act', children: [{ citeType: 'scene', children: [] }] }]);
    expect(tree!.units.filter((u) => u.citeType === 'act')).toHaveLength(5);
    expect(tree!.units.filter((u) => u.citeType === 'scene')).toHaveLength(43);
    expect(tree!.units[1]).toMatchObject({ identifier: 'Erster Aufzug.Erster Auftritt', parent: 'Erster Aufzug', level: 2, title: 'Erster Auftritt' });
    expect(findings.map((f) => f.message.split(' (')[0])).toEqual(['835 <sp> elements have no xml:id, no @n', '835 <p> elements have no xml:id, no @n']);
  });

  it('a novel from ELTeC: chapters by their heads', (ctx) => {
    needsShared(ctx, [novel]);
    const [tree] = citabilityOf(parsed(novel, readFileSync(novel, 'utf8'))).trees;
    expect(tree!.units.map((u) => u.identifier)).toEqual([
      'MY FIRST STAGE',
      'MY SECOND STAGE',
      'MY THIRD STAGE',
      'MY FOURTH STAGE',
      'MY FIFTH STAGE',
      'MY SIXTH STAGE',
      'MY SEVENTH STAGE',
      'MY TRIUMPHANT FINALE',
    ]);
    expect(tree!.units.every((u) => u.citeType === 'chapter' && u.level === 1)).toBe(true);
  });
});

describe('validate reports units that cannot be cited stably', () => {
  it('as warnings with their line and column, beside the schema findings', async () => {
    const xml = tei('<div n="1"><p>a</p><p>b</p></div>');
    const report = await new Validator({ defaults: false }).validate(parsed('t.xml', xml));
    const cite = report.findings.filter((f) => f.rule === 'cite');
    expect(cite).toEqual([
      expect.objectContaining({ severity: 'warning', line: 1, message: expect.stringMatching(/2 <p> elements .* cannot be cited stably/) }),
    ]);
  });

  it('finds nothing to warn about in the seed edition', async () => {
    const report = await new Validator().validate(parsed(seedFile, seedXml));
    expect(report.findings.filter((f) => f.rule === 'cite')).toEqual([]);
    expect(report.status).toBe('valid');
  });
});
