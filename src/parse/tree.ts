import { SaxesParser, type SaxesTagNS } from 'saxes';
import { SaxonJS } from '../xdm/saxon.js';
import { XMLNS_NS, type PlatformDocument, type XdmNode } from '../xdm/node.js';
import { internalEntities } from './entities.js';
import { InputError } from './errors.js';
import { LineIndex, type Position } from './position.js';

export interface XmlModel {
  href: string;
  schematypens?: string;
  type?: string;
  /** Where the processing instruction stands, for messages about it. */
  line?: number;
  col?: number;
}

export interface Shape {
  root: { local: string; uri: string };
  elements: number;
  maxDepth: number;
  /** `<?xml-model?>` processing instructions before the root element, in order. */
  xmlModels: XmlModel[];
}

export interface Limits {
  /** Deeper nesting is refused: the XSLT and schema stages recurse per level. */
  maxDepth: number;
}

/**
 * 256 levels: what every later stage handles on Node's default stack with a margin. It was 400,
 * measured when the HTML stylesheet overflowed near 500 nested inline elements; as the stylesheets
 * grew the margin went: on 2026-12-04 `diwan html` of 399 levels failed 3 runs in 16 (JIT tiers
 * change the frames' size), and none in 8 at 344 levels nor in 24 HTML and text runs at 257. The
 * text stylesheet, RELAX NG and Schematron go further. Real TEI documents stay far below (the
 * deepest in ../shared/corpus is under 40). test/hostile/documents.test.ts builds a document at
 * the limit.
 */
export const defaultLimits: Limits = { maxDepth: 256 };

/**
 * The document as every later stage sees it: SaxonJS's own DOM (so XPath, Schematron and the
 * stylesheets run on it as it is) plus the source positions SaxonJS's tree does not keep.
 * Built in one saxes pass; nothing downstream parses the XML again.
 */
export interface Tree {
  /** The document node (SaxonJS platform DOM). */
  doc: XdmNode;
  /** Elements in document order. */
  elements: XdmNode[];
  /** Document-order index of every element (a Map: a WeakMap this size costs seconds of GC). */
  index: Map<XdmNode, number>;
  /** Elements by "{uri}local". */
  byName: Map<string, XdmNode[]>;
  /** UTF-16 offset of the '<' of element i, and of its end tag's '</' (its start tag's '<' when empty). */
  starts: number[];
  ends: number[];
  /** Offset of the first character of each text node that holds more than XML white space. */
  textStarts: Map<XdmNode, number>;
  /** Namespace declarations made on an element (prefix → URI, '' = default), where there are any. */
  nsDecls: Map<XdmNode, Record<string, string>>;
  lines: LineIndex;
}

/** How many documents the parse stage has parsed in this process: a build parses each once. */
export const parseCounter = { documents: 0 };

const XML_SPACE_ONLY = /^[ \t\r\n]*$/;
const SLICE = 1 << 16;

/** Thrown from inside a saxes handler to stop the parse at once (a bomb, absurd depth). */
class Stop extends Error {}

/**
 * Parses decoded XML text into a Tree, checking on the way that it is namespace-well-formed XML
 * diwan can safely process. saxes never reads external resources; internal entity declarations
 * are expanded under a budget (entities.ts), external ones refused, each problem located at its
 * declaration. Throws InputError with file:line:col.
 */
