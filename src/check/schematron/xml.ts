import { createRequire } from 'node:module';
import type { SaxesParser as SaxesParserType, SaxesTagNS } from 'saxes';
import { SaxonJS } from '../../transform/saxon.js';

const require = createRequire(import.meta.url);
const { SaxesParser } = require('saxes') as { SaxesParser: typeof SaxesParserType };

export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Line starts, so that a character offset becomes a 1-based line:col (UTF-16 columns, as jing reports). */
class LineMap {
  private starts: number[] = [0];
  private bom: boolean;
  constructor(text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }
  at(offset: number): [number, number] {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const col = offset - this.starts[lo]! + 1 - (lo === 0 && this.bom ? 1 : 0);
    return [lo + 1, col];
  }
}

/**
 * Offset of the '<' of the tag whose name saxes has just read. saxes's own line/column point past
 * the character that ended the name (which may be a newline), so we search back from there.
 */
function tagStart(text: string, parser: SaxesParserType): number {
  // Only the name and one terminating character lie between '<' and the parser's position.
  let i = Math.min(parser.position, text.length) - 1;
  while (i > 0 && text.charCodeAt(i) !== 60) i--;
  return i;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly col: number) {
    super(message);
  }
}

function syntaxError(parser: SaxesParserType, err: Error): XmlSyntaxError {
  // saxes prefixes messages with "line:col: "; keep only the reason.
  const reason = err.message.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '');
  return new XmlSyntaxError(reason, parser.line, parser.column + 1);
}

// ---------------------------------------------------------------------------------------------
// Schema side: a plain tree (we need positions and in-scope namespaces, not XPath over it).

export interface SchNode {
  uri: string;
  local: string;
  /** Qualified name as written. */
  name: string;
  attrs: Map<string, string>;
  /** Namespace declarations made on this element (prefix → uri; '' = default). */
  decls: Record<string, string>;
  /** In-scope namespace bindings. */
  ns: Record<string, string>;
  children: (SchNode | string)[];
  parent?: SchNode;
  line: number;
  col: number;
}

export function parseSchemaTree(text: string): SchNode {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const lines = new LineMap(text);
  let root: SchNode | undefined;
  const stack: SchNode[] = [];
  let pos: [number, number] = [0, 0];
  parser.on('opentagstart', (tag) => {
    pos = lines.at(tagStart(text, parser));
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XMLNS_NS) continue;
      attrs.set(a.uri ? `Q{${a.uri}}${a.local}` : a.local, a.value);
    }
    const parent = stack[stack.length - 1];
    const node: SchNode = {
      uri: tag.uri,
      local: tag.local,
      name: tag.name,
      attrs,
      decls: { ...tag.ns },
      ns: { ...(parent?.ns ?? { xml: 'http://www.w3.org/XML/1998/namespace' }), ...tag.ns },
      children: [],
      parent,
      line: pos[0],
      col: pos[1],
    };
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (t: string): void => {
    stack[stack.length - 1]?.children.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  feed(parser, text);
  if (!root) throw new XmlSyntaxError('no root element', 1, 1);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Document side: an XDM tree for SaxonJS, built from saxes events.
// As in parse-xml(), "no namespace" is '' (null breaks SaxonJS's attribute axis).

/** SaxonJS's Node platform DOM (the one its own parse-xml() builds); only what we call. */
interface PlatformDocument {
  createElementNS(uri: string, qname: string): XdmNode;
  createAttributeNS(uri: string, qname: string): XdmNode & { value: string; nodeValue: string };
  createTextNode(data: string): XdmNode;
  createComment(data: string): XdmNode;
  createProcessingInstruction(target: string, data: string): XdmNode;
  appendChild(node: XdmNode): void;
}

/** A node of SaxonJS's tree, as far as diwan reads it. */
export interface XdmNode {
  nodeType: number;
  nodeName: string;
  localName?: string;
  namespaceURI?: string | null;
  parentNode?: XdmNode | null;
  previousSibling?: XdmNode | null;
  firstChild?: XdmNode | null;
  nextSibling?: XdmNode | null;
  documentElement?: XdmNode;
  /** Attribute nodes handed out by XPath know their element here, and their name as `name`. */
  parent?: XdmNode;
  name?: string;
  setAttributeNode?(a: XdmNode): void;
  appendChild?(n: XdmNode): void;
  attributes?: ArrayLike<XdmNode & { value: string }>;
}

export interface ParsedDocument {
  doc: XdmNode;
  /** Document-order index of every element (a Map: a WeakMap this size costs seconds of GC). */
  index: Map<XdmNode, number>;
  /** Start position ('<') of element i: lines[i], cols[i]. */
  lines: number[];
  cols: number[];
  /** Elements in document order. */
  elements: XdmNode[];
  /** Elements by "{uri}local". */
  byName: Map<string, XdmNode[]>;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Parses with saxes and builds SaxonJS's tree with the same DOM calls its parse-xml() makes.
 * Measured on the 4 MB ELTeC novel: about 3× faster than parse-xml(), and it yields the element
 * start positions that SaxonJS's tree does not keep.
 */
export function parseDocument(text: string): ParsedDocument {
  const platform = (SaxonJS as unknown as { getPlatform(): { createDocument(): unknown } }).getPlatform();
  const d = platform.createDocument() as PlatformDocument;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const lines = new LineMap(text);
  const index = new Map<XdmNode, number>();
  const elLines: number[] = [];
  const elCols: number[] = [];
  const elements: XdmNode[] = [];
  const byName = new Map<string, XdmNode[]>();
  const doc = d as unknown as XdmNode;
  let current: XdmNode = doc;
  let depth = 0;
  let pending = '';
  let pos: [number, number] = [0, 0];
  const flush = (): void => {
    if (pending && depth > 0) current.appendChild!(d.createTextNode(pending));
    pending = '';
  };
  parser.on('opentagstart', (tag) => {
    flush();
    pos = lines.at(tagStart(text, parser));
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
    index.set(el, elements.length);
    elLines.push(pos[0]);
    elCols.push(pos[1]);
    elements.push(el);
    const key = `{${tag.uri}}${tag.local}`;
    const list = byName.get(key);
    if (list) list.push(el);
    else byName.set(key, [el]);
  });
  parser.on('closetag', () => {
    flush();
    current = current.parentNode!;
    depth--;
  });
  parser.on('text', (t) => {
    pending += t;
  });
  parser.on('cdata', (t) => {
    pending += t;
  });
  parser.on('comment', (c) => {
    flush();
    current.appendChild!(d.createComment(c));
  });
  parser.on('processinginstruction', (pi) => {
    flush();
    current.appendChild!(d.createProcessingInstruction(pi.target, pi.body));
  });
  feed(parser, text);
  return { doc, index, lines: elLines, cols: elCols, elements, byName };
}

/** Runs the parser over the whole text; the first syntax error is thrown with its position. */
function feed(parser: SaxesParserType, text: string): void {
  let failure: XmlSyntaxError | undefined;
  parser.on('error', (e) => {
    failure ??= syntaxError(parser, e);
    throw failure;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    throw failure ?? e;
  }
}

export { XML_NS };
