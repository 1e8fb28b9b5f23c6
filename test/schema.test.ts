import { describe, it, expect, beforeAll } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsed } from './helpers/doc.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const teiAll = path.join(shared, 'tei', 'tei_all.rng');
const diwanRng = path.join(repoRoot, 'schemas', 'diwan.rng');
const seed = path.join(repoRoot, 'editions', 'haftar-moscow-2016', 'haftar-moscow-2016.xml');
const hasShared = existsSync(teiAll);
// jing is the reference validator here; on a machine without it these tests say so and skip.
const hasJing = spawnSync('jing', [], { stdio: 'ignore' }).error === undefined;

interface JingResult {
  valid: boolean;
  messages: string;
}

/** jing reports errors on stdout and exits 1; its classpath warnings on stderr are noise. */
async function jing(schema: string, ...files: string[]): Promise<JingResult> {
  try {
    await run('jing', [schema, ...files], { maxBuffer: 16 * 1024 * 1024 });
    return { valid: true, messages: '' };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    if (err.code !== 1) throw e;
    return { valid: false, messages: err.stdout ?? '' };
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'diwan-schema-'));
function write(name: string, xml: string): string {
  const file = path.join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  return file;
}

/** A minimal valid diwan document; `body` and `extra` fill the slots the variants vary. */
function doc(opts: { body: string; standOff?: string; header?: string; front?: string; back?: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ar">
  <teiHeader>
    <fileDesc>
      <titleStmt><title xml:lang="en">Test</title></titleStmt>
      <publicationStmt><publisher>diwan</publisher></publicationStmt>
      <sourceDesc><p>Test document.</p></sourceDesc>
    </fileDesc>
    <encodingDesc><p>Test.</p></encodingDesc>
    <profileDesc><langUsage><language ident="ar">Arabic</language><language ident="en">English</language></langUsage></profileDesc>
    ${opts.header ?? ''}
  </teiHeader>
  ${opts.standOff ?? ''}
  <text>${opts.front ?? ''}<body>${opts.body}</body>${opts.back ?? ''}</text>
</TEI>`;
}

/**
 * Uses every element diwan.rng defines, most attributes and most parent/child pairs, so that
 * its validity against tei_all backs the claim that diwan.rng is a subset of tei_all.
 */
const kitchenSink = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en" version="4.11.0" xml:id="ks" n="1" rend="plain" resp="#ed" cert="high" corresp="#p1">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main" level="m" ref="#ks">A <hi rend="italic">kitchen</hi> sink</title>
        <author ref="#writer"><persName><forename>Ahmad</forename> <surname>Shawqi</surname></persName></author>
        <editor><name type="team">diwan editors</name></editor>
        <respStmt xml:id="ed"><resp ref="#ed">encoding with <foreign xml:lang="ar">ديوان</foreign> <gi>persName</gi> <att>ref</att> <val>#x</val> <tag>lb/</tag> <code>x</code><note>n</note></resp><orgName>diwan</orgName><note>ok</note></respStmt>
      </titleStmt>
      <editionStmt><edition n="2">Second <date when="2026">2026</date></edition><respStmt><resp>proof</resp><name>X</name></respStmt></editionStmt>
      <publicationStmt>
        <publisher ref="https://example.org/">diwan</publisher>
        <distributor>diwan</distributor>
        <pubPlace ref="#cairo">Cairo</pubPlace>
        <date when="2026-11-29">2026</date>
        <availability status="free"><licence target="https://creativecommons.org/licenses/by/4.0/" notBefore="2026-01-01">CC BY <p>para</p></licence><p>free</p></availability>
        <idno type="diwan">ks</idno>
        <ptr target="https://example.org/ks"/>
        <ref target="https://example.org/">site</ref>
      </publicationStmt>
      <sourceDesc>
        <bibl type="letter" subtype="autograph" ref="#writer"><author>A</author> <editor>E</editor> <title level="a">T</title>, <publisher>P</publisher>, <pubPlace>Cairo</pubPlace>, <distributor>D</distributor>, <edition>1</edition>, <biblScope unit="page" from="1" to="2">1–2</biblScope>, <date when="1920-02">Feb 1920</date>, <respStmt><resp>r</resp><persName>P</persName></respStmt> <idno type="URL">https://example.org/</idno> <ptr target="https://example.org/"/> <bibl>nested</bibl> <choice><abbr>Dr</abbr><expan>Doctor</expan></choice> <seg>s</seg> <pb n="1"/> <emph>e</emph> <num value="2">two</num></bibl>
        <listBibl type="sources"><head>Sources</head><bibl>one</bibl><listBibl><bibl>two</bibl></listBibl></listBibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <projectDesc><p>project</p></projectDesc>
      <editorialDecl>
        <p>policy</p>
        <correction><p>c</p></correction><normalization><p>n</p></normalization><quotation><p>q</p></quotation>
        <hyphenation><p>h</p></hyphenation><segmentation><p>s</p></segmentation><interpretation><p>i</p></interpretation>
        <punctuation><p>p</p></punctuation>
      </editorialDecl>
      <refsDecl n="default"><citeStructure unit="section" match="/TEI/text/body/div" use="@n"><citeData property="http://purl.org/dc/terms/title" use="head"/><citeStructure unit="paragraph" match="p" use="@n" delim="."/></citeStructure></refsDecl>
      <refsDecl><p>Paragraphs are cited by their xml:id.</p></refsDecl>
      <listPrefixDef><prefixDef ident="wd" matchPattern="(Q\\d+)" replacementPattern="https://www.wikidata.org/entity/$1"><p>wd</p></prefixDef></listPrefixDef>
      <p>more</p>
    </encodingDesc>
    <profileDesc>
      <langUsage><language ident="en" usage="60">English <date when="2026">now</date></language><language ident="ar" usage="40">Arabic</language><language ident="ar-Latn-x-ijmes">Arabic (IJMES)</language></langUsage>
      <textClass><keywords scheme="https://example.org/k"><term type="topic" ref="wd:Q1">letters</term></keywords></textClass>
    </profileDesc>
    <revisionDesc><change when="2026-11-29" who="#ed" type="created">created <list><item>a</item></list></change><change notBefore="2026-01" notAfter="2026-02">draft <p>p</p></change></revisionDesc>
  </teiHeader>
  <standOff type="registers">
    <listPerson type="mentioned"><head>Persons</head>
      <person xml:id="writer" sex="M" role="author">
        <persName xml:lang="ar" type="full">أحمد شوقي</persName>
        <persName xml:lang="en"><roleName>Prince</roleName> <forename>Ahmad</forename> <surname>Shawqi</surname> <addName type="epithet">of Poets</addName></persName>
        <birth when="1868-10-16"><placeName ref="#cairo">Cairo</placeName></birth>
        <death when="1932-10-14">1932</death>
        <occupation type="primary" when="1900">poet</occupation>
        <affiliation ref="#diwan" from="1900" to="1910">court</affiliation>
        <nationality ref="#egypt">Egyptian</nationality>
        <idno type="wikidata">https://www.wikidata.org/entity/Q1</idno>
        <note>n</note><bibl>b</bibl><ptr target="https://example.org/"/><ref target="https://example.org/">r</ref>
      </person>
      <listPerson><person xml:id="p2"><persName>B</persName></person></listPerson>
    </listPerson>
    <listPlace><head>Places</head>
      <place xml:id="cairo" type="city"><placeName xml:lang="en">Cairo</placeName><country ref="#egypt">Egypt</country><settlement>Cairo</settlement><region>Delta</region><location type="approx"><geo>30.04 31.24</geo><placeName>Cairo</placeName><country>Egypt</country><settlement>C</settlement><region>R</region><desc>d</desc><note>n</note></location><desc>A city <ref target="#egypt">in Egypt</ref></desc><idno type="geonames">https://www.geonames.org/360630</idno><note>n</note><bibl>b</bibl><ptr target="#egypt"/><ref target="#egypt">E</ref><place xml:id="giza"><placeName>Giza</placeName></place><listPlace><place xml:id="egypt"><placeName>Egypt</placeName></place></listPlace></place>
    </listPlace>
    <listOrg type="orgs"><head>Organisations</head>
      <org xml:id="diwan" type="project" role="publisher"><orgName xml:lang="en">diwan</orgName><idno type="wikidata">https://www.wikidata.org/entity/Q2</idno><desc>d</desc><placeName ref="#cairo">Cairo</placeName><location><settlement>Cairo</settlement></location><note>n</note><bibl>b</bibl><ptr target="#cairo"/><ref target="#cairo">c</ref></org>
      <listOrg><org xml:id="o2"><orgName>O</orgName></org></listOrg>
    </listOrg>
    <listBibl><bibl>standoff bibl</bibl></listBibl>
  </standOff>
  <text type="letter">
    <front><p>front matter</p><note>n</note><div><p>preface</p></div><pb n="i"/><div><head>second</head></div></front>
    <body>
      <pb n="1" facs="page1.jpg" ed="a"/>
      <head type="main">Letter</head>
      <opener><dateline><placeName ref="#cairo">Cairo</placeName>, <date when="1920-02-03">3 Feb 1920</date></dateline> <salute>Dear friend,</salute> <byline>by A</byline> <signed>A</signed> text</opener>
      <dateline>D</dateline>
      <byline>B</byline>
      <figure type="photo"><head>Caption</head><p>p</p><ab>ab</ab><figDesc>A photo of <persName ref="#writer">A</persName> <date when="1920">1920</date> <hi>h</hi> <q>q</q> <choice><sic>teh</sic><corr>the</corr></choice> <ref target="#x">r</ref> <gi>p</gi></figDesc><graphic url="photo.jpg" mimeType="image/jpeg"/><note>n</note></figure>
      <div type="section" subtype="main" xml:id="d1" n="1">
        <head>Section <num type="ordinal" value="1">first</num></head>
        <p xml:id="p1" n="1">Mention of <persName ref="#writer" type="full">Ahmad Shawqi</persName>, <placeName ref="#cairo">Cairo</placeName>, <orgName ref="#diwan">diwan</orgName>, <rs type="person" ref="#writer #p2">the two</rs>, <roleName ref="#writer">the Prince</roleName>, <name ref="#o2">O</name>, <country>Egypt</country>, <settlement>Giza</settlement>, <region>Delta</region>, <forename>A</forename> <surname>S</surname> <addName>Bey</addName>.
          Dates: <date when="1920-02-03" type="evening">3 Feb</date>, <date notBefore="1919" notAfter="1920-06">1919/20</date>, <date from="1920-01-01T10:00:00" to="1920-01-02">two days</date>, <date dur="P6M">six months</date>, <time when="10:30:00">half past ten</time>.
          Phrase: <hi rend="bold">b</hi> <emph>e</emph> <foreign xml:lang="fr">f</foreign> <mentioned>m</mentioned> <term ref="#t">t</term> <title level="m">T</title> <code>c</code> <q type="spoken" who="#writer">q <list><item>i</item></list></q> <seg type="phrase" subtype="x">s</seg> <ref type="internal" target="#d1">r</ref> <ptr type="internal" target="#d1"/>.
          Editorial: <choice><sic>a</sic><corr type="typo">b</corr></choice> <choice><corr>b</corr><sic>a</sic></choice> <choice><orig>o</orig><reg type="spelling">r</reg></choice> <choice><reg>r</reg><orig>o</orig></choice> <choice><abbr type="suspension">Dr</abbr><expan>Doctor</expan></choice> <choice><expan>e</expan><abbr>a</abbr></choice> <add type="insertion">a</add> <del type="strike" rend="strikethrough">d</del> <unclear reason="faded" cert="low">u</unclear> <supplied reason="omitted">s</supplied> <gap reason="illegible" quantity="3" unit="char"/> <sic>x</sic> <orig>y</orig> <abbr>z</abbr> <expan>w</expan> <corr>c</corr> <reg>r</reg>
          Milestones: <lb/><lb break="no" type="x" ed="a"/><pb n="2"/><milestone unit="section" n="2"/>
          Inline blocks: <quote type="verse" source="#b1">q <p>inner</p></quote> <list type="simple"><head>L</head><item>a <p>p</p></item></list> <bibl xml:id="b1">b</bibl> <label>l</label> <note type="editorial" place="foot" target="#p1">note <p>p</p> <list><item>i</item></list> <ab>ab</ab></note>
        </p>
        <ab type="blank-line">&#xA0;</ab>
        <list type="gloss"><label>a</label><item>b</item><label>c</label><item>d</item></list>
        <quote><p>block quote</p></quote>
        <bibl>block bibl</bibl>
        <listBibl><bibl>x</bibl></listBibl>
        <lg type="stanza"><head>Poem</head><l>line <hi>one</hi></l><lg><l>two</l></lg></lg>
        <table type="data"><head>Table</head><row role="label"><cell>a</cell><cell cols="2">b</cell></row><row><cell role="data" rows="1">c</cell></row></table>
        <note>block note</note>
        <div><head>Sub</head><p>sub</p></div>
        <pb n="3"/>
        <div><p>sub 2</p></div>
        <closer><salute>Yours,</salute> <signed>A</signed> <dateline>Cairo</dateline> <byline>b</byline> text <persName ref="#writer">A</persName></closer>
        <trailer type="end">End</trailer>
        <postscript><p>P.S.</p><signed>A.</signed></postscript>
        <signed>A</signed>
      </div>
      <div><head>empty div</head></div>
      <closer>fin</closer>
    </body>
    <back><div><head>Notes</head><note>n</note></div></back>
  </text>
</TEI>`;

const validVariants: Record<string, string> = {
  'news-article': doc({
    body: `<div type="article"><head xml:id="h">Headline</head><figure><head xml:lang="en">Caption</head></figure><p xml:id="p1" n="1">A <placeName ref="#x">place</placeName>.</p><ab type="blank-line">&#xA0;&#xA0;</ab><p xml:id="p2" n="2">B.</p><closer>Source: <orgName ref="#x">AFP</orgName></closer></div>`,
    standOff: `<standOff><listPlace><place xml:id="x"><placeName xml:lang="en">X</placeName></place></listPlace></standOff>`,
  }),
  'letter-with-notes': doc({
    body: `<div type="letter"><opener><dateline>Cairo, <date when="1920-02-03">3 February 1920</date></dateline><salute>Dear friend,</salute></opener><p>I write<note place="foot">An editorial note.</note> <lb/>with <choice><sic>teh</sic><corr>the</corr></choice> news.</p><closer><salute>Yours</salute><signed><persName>A.</persName></signed></closer><postscript><p>P.S. more.</p></postscript></div>`,
  }),
  'document-with-list-and-table': doc({
    body: `<head>Inventory</head><p>Items:</p><list type="numbered"><item>one</item><item>two <hi rend="bold">bold</hi></item></list><table><row role="label"><cell>k</cell><cell>v</cell></row><row><cell>a</cell><cell>1</cell></row></table><pb n="2"/><p>End.</p>`,
  }),
  'poem-with-front-and-back': doc({
    front: `<front><div><p>Preface.</p></div></front>`,
    body: `<lg type="poem"><l>first line</l><l>second <gap reason="illegible" quantity="2" unit="word"/> line</l></lg>`,
    back: `<back><div><head>Notes</head><p>Note.</p></div></back>`,
  }),
  'header-with-bibl-and-revisions': doc({
    body: `<p>Text with a <ref target="https://example.org/">link</ref> and <quote>a quotation</quote>.</p>`,
    header: `<revisionDesc><change when="2026-11-29" who="#x">first</change><change when="2026-11-30T12:00:00">second</change></revisionDesc>`,
  }),
};

const invalidVariants: Record<string, { xml: string; expect: RegExp }> = {
  'unknown element': {
    xml: doc({ body: `<p>x <foo>bar</foo></p>` }),
    expect: /foo/,
  },
  'bad @when': {
    xml: doc({ body: `<p><date when="28 November 2016">then</date></p>` }),
    expect: /when/,
  },
  '@when with a gMonthDay (allowed by tei_all, not by diwan)': {
    xml: doc({ body: `<p><date when="--11-28">28 Nov</date></p>` }),
    expect: /when/,
  },
  'bad @dur': {
    xml: doc({ body: `<p><date dur="six months">six months</date></p>` }),
    expect: /dur/,
  },
  'missing titleStmt': {
    xml: doc({ body: `<p>x</p>` }).replace(/<titleStmt>.*?<\/titleStmt>/, ''),
    expect: /titleStmt|publicationStmt/,
  },
  'attribute not allowed': {
    xml: doc({ body: `<p type="lead">x</p>` }),
    expect: /type/,
  },
  'attribute from another namespace': {
    xml: doc({ body: `<p xmlns:x="urn:x" x:y="1">x</p>` }),
    expect: /y/,
  },
  'empty @ref': {
    xml: doc({ body: `<p><persName ref="">x</persName></p>` }),
    expect: /ref/,
  },
  'missing langUsage (profileDesc required)': {
    xml: doc({ body: `<p>x</p>` }).replace(/<profileDesc>.*?<\/profileDesc>/, ''),
    expect: /profileDesc|revisionDesc|teiHeader/,
  },
  'quote inside date (tei_all forbids it too)': {
    xml: doc({ body: `<p><date when="2016"><quote>x</quote></date></p>` }),
    expect: /quote/,
  },
  'figure inside a paragraph': {
    xml: doc({ body: `<p>x <figure><head>c</head></figure></p>` }),
    expect: /figure/,
  },
  'choice with a single reading': {
    xml: doc({ body: `<p><choice><sic>x</sic></choice></p>` }),
    expect: /choice|sic|corr/,
  },
  'text before teiHeader': {
    xml: doc({ body: `<p>x</p>` })
      .replace(/<teiHeader>[\s\S]*<\/teiHeader>/, '')
      .replace('</text>', '</text><teiHeader/>'),
    expect: /teiHeader|text/,
  },
};

/** One JVM start per schema instead of one per document: jing checks many files in a run. */
async function jingEach(schema: string, files: Record<string, string>): Promise<Map<string, string>> {
  const paths = Object.entries(files).map(([name, xml]) => write(name, xml));
  const r = await jing(schema, ...paths);
  const byFile = new Map<string, string>(paths.map((p) => [p, '']));
  for (const line of r.messages.split('\n')) {
    const file = paths.find((p) => line.startsWith(`${p}:`));
    if (file) byFile.set(file, `${byFile.get(file) + line}\n`);
  }
  return byFile;
}
const fileOf = (name: string): string => path.join(dir, `${name}.xml`);
const invalidName = (name: string): string => `invalid-${name.replace(/\W+/g, '-')}`;

describe.skipIf(!hasJing)(`diwan.rng (checked with jing)${hasJing ? '' : ' (skipped: jing is not installed; apt-get install jing)'}`, () => {
  let results = new Map<string, string>();
  beforeAll(async () => {
    results = await jingEach(diwanRng, {
      'kitchen-sink': kitchenSink,
      ...validVariants,
      ...Object.fromEntries(Object.entries(invalidVariants).map(([n, v]) => [invalidName(n), v.xml])),
    });
  });

  it('is itself a well-formed RELAX NG grammar that accepts the seed edition', async () => {
    const r = await jing(diwanRng, seed);
    expect(r.messages).toBe('');
    expect(r.valid).toBe(true);
  });

  it('accepts the kitchen-sink document', () => {
    expect(results.get(fileOf('kitchen-sink'))).toBe('');
  });

  it('kitchen sink uses every element that diwan.rng defines', () => {
    const rng = readFileSync(diwanRng, 'utf8');
    const defined = [...rng.matchAll(/<element name="([A-Za-z]+)"/g)].map((m) => m[1]!);
    expect(defined.length).toBeGreaterThan(90);
    const missing = defined.filter((name) => !new RegExp(`<${name}[\\s/>]`).test(kitchenSink));
    expect(missing).toEqual([]);
  });

  for (const name of Object.keys(validVariants)) {
    it(`accepts variant: ${name}`, () => {
      expect(results.get(fileOf(name))).toBe('');
    });
  }

  for (const [name, { expect: pattern }] of Object.entries(invalidVariants)) {
    it(`rejects: ${name}`, () => {
      const messages = results.get(fileOf(invalidName(name)));
      expect(messages).toMatch(/error/);
      expect(messages).toMatch(pattern);
    });
  }
});

describe.skipIf(!hasShared || !hasJing)(
  `diwan.rng is a subset of tei_all (needs ../shared/tei/tei_all.rng and jing)${hasShared && hasJing ? '' : ' (skipped)'}`,
  () => {
    it('the seed edition is valid against tei_all', async () => {
      const r = await jing(teiAll, seed);
      expect(r.messages).toBe('');
    });

    it('the kitchen-sink document and every valid variant are valid against tei_all', async () => {
      const results = await jingEach(teiAll, { 'kitchen-sink': kitchenSink, ...validVariants });
      for (const [file, messages] of results) expect(messages, file).toBe('');
    });
  },
);

describe("diwan.sch (run with diwan's Schematron engine)", async () => {
  const { compileSchematron, runSchematron } = await import('../src/check/schematron/index.js');
  const schPath = path.join(repoRoot, 'schemas', 'diwan.sch');
  const schema = compileSchematron(readFileSync(schPath, 'utf8'), { path: schPath });
  const check = (name: string, text: string) => runSchematron(schema, parsed(name, text));

  it('finds nothing to report in the seed edition', () => {
    expect(check(seed, readFileSync(seed, 'utf8')).map((f) => f.message)).toEqual([]);
  });

  it('reports each kind of problem once, with a readable message', () => {
    const broken = doc({
      body: `<p xml:id="p1" n="1"><persName ref="#nosuch">x</persName> <placeName ref="#a">y</placeName> <foreign xml:lang="de">z</foreign>
        <date when="2016-02-30">a</date> <date notBefore="2016-12" notAfter="2016-11-28">b</date> <date when="2016" from="2015">c</date>
        <rs type="place" ref="xx:1">d</rs> <rs type="place" ref="wd:abc">e</rs></p><ab type="blank-line">x</ab>`,
      header: `<revisionDesc><change when="2026-11-29">c</change></revisionDesc>`,
      standOff: `<standOff><listPerson><person xml:id="a"><persName>A</persName></person><person xml:id="unused"><persName>U</persName><idno type="wikidata">Q12</idno></person></listPerson></standOff>`,
    }).replace(
      '<encodingDesc><p>Test.</p></encodingDesc>',
      `<encodingDesc><listPrefixDef><prefixDef ident="wd" matchPattern="(Q\\d+)" replacementPattern="https://www.wikidata.org/entity/$1"/></listPrefixDef></encodingDesc>`,
    );
    const findings = check('broken.xml', broken);
    const errors = findings.filter((f) => f.severity === 'error').map((f) => f.message);
    const warnings = findings.filter((f) => f.severity === 'warning').map((f) => f.message);
    const expected = [
      /#nosuch/,
      /not a place entry/,
      /"de".*not declared/,
      /2016-02-30/,
      /notBefore \(2016-12\)/,
      /@when cannot be combined/,
      /xx:1/,
      /blank-line/,
      /"Q12"/,
    ];
    // wd:abc not fitting its prefixDef is found by the check stage in linear time (test/pointers.test.ts).
    for (const re of expected)
      expect(
        errors.filter((m) => re.test(m)),
        String(re),
      ).toHaveLength(1);
    expect(errors).toHaveLength(expected.length);
    expect(
      warnings.filter((m) => /"unused" is not referenced/.test(m)),
      warnings.join('\n'),
    ).toHaveLength(1);
    expect(warnings.some((m) => /<ab> in the text has no xml:id/.test(m))).toBe(true);
  });
});
