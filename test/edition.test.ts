import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { textPortion } from './helpers/text-portion.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const seedSource = path.join(shared, 'seeds', '000_ba317d13d3125263.txt');
const editionDir = path.join(repoRoot, 'editions', 'haftar-moscow-2016');
const sourceBytes = readFileSync(path.join(editionDir, 'source.txt'));
const source = sourceBytes.toString('utf8');
const xml = readFileSync(path.join(editionDir, 'haftar-moscow-2016.xml'), 'utf8');

interface El {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: El | null;
}
type Node = El | string;

function parse(text: string): El {
  const parser = new SaxesParser({ xmlns: true });
  const root: El = { name: '#document', attrs: {}, children: [], parent: null };
  let cur = root;
  parser.on('opentag', (t) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(t.attributes)) attrs[a.prefix ? `${a.prefix}:${a.local}` : a.local] = a.value;
    const el: El = { name: t.local, attrs, children: [], parent: cur };
    cur.children.push(el);
    cur = el;
  });
  parser.on('closetag', () => {
    cur = cur.parent!;
  });
  parser.on('text', (t) => {
    cur.children.push(t);
  });
  parser.write(text).close();
  return root;
}
const isEl = (n: Node): n is El => typeof n !== 'string';
function* descendants(el: El): Generator<El> {
  for (const c of el.children)
    if (isEl(c)) {
      yield c;
      yield* descendants(c);
    }
}
const textOf = (el: El): string => el.children.map((c) => (isEl(c) ? textOf(c) : c)).join('');
const all = (el: El, name: string): El[] => [...descendants(el)].filter((e) => e.name === name);
const one = (el: El, name: string): El => {
  const found = all(el, name);
  if (found.length !== 1) throw new Error(`expected one <${name}>, found ${found.length}`);
  return found[0]!;
};
const count = (hay: string, needle: string): number => hay.split(needle).length - 1;

const doc = parse(xml);
const tei = one(doc, 'TEI');
const text = one(tei, 'text');
const standOff = one(tei, 'standOff');
const entries = [...descendants(standOff)].filter((e) => ['person', 'place', 'org'].includes(e.name));
const entryIds = new Set(entries.map((e) => e.attrs['xml:id']));

/** Occurrences of `needle` in text nodes that lie inside a `names` element pointing at `ref`. */
function markedOccurrences(needle: string, names: string[], ref: string): number {
  let n = 0;
  const walk = (el: El, inside: boolean): void => {
    const here = inside || (names.includes(el.name) && (el.attrs.ref ?? '').split(/\s+/).includes(ref));
    for (const c of el.children) {
      if (isEl(c)) walk(c, here);
      else if (here) n += count(c, needle);
    }
  };
  walk(text, false);
  return n;
}

describe.skipIf(!existsSync(seedSource))('source copy (needs ../shared/seeds)', () => {
  it('is byte-identical to the seed', () => {
    expect(sourceBytes.equals(readFileSync(seedSource))).toBe(true);
  });
});

describe('source.txt', () => {
  it('keeps the features the edition must preserve', () => {
    expect(source.endsWith('\n')).toBe(false);
    expect(count(source, '\u00A0')).toBe(27);
    expect(count(source, '\u0640')).toBe(1);
    expect(source.split('\n')[18]).toBe('\u00A0'.repeat(5));
  });
});

