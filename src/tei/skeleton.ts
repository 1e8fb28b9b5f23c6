import { create, fragment } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { NORMALISATION_SENTENCES } from './plain-source.js';

/**
 * The TEI document diwan writes for a new edition: the header from the options (and, through
 * `header`, a project's defaults), the registers' entries in standOff, and the text as blocks.
 * Shared by `diwan init` (a skeleton without marks) and `diwan encode` (a marked-up draft).
 *
 * Block content is mixed content, which a pretty-printer would break (it indents between a
 * proclitic and the name that follows it, adding a space to the text): the document is
 * pretty-printed with a placeholder in each block, and each block's content is serialised on
 * its own, unindented, into its place.
 */
export interface XmlModel {
  href: string;
  schematypens: string;
}

/** What a project may set for the header of its new editions (the shape of its config's "header"). */
export interface HeaderDefaults {
  publisher?: string;
  licence?: { text: string; url?: string };
  editors?: { name: string; ref?: string; resp?: string }[];
}

export interface Block {
  element: 'head' | 'p' | 'ab';
  attrs: [string, string][];
  /** Writes the block's content into an unindented fragment. */
  content: (into: XMLBuilder) => void;
}

export interface SkeletonOptions {
  slug: string;
  lang: string;
  title: string;
  blocks: Block[];
  xmlModels?: XmlModel[];
  header?: HeaderDefaults;
  /** The day the file is made (default: $SOURCE_DATE_EPOCH's day, else today): publicationStmt and revisionDesc. */
  today?: string;
  /** Languages besides the main one, declared in langUsage. */
  languages?: string[];
  /** sourceDesc: a sentence about the source, and its date if known. */
  source?: { text: string; date?: string };
  /** editorialDecl/interpretation paragraphs (what an encoder did). */
  interpretation?: string[];
  /** Normalisations of the source the edition declares (src/tei/plain-source.ts), e.g. line ends. */
  normalisations?: string[];
  /** The revisionDesc change. */
  change: string;
  /** Register entries for standOff, each a TEI element without namespace declaration. */
  standOff?: { persons: string[]; places: string[]; orgs: string[] };
}

export const RELAXNG_NS = 'http://relaxng.org/ns/structure/1.0';
export const SCHEMATRON_NS = 'http://purl.oclc.org/dsdl/schematron';
const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The schemas of diwan's own editions (editions/<slug>/<slug>.xml in diwan's repository). */
export const REPOSITORY_XML_MODELS: XmlModel[] = [
  { href: '../../schemas/diwan.rng', schematypens: RELAXNG_NS },
  { href: '../../schemas/diwan.sch', schematypens: SCHEMATRON_NS },
];

/** The day to stamp: $SOURCE_DATE_EPOCH (reproducible builds) or today, as YYYY-MM-DD. */
export function stampDay(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const t = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return t.toISOString().slice(0, 10);
}

const PH = (i: number) => `\uE000${i}\uE001`;

