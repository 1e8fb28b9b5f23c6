/**
 * The one table of TEI element classes: what each output needs to know about an element, by
 * local name in the TEI namespace. xslt/common/classes.xsl is generated from it at build time
 * (scripts/gen-classes.js) as name lists and, where SaxonJS needs the names spelled out in a
 * match pattern to dispatch fast, as static pattern strings (`_match="{$d:…-pattern}"`); the
 * print module and the tests read it from here.
 */
export const TEI_CLASSES = {
  /**
   * Paragraph-like units a reader sees and cites: each is one block of the text portion
   * (docs/tei-conventions.md, rules 2–5). A block that only wraps other blocks (item > p) acts
   * as a container.
   */
  block: [
    'p',
    'ab',
    'head',
    'l',
    'closer',
    'opener',
    'salute',
    'signed',
    'dateline',
    'byline',
    'trailer',
    'speaker',
    'stage',
    'item',
    'label',
    'castItem',
    'roleDesc',
    'titlePart',
    'docAuthor',
    'docImprint',
    'docDate',
    'docEdition',
    'bibl',
    'biblStruct',
    'quote',
    'row',
    'u',
    'postscript',
    'epigraph',
    'argument',
    'set',
    'caption',
  ],
  /** Never reading text (rule 1); registers and analytic layers are shown elsewhere or not at all. */
  notText: [
    'note',
    'figDesc',
    'teiHeader',
    'standOff',
    'listPerson',
    'listPlace',
    'listOrg',
    'interp',
    'interpGrp',
    'linkGrp',
    'link',
    'join',
    'spanGrp',
    'fs',
    'fLib',
  ],
  /** Not rendered at all in the HTML text (notes and figure descriptions are, elsewhere). */
  hidden: ['teiHeader', 'standOff', 'listPerson', 'listPlace', 'listOrg', 'interpGrp', 'interp', 'linkGrp', 'link', 'spanGrp', 'fs', 'fLib', 'join'],
  /** Points in the text that carry no text of their own. */
  milestone: ['pb', 'cb', 'milestone', 'anchor', 'fw', 'gap'],
  /** Numbered divisions. */
  division: ['div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7'],
  /**
   * Elements that need a flow (div) parent in HTML: an HTML paragraph made from an element that
   * holds one of these becomes a div.
   */
  flow: [
    'p',
    'ab',
    'lg',
    'l',
    'list',
    'listBibl',
    'table',
    'sp',
    'figure',
    'floatingText',
    'castList',
    'closer',
    'opener',
    'div',
    'div1',
    'div2',
    'div3',
    'div4',
    'div5',
    'div6',
    'div7',
    'head',
  ],
  /** Names in the text that point to register entries with @ref. */
  mention: ['persName', 'placeName', 'orgName', 'rs', 'roleName', 'name'],
  /** Register entries. */
  entry: ['person', 'personGrp', 'place', 'org'],
  /** Names an entry is known by. */
  appellation: ['persName', 'placeName', 'orgName', 'name', 'geogName'],
  /** Dates and times with normalised values. */
  date: ['date', 'time'],
  /** Linguistic tokens (ELTeC level 2 has ~100,000): rendered as their text. */
  token: ['w', 'pc', 'c'],
  /**
   * Phrase-level elements: never a block of their own, whatever their parent holds. Without this
   * a line made only of tokens (`<l><w xml:id="…"/> <w …/></l>`) rendered one word per line.
   */
  phrase: [
    'w',
    'pc',
    'c',
    'g',
    'seg',
    'hi',
    'emph',
    'foreign',
    'term',
    'mentioned',
    'soCalled',
    'q',
    'num',
    'measure',
    'supplied',
    'unclear',
    'surplus',
    'secl',
    'del',
    'add',
    'subst',
    'mod',
    'restore',
    'damage',
    'ex',
    'expan',
    'abbr',
    'am',
    'choice',
    'sic',
    'corr',
    'orig',
    'reg',
    'space',
    'gap',
    'app',
    'lem',
    'rdg',
    'persName',
    'placeName',
    'orgName',
    'roleName',
    'forename',
    'surname',
    'addName',
    'rs',
    'name',
    'date',
    'time',
  ],
  /** The editorial layer rendered by Leiden-style conventions (xslt/common/editorial.xsl, html/editorial.xsl). */
  editorial: ['supplied', 'unclear', 'surplus', 'secl', 'ex', 'gap', 'del', 'add', 'choice', 'sic', 'corr', 'app'],
  /** Elements the stylesheets collect over the whole document, indexed in one pass (key d:by-name). */
  collected: [
    'person',
    'personGrp',
    'place',
    'org',
    'persName',
    'placeName',
    'orgName',
    'rs',
    'roleName',
    'name',
    'date',
    'time',
    'note',
    'p',
    'text',
    'teiHeader',
    // The editorial layer (legend, apparatus numbers, witnesses) and the breaks whose rules depend on the document.
    'supplied',
    'unclear',
    'surplus',
    'secl',
    'ex',
    'gap',
    'del',
    'add',
    'choice',
    'sic',
    'corr',
    'app',
    'witness',
    'lb',
    'pb',
    'figDesc',
    'listRelation',
    'l',
  ],
} as const satisfies Record<string, readonly string[]>;

export type TeiClass = keyof typeof TEI_CLASSES;

/** Whether a TEI element (local name) is of a class. */
export function isOf(cls: TeiClass, local: string): boolean {
  return (TEI_CLASSES[cls] as readonly string[]).includes(local);
}
