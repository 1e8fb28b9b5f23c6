import { createRequire } from 'node:module';
import type { SaxesParser as SaxesParserType, SaxesTagNS } from 'saxes';
import { LineIndex } from '../../parse/position.js';
import type { Tree } from '../../parse/tree.js';
import { XML_NS, XMLNS_NS } from '../../xdm/node.js';

const require = createRequire(import.meta.url);
const { SaxesParser } = require('saxes') as { SaxesParser: typeof SaxesParserType };

export { XMLNS_NS, XML_NS };
export type { XdmNode } from '../../xdm/node.js';

/** The document Schematron runs on is the parse stage's one tree. */
export type ParsedDocument = Tree;

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
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

function syntaxError(parser: SaxesParserType, err: Error, lines: LineIndex): XmlSyntaxError {
  // saxes prefixes messages with "line:col: "; keep only the reason.
  const reason = err.message.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '');
  const { line, col } = lines.at(parser.position);
  return new XmlSyntaxError(reason, line, col);
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
  /** The file the element was read from (schemas can include others); undefined for a string. */
  file?: string;
  line: number;
  col: number;
}

export function parseSchemaTree(input: string, file?: string): SchNode {
  // A byte-order mark is not part of the text: positions count from after it.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const lines = new LineIndex(text);
  let root: SchNode | undefined;
  const stack: SchNode[] = [];
  let pos = { line: 0, col: 0 };
  parser.on('opentagstart', () => {
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
      file,
      line: pos.line,
      col: pos.col,
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
  feed(parser, text, lines);
  if (!root) throw new XmlSyntaxError('no root element', 1, 1);
  return root;
}

/** Runs the parser over the whole text; the first syntax error is thrown with its position. */
function feed(parser: SaxesParserType, text: string, lines: LineIndex): void {
  let failure: XmlSyntaxError | undefined;
  parser.on('error', (e) => {
    failure ??= syntaxError(parser, e, lines);
    throw failure;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    throw failure ?? e;
  }
}

function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
function escapeText(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Serialises a subtree; the top element re-declares every namespace in scope where it sat. */
export function serializeNode(n: SchNode, top = true): string {
  const decls = top ? n.ns : n.decls;
  let s = `<${n.name}`;
  for (const [prefix, uri] of Object.entries(decls)) {
    if (prefix === 'xml') continue;
    s += prefix ? ` xmlns:${prefix}="${escapeAttr(uri)}"` : ` xmlns="${escapeAttr(uri)}"`;
  }
  for (const [k, v] of n.attrs) {
    const q = /^Q\{([^}]*)\}(.*)$/.exec(k);
    let name = k;
    if (q) {
      const prefix = Object.entries(n.ns).find(([p, u]) => p && u === q[1])?.[0];
      name = prefix ? `${prefix}:${q[2]}` : q[2]!;
    }
    s += ` ${name}="${escapeAttr(v)}"`;
  }
  if (!n.children.length) return `${s}/>`;
  s += '>';
  for (const c of n.children) s += typeof c === 'string' ? escapeText(c) : serializeNode(c, false);
  return `${s}</${n.name}>`;
}

/** Serialises a node's content (its children), for a let or key whose value is written as content. */
export function serializeContent(n: SchNode): string {
  return n.children.map((c) => (typeof c === 'string' ? escapeText(c) : serializeNode(c, true))).join('');
}

export { escapeAttr };