export function buildTree(file: string, text: string, limits: Limits = defaultLimits): { tree: Tree; shape: Shape } {
  parseCounter.documents++;
  const lines = new LineIndex(text);
  const platform = (SaxonJS as unknown as { getPlatform(): { createDocument(): unknown } }).getPlatform();
  const d = platform.createDocument() as PlatformDocument;
  const doc = d as unknown as XdmNode;
  const parser = new SaxesParser({ xmlns: true, position: true, fileName: file });

  const elements: XdmNode[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const openIndex: number[] = [];
  const index = new Map<XdmNode, number>();
  const byName = new Map<string, XdmNode[]>();
  const textStarts = new Map<XdmNode, number>();
  const nsDecls = new Map<XdmNode, Record<string, string>>();
  const xmlModels: XmlModel[] = [];
  let root: Shape['root'] | null = null;
  let depth = 0;
  let maxDepth = 0;

  let current: XdmNode = doc;
  let pending = '';
  let pendingAt = 0;
  /** Offset just past the last markup (tag, comment, PI, CDATA end): where following text starts. */
  let markEnd = 0;
  let tagStart = 0;
  // Open elements, so a mismatched or missing end tag can say what was expected.
  const open: { name: string; at: number }[] = [];
  let lastClosed: (typeof open)[number] | undefined;
  let failure: InputError | null = null;

  const fail = (message: string, kind: InputError['kind'] = 'xml', at?: number): never => {
    const pos = lines.at(at ?? parser.position);
    failure ??= new InputError(file, message, pos.line, pos.col, kind);
    throw new Stop();
  };

  const flush = (): void => {
    if (pending !== '' && depth > 0) {
      const node = d.createTextNode(pending);
      current.appendChild!(node);
      if (!XML_SPACE_ONLY.test(pending)) textStarts.set(node, pendingAt);
    }
    pending = '';
  };

  parser.on('error', (err) => {
    const message = cleanSaxesMessage(err.message);
    const top = open[open.length - 1];
    if (/unexpected close tag/.test(message) && lastClosed) {
      // saxes has just closed the element that was really open; it is the one expected.
      const expected = lastClosed;
      const where = lines.at(expected.at);
      const at = text.lastIndexOf('</', parser.position);
      const name = at >= 0 ? /^<\/([^\s>]*)/.exec(text.slice(at, at + 200))?.[1] : undefined;
      fail(
        `end tag </${name ?? '?'}> does not match the open element <${expected.name}> (line ${where.line}, column ${where.col}); expected </${expected.name}>`,
      );
    } else if (/unclosed tag/.test(message) && top) {
      const where = lines.at(top.at);
      fail(`the document ends inside <${top.name}> (opened at line ${where.line}, column ${where.col}); expected </${top.name}>`);
    } else {
      fail(message);
    }
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      const declStart = text.lastIndexOf('<!DOCTYPE', parser.position);
      const bodyAt = text.indexOf(doctype, declStart);
      const result = internalEntities(doctype, Math.max(bodyAt, 0), text);
      if (!(result instanceof Map)) fail(result.message, result.kind, result.at);
      else for (const [name, value] of result) parser.ENTITIES[name] = value;
    }
    markEnd = parser.position;
  });
  parser.on('processinginstruction', (pi) => {
    flush();
    const at = text.lastIndexOf('<?', parser.position);
    if (!root && pi.target === 'xml-model') {
      const pos = lines.at(at);
      xmlModels.push({ ...pseudoAttributes(pi.body), line: pos.line, col: pos.col });
    }
    current.appendChild!(d.createProcessingInstruction(pi.target, pi.body));
    markEnd = parser.position;
  });
  parser.on('comment', (c) => {
    // Text on both sides of a comment stays one text node for the validators, as before;
    // SaxonJS's tree keeps the comment between two text nodes, as parse-xml() does.
    flush();
    current.appendChild!(d.createComment(c));
    markEnd = parser.position;
  });
  parser.on('opentagstart', (tag) => {
    flush();
    // saxes stands one character past the name: search back for the '<'.
    let i = Math.min(parser.position, text.length) - 1;
    while (i > 0 && text.charCodeAt(i) !== 60) i--;
    tagStart = i;
    // Checked before saxes resolves this tag's namespaces: that walk is per open element, so
    // absurd depth must stop here (saxes in namespace mode is quadratic in depth).
    if (depth + 1 > limits.maxDepth) {
      fail(
        `elements nested deeper than ${limits.maxDepth} levels; expected a document of ordinary depth (diwan's stylesheets handle ${limits.maxDepth} levels)`,
        'limit',
      );
    }
    open.push({ name: tag.name, at: i });
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const el = d.createElementNS(tag.uri, tag.name);
    for (const k in tag.attributes) {
      const a = tag.attributes[k]!;
      const attr = d.createAttributeNS(a.uri, a.name);
      // parse-xml() normalises ID values the same way (xml:id processing).
      const value = a.name === 'xml:id' || (a.name === 'id' && !a.uri) ? a.value.replace(/\s+/g, ' ').trim() : a.value;
      attr.value = attr.nodeValue = value;
      el.setAttributeNode!(attr);
    }
    current.appendChild!(el);
    current = el;
    depth++;
    if (depth > maxDepth) maxDepth = depth;
    if (!root) root = { local: tag.local, uri: tag.uri };
    index.set(el, elements.length);
    elements.push(el);
    openIndex.push(elements.length - 1);
    starts.push(tagStart);
    ends.push(tagStart);
    const key = `{${tag.uri}}${tag.local}`;
    const list = byName.get(key);
    if (list) list.push(el);
    else byName.set(key, [el]);
    for (const _ in tag.ns) {
      nsDecls.set(el, { ...tag.ns });
      break;
    }
    markEnd = parser.position;
  });
  parser.on('closetag', (tag) => {
    flush();
    const i = openIndex.pop()!;
    if (!tag.isSelfClosing) ends[i] = text.lastIndexOf('</', parser.position - 1);
    current = current.parentNode!;
    depth--;
    lastClosed = open.pop();
    markEnd = parser.position;
  });
  parser.on('text', (t) => {
    if (pending === '') pendingAt = markEnd;
    pending += t;
  });
  parser.on('cdata', (t) => {
    if (pending === '') pendingAt = Math.max(0, text.lastIndexOf('<![CDATA[', parser.position));
    pending += t;
    markEnd = parser.position;
  });

  try {
    for (let i = 0; i < text.length; i += SLICE) parser.write(text.slice(i, i + SLICE));
    parser.close();
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  if (failure) throw failure;
  if (!root) throw new InputError(file, 'no root element; expected an XML document', 1, 1);
  const tree: Tree = { doc, elements, index, byName, starts, ends, textStarts, nsDecls, lines };
  return { tree, shape: { root, elements: elements.length, maxDepth, xmlModels } };
}

/** Where a node of the tree stands in the source: elements at their '<', text at its first character. */
export function nodePosition(tree: Tree, node: XdmNode): Position {
  if (node.nodeType === 3 || node.nodeType === 4) {
    const at = tree.textStarts.get(node);
    if (at !== undefined) return tree.lines.at(at);
  }
  const el = elementOf(node);
  const i = el ? tree.index.get(el) : undefined;
  return i === undefined ? { line: 0, col: 0 } : tree.lines.at(tree.starts[i]!);
}

/** The element a node belongs to (itself, an attribute's owner, a text's parent, the root). */
export function elementOf(n: XdmNode): XdmNode | undefined {
  if (n.nodeType === 1) return n;
  if (n.nodeType === 2) return n.parent;
  if (n.nodeType === 9) return n.documentElement;
  return n.parentNode ?? undefined;
}

// saxes prefixes its messages with "file:line:col: "; diwan adds its own position.
function cleanSaxesMessage(message: string): string {
  return message.replace(/^.*?:\d+:\d+: /, '');
}

function pseudoAttributes(body: string): XmlModel {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/([A-Za-z_:][\w.:-]*)\s*=\s*(["'])(.*?)\2/g)) out[m[1]!] = m[3]!;
  return { href: out.href ?? '', schematypens: out.schematypens, type: out.type };
}

export { XMLNS_NS };