export function writeSkeleton(opts: SkeletonOptions): string {
  const today = opts.today ?? stampDay();
  const pieces: string[] = [];
  const hole = (el: XMLBuilder, xml: string) => {
    el.txt(PH(pieces.length));
    pieces.push(xml);
  };

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  for (const m of opts.xmlModels ?? REPOSITORY_XML_MODELS)
    doc.ins('xml-model', `href="${attr(m.href)}" type="application/xml" schematypens="${attr(m.schematypens)}"`);
  const root = doc.ele(TEI_NS, 'TEI').att(XML_NS, 'xml:lang', opts.lang);
  const header = root.ele('teiHeader');
  const fileDesc = header.ele('fileDesc');
  const titleStmt = fileDesc.ele('titleStmt');
  titleStmt.ele('title').att('type', 'main').txt(opts.title);
  for (const e of opts.header?.editors ?? []) {
    const el = e.resp ? titleStmt.ele('respStmt') : titleStmt.ele('editor');
    if (e.resp) el.ele('resp').txt(e.resp);
    const who = e.resp ? el.ele('persName') : el;
    if (e.ref) who.att('ref', e.ref);
    who.txt(e.name);
  }
  const pub = fileDesc.ele('publicationStmt');
  pub.ele('publisher').txt(opts.header?.publisher ?? 'diwan');
  if (opts.header?.licence) {
    const licence = pub.ele('availability').ele('licence');
    if (opts.header.licence.url) licence.att('target', opts.header.licence.url);
    licence.txt(opts.header.licence.text);
  }
  pub.ele('idno').att('type', 'diwan').txt(opts.slug);
  pub.ele('date').att('when', today).txt(today);
  const sourceDesc = fileDesc.ele('sourceDesc');
  if (opts.source?.date) {
    const bibl = sourceDesc.ele('bibl');
    bibl.txt(`${opts.source.text} `);
    bibl.ele('date').att('when', opts.source.date).txt(opts.source.date);
  } else {
    sourceDesc.ele('p').txt(opts.source?.text ?? 'Source: source.txt (to be described).');
  }
  const encodingDesc = header.ele('encodingDesc');
  const editorialDecl = encodingDesc.ele('editorialDecl');
  const declared = (opts.normalisations ?? []).filter((t) => NORMALISATION_SENTENCES[t]);
  const normalization = editorialDecl.ele('normalization');
  if (declared.length) normalization.att('n', declared.join(' '));
  const said = declared.map((t) => NORMALISATION_SENTENCES[t]).join(' ');
  normalization.ele('p').txt(`Only XML white space is normalised; no-break spaces and tatweel are kept as in the source.${said ? ` ${said}` : ''}`);
  if (opts.interpretation?.length) {
    const interp = editorialDecl.ele('interpretation');
    for (const p of opts.interpretation) interp.ele('p').txt(p);
  }
  citeStructureHook(encodingDesc);
  const langUsage = header.ele('profileDesc').ele('langUsage');
  langUsage.ele('language').att('ident', opts.lang).txt(opts.lang);
  for (const l of opts.languages ?? []) if (l !== opts.lang) langUsage.ele('language').att('ident', l).txt(l);
  header.ele('revisionDesc').ele('change').att('when', today).txt(opts.change);

  const so = opts.standOff;
  if (so && (so.persons.length || so.places.length || so.orgs.length)) {
    const standOff = root.ele('standOff');
    for (const [list, items] of [
      ['listPerson', so.persons],
      ['listPlace', so.places],
      ['listOrg', so.orgs],
    ] as const) {
      if (items.length) hole(standOff.ele(list), `\n${items.join('\n')}\n`);
    }
  }

  const body = root.ele('text').ele('body').ele('div');
  for (const b of opts.blocks) {
    const el = body.ele(b.element);
    for (const [k, v] of b.attrs) {
      if (k.startsWith('xml:')) el.att(XML_NS, k, v);
      else el.att(k, v);
    }
    const f = fragment();
    b.content(f);
    hole(el, f.end());
  }
  const xml = doc.end({ prettyPrint: true, indent: '  ' });
  // Fill the holes; standOff entries are indented one step below their list.
  return xml.replace(/^([ ]*)(.*?)\uE000(\d+)\uE001/gm, (_, indent: string, before: string, i: string) => {
    const piece = pieces[Number(i)]!;
    const filled = piece.startsWith('\n') ? piece.replace(/\n(?=.)/g, `\n${indent}  `).replace(/\n$/, `\n${indent}`) : piece;
    return `${indent}${before}${filled}`;
  });
}

/**
 * The citation structure of a new edition (issue 14; src/cite reads it): every block of the
 * text is cited by its xml:id, which is also its anchor on the HTML page — the headline, the
 * paragraphs (numbered by @n, which citations give as the locator) and, when the text has
 * them, figure captions and the closer. Identifiers come from xml:id, never from position, so
 * they survive re-encoding; the article itself is the document.
 */
function citeStructureHook(encodingDesc: XMLBuilder): void {
  const refs = encodingDesc.ele('refsDecl');
  for (const [unit, match] of [
    ['headline', '/TEI/text/body/div/head'],
    ['caption', '/TEI/text/body/div/figure/head'],
    ['paragraph', '/TEI/text/body/div/p'],
    ['source', '/TEI/text/body/div/closer'],
  ] as const) {
    const cs = refs.ele('citeStructure').att('unit', unit).att('match', match).att('use', '@xml:id');
    if (unit === 'paragraph') cs.ele('citeData').att('property', 'http://purl.org/dc/terms/identifier').att('use', '@n');
  }
}

/** An attribute value inside a processing instruction (xmlbuilder2 writes its text as given). */
function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
