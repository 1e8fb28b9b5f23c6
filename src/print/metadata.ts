import { XMLParser } from 'fast-xml-parser';

/** What the PDF says about itself (document info, catalog /Lang) and what the title page shows. */
export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** BCP 47 tag of the main language. */
  lang: string;
  /** Publication or revision date: becomes CreationDate and ModDate, so two runs give the same bytes. */
  date: Date;
  /** Title page extras, when the header has them. */
  licence?: string;
  citation?: string;
  publisher?: string;
  idno?: string;
}

type Node = Record<string, unknown> | string | number | boolean;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  textNodeName: '#text',
  // Keep digits as written (idno, dates): they are text, not numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

function list(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as Node[];
}

function child(node: Node | undefined, name: string): Node[] {
  if (!node || typeof node !== 'object') return [];
  return list(node[name]);
}

function path(node: Node | undefined, ...names: string[]): Node[] {
  let level: Node[] = node ? [node] : [];
  for (const name of names) level = level.flatMap((n) => child(n, name));
  return level;
}

/** Attribute by local name: removeNSPrefix turns xml:lang into lang. */
function attr(node: Node | undefined, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

const NONE: ReadonlySet<string> = new Set();
/** What a PDF subject line can do without: notes, pointers and the responsibility statements. */
const BIBL_SKIP: ReadonlySet<string> = new Set(['note', 'ptr', 'ref', 'idno', 'respStmt']);

/** The text of an element, white space collapsed; mixed-content order is approximate but fine for header fields. */
function text(node: Node | undefined, skip: ReadonlySet<string> = NONE): string {
  if (node === undefined) return '';
  if (typeof node !== 'object') return String(node);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@') || skip.has(key)) continue;
    for (const v of list(value)) parts.push(text(v, skip));
  }
  return parts.join(' ').replace(/\s+/g, ' ').replace(/\(\s*\)/g, '').replace(/ ([,.;:])/g, '$1').replace(/\s+/g, ' ').trim();
}

/** ISO 639-2/3 codes seen in corpora, mapped to the BCP 47 form PDF readers expect. */
const LANG3: Record<string, string> = { ara: 'ar', eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', heb: 'he', yid: 'yi', syr: 'syr', lat: 'la', grc: 'grc', ita: 'it', spa: 'es', rus: 'ru', per: 'fa', fas: 'fa', tur: 'tr', ota: 'ota', por: 'pt' };

function bcp47(tag: string): string {
  const [first, ...rest] = tag.trim().split('-');
  if (!first) return 'und';
  return [LANG3[first.toLowerCase()] ?? first, ...rest].join('-');
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value.trim());
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2] ?? '1') - 1, Number(m[3] ?? '1')));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function dateOf(node: Node): Date | undefined {
  return parseDate(attr(node, 'when') ?? attr(node, 'notAfter') ?? attr(node, 'to') ?? text(node));
}

/** Only the header matters, and parsing 2 MB of novel to read it would waste ~half a second. */
function headerOnly(teiText: string): string {
  const end = /<\/(?:\w+:)?teiHeader\s*>/.exec(teiText);
  if (!end) return teiText;
  const root = /<((?:\w+:)?TEI)\b/.exec(teiText);
  return root ? `${teiText.slice(0, end.index + end[0].length)}</${root[1]}>` : teiText;
}

const EPOCH = new Date(Date.UTC(2000, 0, 1));

/** PdfMeta from a TEI document's header. */
export function pdfMetaFromTei(teiText: string): PdfMeta {
  const doc = parser.parse(headerOnly(teiText)) as Record<string, Node>;
  const tei = doc.TEI ?? doc.teiCorpus;
  const header = child(tei, 'teiHeader')[0];
  const fileDesc = child(header, 'fileDesc')[0];
  const titleStmt = child(fileDesc, 'titleStmt')[0];
  const langIdents = path(header, 'profileDesc', 'langUsage', 'language').map((l) => attr(l, 'ident')).filter((x): x is string => !!x);
  const lang = bcp47(attr(tei, 'lang') ?? langIdents[0] ?? 'und');

  const titles = child(titleStmt, 'title');
  const main = titles.filter((t) => attr(t, 'type') !== 'sub');
  const sameLang = main.find((t) => bcp47(attr(t, 'lang') ?? lang) === lang);
  const title = text(sameLang ?? main[0] ?? titles[0]) || 'Untitled';

  const authors = child(titleStmt, 'author').map((n) => text(n)).filter(Boolean);
  const editors = child(titleStmt, 'editor').map((n) => text(n)).filter(Boolean);
  const resp = child(titleStmt, 'respStmt').flatMap((r) =>
    ['persName', 'name', 'orgName'].flatMap((n) => child(r, n)).map((n) => text(n)).filter(Boolean),
  );
  const people = [...authors, ...editors.map((e) => `${e} (ed.)`)];
  const author = (people.length ? people : resp).filter((v, i, a) => a.indexOf(v) === i).join('; ');

  const bibls = path(fileDesc, 'sourceDesc').flatMap((s) => [...child(s, 'bibl'), ...child(s, 'biblStruct'), ...child(s, 'biblFull')]);
  const subject = bibls.map((b) => text(b, BIBL_SKIP)).filter(Boolean).join(' — ') || text(child(fileDesc, 'sourceDesc')[0]);

  const terms = path(header, 'profileDesc', 'textClass', 'keywords', 'term').map((n) => text(n)).filter(Boolean);
  const keywords = [...new Set([...terms, 'TEI', ...langIdents.map(bcp47)])];

  const pub = child(fileDesc, 'publicationStmt')[0];
  const changes = path(header, 'revisionDesc', 'change').concat(path(header, 'revisionDesc', 'listChange', 'change'));
  const changeDates = changes.map(dateOf).filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime());
  const date = child(pub, 'date').map(dateOf).find((d) => !!d) ?? changeDates[0] ?? EPOCH;

  const licenceNode = path(pub, 'availability', 'licence')[0];
  const licence = licenceNode ? text(licenceNode) || attr(licenceNode, 'target') : text(path(pub, 'availability')[0]) || undefined;
  const publisher = child(pub, 'publisher').map((n) => text(n)).filter(Boolean).join('; ') || undefined;
  const idnoNode = child(pub, 'idno')[0];
  const idno = idnoNode ? text(idnoNode) : attr(child(pub, 'ref')[0], 'target');

  const year = String(date.getUTCFullYear());
  const citation = [author, `${title}`, publisher, year, idno].filter(Boolean).join('. ') + '.';

  return { title, author, subject, keywords, lang, date, licence, citation, publisher, idno };
}