describe('text portion of the TEI edition', () => {
  it('reproduces source.txt character for character (independent TypeScript oracle)', () => {
    const portion = textPortion(xml);
    if (portion !== source) {
      // Point at the first difference; a whole-string diff of Arabic text is unreadable.
      let i = 0;
      while (portion[i] === source[i]) i++;
      expect(JSON.stringify(portion.slice(i - 20, i + 20))).toBe(JSON.stringify(source.slice(i - 20, i + 20)));
    }
    expect(portion).toBe(source);
  });

  it('the oracle itself follows the rules on small cases', () => {
    const wrap = (body: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><p>x</p></teiHeader><text><body>${body}</body></text></TEI>`;
    expect(textPortion(wrap('<p>\n  a   b\t</p>\n<p>c<note>skip</note></p>'))).toBe('a b\n\nc');
    expect(textPortion(wrap('<figure><head>x</head><head>y</head><figDesc>no</figDesc></figure><p>z</p>'))).toBe('x\ny\n\nz');
    expect(textPortion(wrap('<p>a</p><ab type="blank-line">\u00A0\u00A0</ab><p>b</p>'))).toBe('a\n\u00A0\u00A0\nb');
    expect(textPortion(wrap('<p>a <lb/>b <choice><sic>teh</sic><corr>the</corr></choice></p>'))).toBe('a\nb teh');
  });
});

describe('header', () => {
  const header = one(tei, 'teiHeader');
  it('has the Arabic main title, an English translated title and the diwan idno', () => {
    const titles = all(one(header, 'titleStmt'), 'title');
    expect(titles.find((t) => t.attrs.type === 'main' && t.attrs['xml:lang'] === 'ar')?.children.join('')).toBe(source.split('\n')[0]);
    expect(titles.some((t) => t.attrs['xml:lang'] === 'en' && t.attrs.type === 'translated')).toBe(true);
    expect(
      all(header, 'idno')
        .find((i) => i.attrs.type === 'diwan')
        ?.children.join(''),
    ).toBe('haftar-moscow-2016');
    expect(one(header, 'licence').attrs.target).toBe('https://creativecommons.org/licenses/by/4.0/');
  });
  it('gives the article URL with the exact UTF-8 percent-encoding of its slug', () => {
    const url = `https://www.aljazeera.net/news/arabic/2016/11/28/${encodeURIComponent('حفتر-يجري-مباحثات-بموسكو-والغويل')}`;
    const bibl = one(one(header, 'sourceDesc'), 'bibl');
    expect(one(bibl, 'ptr').attrs.target).toBe(url);
    expect(
      all(bibl, 'idno')
        .find((i) => i.attrs.type === 'URL')
        ?.children.join(''),
    ).toBe(url);
    expect(all(bibl, 'date').map((d) => d.attrs.when)).toContain('2016-11-28');
  });
  it('declares ar and en, the wd and geonames prefixes, and a change of 2026-11-29', () => {
    expect(
      all(header, 'language')
        .map((l) => l.attrs.ident)
        .sort(),
    ).toEqual(['ar', 'en']);
    const prefixes = Object.fromEntries(all(header, 'prefixDef').map((p) => [p.attrs.ident, p.attrs.replacementPattern]));
    expect(prefixes).toEqual({ wd: 'https://www.wikidata.org/entity/$1', geonames: 'https://www.geonames.org/$1' });
    expect(all(header, 'change').map((c) => c.attrs.when)).toContain('2026-11-29');
  });
});

describe('registers', () => {
  it('every entry has an ASCII xml:id and names in Arabic and English', () => {
    const nameOf: Record<string, string> = { person: 'persName', place: 'placeName', org: 'orgName' };
    for (const e of entries) {
      expect(e.attrs['xml:id']).toMatch(/^[a-z][a-z0-9-]*$/);
      const langs = e.children
        .filter(isEl)
        .filter((c) => c.name === nameOf[e.name])
        .map((c) => c.attrs['xml:lang']);
      expect(langs, e.attrs['xml:id']).toContain('ar');
      expect(langs, e.attrs['xml:id']).toContain('en');
    }
  });

  it('carries exactly the verified authority IDs, and a to-be-verified note elsewhere', () => {
    const verified: Record<string, string[]> = {
      moscow: ['wikidata:Q649', 'geonames:524901'],
      libya: ['wikidata:Q1016', 'geonames:2215636'],
      russia: ['wikidata:Q159', 'geonames:2017370'],
      tripoli: ['wikidata:Q3579', 'geonames:2210247'],
      lavrov: ['wikidata:Q58217'],
      un: ['wikidata:Q1065'],
      dpa: ['wikidata:Q312653'],
      reuters: ['wikidata:Q130879'],
    };
    const found: Record<string, string[]> = {};
    for (const idno of all(tei, 'idno').filter((i) => ['wikidata', 'geonames'].includes(i.attrs.type ?? ''))) {
      const owner = idno.parent!.attrs['xml:id']!;
      const value = textOf(idno).replace(/^https:\/\/www\.(wikidata\.org\/entity|geonames\.org)\//, '');
      found[owner] ??= [];
      found[owner].push(`${idno.attrs.type}:${value}`);
    }
    expect(found).toEqual(verified);
    for (const e of entries.filter((e) => !(e.attrs['xml:id']! in verified))) {
      expect(all(e, 'note').map(textOf).join(' '), e.attrs['xml:id']).toMatch(/still to be verified by a later editor/);
    }
  });
});

describe('mentions in the text', () => {
  const mentions = [...descendants(text)].filter((e) => e.attrs.ref !== undefined);

  it('every @ref points to a register entry', () => {
    expect(mentions.length).toBeGreaterThanOrEqual(80);
    for (const m of mentions) {
      for (const target of m.attrs.ref!.split(/\s+/)) {
        expect(target).toMatch(/^#/);
        expect(entryIds.has(target.slice(1)), `${m.name} ${target}`).toBe(true);
      }
    }
  });

  it('every register entry is mentioned in the text or referenced from the header/registers', () => {
    const pointers = new Set([...descendants(tei)].flatMap((e) => [e.attrs.ref, e.attrs.corresp, e.attrs.who].filter(Boolean).flatMap((v) => v!.split(/\s+/))));
    for (const id of entryIds) expect(pointers.has(`#${id}`), id!).toBe(true);
  });

  it('has at least the mentions established by reading the text', () => {
    const by = (name: string): number => all(text, name).length;
    expect(by('persName')).toBeGreaterThanOrEqual(23);
    expect(by('placeName')).toBeGreaterThanOrEqual(17);
    expect(by('orgName')).toBeGreaterThanOrEqual(13);
    expect(by('rs')).toBeGreaterThanOrEqual(19);
    expect(by('roleName')).toBeGreaterThanOrEqual(8);
    expect(by('date')).toBeGreaterThanOrEqual(10);
  });

  // Each name as it occurs in the source must be marked every time it occurs.
  const names: Array<[string, string[], string]> = [
    ['حفتر', ['persName'], '#haftar'],
    ['Haftar', ['persName'], '#haftar'],
    ['شويغو', ['persName'], '#shoigu'],
    ['لافروف', ['persName'], '#lavrov'],
    ['الغويل', ['persName'], '#ghwell'],
    ['دريدي', ['persName'], '#dridi'],
    ['البدري', ['persName'], '#badri'],
    ['Al-Fetori', ['persName'], '#omran-al-fetori'],
    ['موسكو', ['placeName'], '#moscow'],
    ['ليبيا', ['placeName'], '#libya'],
    ['Libya', ['placeName'], '#libya'],
    ['LIBYA', ['placeName'], '#libya'],
    ['روسيا', ['placeName'], '#russia'],
    ['طرابلس', ['placeName'], '#tripoli'],
    ['Benghazi', ['placeName'], '#benghazi'],
    ['Abyar', ['placeName'], '#abyar'],
    ['المنطقة الشرقية', ['rs'], '#eastern-libya'],
    ['الجزيرة', ['orgName'], '#aljazeera'],
    ['سبوتنيك', ['orgName'], '#sputnik'],
    ['الألمانية', ['orgName'], '#dpa'],
    ['REUTERS', ['orgName'], '#reuters'],
    ['مجلس الأمن القومي', ['orgName'], '#russian-security-council'],
    ['حكومة الإنقاذ الوطني', ['orgName'], '#national-salvation-government'],
    ['الأممي', ['rs'], '#un'],
    ['روس', ['rs', 'placeName'], '#russia'],
    ['الليبي', ['rs', 'orgName'], '#libya'],
  ];
  for (const [needle, elements, ref] of names) {
    it(`every "${needle}" is inside ${elements.join('/')} ${ref}`, () => {
      const inSource = count(source, needle);
      expect(inSource).toBeGreaterThan(0);
      expect(markedOccurrences(needle, elements, ref)).toBe(inSource);
    });
  }

  it('normalises dates against the publication date', () => {
    const dates = all(text, 'date').map((d) => [textOf(d), d.attrs.when ?? d.attrs.dur ?? `..${d.attrs.notAfter}`]);
    expect(dates).toEqual([
      ['May 31, 2014', '2014-05-31'],
      ['May 31, 2014', '2014-05-31'],
      ['يونيو/حزيران الماضي', '2016-06'],
      ['الأحد', '2016-11-27'],
      ['ستة شهور', 'P6M'],
      ['مساء اليوم', '2016-11-27'],
      ['ستة أشهر', 'P6M'],
      ['ذلك الوقت', '2016-06-27'],
      ['مساء', '2016-11-27'],
      ['وقت سابق', '..2016-11-28'],
    ]);
  });
});

describe('blocks', () => {
  it('every paragraph has xml:id pN and n N, numbered from 1', () => {
    const ps = all(text, 'p');
    expect(ps).toHaveLength(10);
    ps.forEach((p, i) => {
      expect(p.attrs['xml:id']).toBe(`p${i + 1}`);
      expect(p.attrs.n).toBe(String(i + 1));
    });
  });
  it('head, captions, blank line and source line are citable blocks', () => {
    const ids = [...descendants(text)].filter((e) => ['head', 'ab', 'closer', 'figure'].includes(e.name)).map((e) => e.attrs['xml:id']);
    expect(ids).toEqual(['head', 'fig1', 'fig1-en', 'fig1-ar', 'ab1', 'source']);
    const captions = all(one(text, 'figure'), 'head');
    expect(captions.map((c) => c.attrs['xml:lang'])).toEqual(['en', undefined]);
    expect(textOf(one(text, 'ab'))).toBe('\u00A0'.repeat(5));
    expect(one(text, 'ab').attrs.type).toBe('blank-line');
  });
  it('writes the no-break spaces as visible character references', () => {
    const inText = xml.slice(xml.indexOf('<text '));
    expect(count(inText, '&#xA0;')).toBe(27);
    expect(count(inText, '\u00A0')).toBe(0);
  });
});
