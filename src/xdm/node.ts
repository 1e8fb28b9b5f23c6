/**
 * The tree diwan hands from stage to stage is SaxonJS's own Node platform DOM (the one its
 * parse-xml() builds), so XPath, Schematron and XSLT run on it without a second parse.
 * These are the parts of that DOM diwan reads and writes.
 */

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
  childNodes?: ArrayLike<XdmNode>;
  documentElement?: XdmNode;
  /** Attribute nodes handed out by XPath know their element here, and their name as `name`. */
  parent?: XdmNode;
  name?: string;
  value?: string;
  nodeValue?: string | null;
  setAttributeNode?(a: XdmNode): void;
  appendChild?(n: XdmNode): void;
  attributes?: ArrayLike<XdmNode & { value: string }>;
  /** SaxonJS reads a document's base URI (base-uri(), relative doc()) from here. */
  _saxonBaseUri?: string;
}

/** The factory methods of SaxonJS's platform document. */
export interface PlatformDocument {
  createElementNS(uri: string, qname: string): XdmNode;
  createAttributeNS(uri: string, qname: string): XdmNode & { value: string; nodeValue: string };
  createTextNode(data: string): XdmNode;
  createComment(data: string): XdmNode;
  createProcessingInstruction(target: string, data: string): XdmNode;
  appendChild(node: XdmNode): void;
}

export const ELEMENT = 1;
export const ATTRIBUTE = 2;
export const TEXT = 3;
export const CDATA = 4;
export const PI = 7;
export const COMMENT = 8;
export const DOCUMENT = 9;

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** A no-namespace attribute's value on an element of the tree, or null. */
export function attributeOf(el: XdmNode, name: string): string | null {
  const attrs = el.attributes;
  if (!attrs) return null;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if ((a.localName ?? a.name ?? a.nodeName) === name && !a.namespaceURI) return a.value;
  }
  return null;
}
