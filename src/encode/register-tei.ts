import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { positionOf } from '../parse/position.js';
import { RegisterError } from './errors.js';
import { newEntry, type Entry, type Form, type Kind } from './register.js';

// fast-xml-parser's ordered form: [{ tag: children[], ':@': { attr: value } }, { '#text': '…' }]
type OrderedNode = Record<string, unknown>;

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  // decodes character references (&#xA0;) as well as the five XML entities
  htmlEntities: true,
  commentPropName: '#comment',
} as const;

const parser = new XMLParser(OPTIONS);
const builder = new XMLBuilder({ ...OPTIONS, suppressEmptyNode: true });

const KINDS: Record<string, Kind> = { person: 'person', place: 'place', org: 'org' };
const NAMES: Record<Kind, Set<string>> = {
  person: new Set(['persName']),
  place: new Set(['placeName', 'country', 'settlement', 'region']),
  org: new Set(['orgName']),
};

const POINTING = new Set(['ref', 'corresp', 'target', 'who', 'sameAs', 'key']);
const local = (name: string) => name.slice(name.indexOf(':') + 1);
const tagOf = (n: OrderedNode) => Object.keys(n).find((k) => k !== ':@');
const attrsOf = (n: OrderedNode) => (n[':@'] ?? {}) as Record<string, string>;
const childrenOf = (n: OrderedNode, tag: string) => (Array.isArray(n[tag]) ? (n[tag] as OrderedNode[]) : []);

function textOf(n: OrderedNode): string {
  const tag = tagOf(n);
  if (tag === '#text') return String(n['#text']);
  if (!tag || tag === '#comment' || tag.startsWith('?')) return '';
  return childrenOf(n, tag).map(textOf).join('');
}

/**
 * Register entries of a TEI document: every person, place and org with an xml:id, wherever it
 * stands (standOff, teiHeader, back, nested lists). Read with fast-xml-parser: a register is
 * small data, not a document diwan publishes, so it needs no positions beyond its errors.
 *
 * Forms: persName / placeName (also country, settlement, region) / orgName children are names;
 * with type="adjective" they are relational adjectives, with type="description" descriptions,
 * with type="role" roles; a person's occupation is a role too.
 */
export function readTeiRegister(file: string, text: string): Entry[] {
  const doctype = /<!DOCTYPE[^>[]*\[[\s\S]*?<!ENTITY/i.exec(text);
  if (doctype) {
    const p = positionOf(text, doctype.index);
    throw new RegisterError(file, p.line, p.col, 'a register may not declare entities; expected plain TEI (character references such as &#xA0; are fine)');
  }
  const check = XMLValidator.validate(text);
  if (check !== true) throw new RegisterError(file, check.err.line, check.err.col, `not well-formed XML: ${check.err.msg}`);
  const tree = parser.parse(text) as OrderedNode[];
  const out: Entry[] = [];
  const walk = (nodes: OrderedNode[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (!tag || tag.startsWith('#') || tag.startsWith('?')) continue;
      const kind = KINDS[local(tag)];
      const id = attrsOf(n)['xml:id']?.trim();
      if (kind && id) out.push(entryOf(file, n, tag, kind, id));
      walk(childrenOf(n, tag));
    }
  };
  walk(tree);
  return out;
}

function entryOf(file: string, n: OrderedNode, tag: string, kind: Kind, id: string): Entry {
  const e = newEntry(id, kind, file);
  for (const c of childrenOf(n, tag)) {
    const ct = tagOf(c);
    if (!ct || ct.startsWith('#')) continue;
    const name = local(ct);
    const attrs = attrsOf(c);
    const form: Form = {
      text: textOf(c)
        .replace(/[ \t\r\n]+/g, ' ')
        .trim(),
    };
    const lang = attrs['xml:lang'];
    if (lang) form.lang = lang;
    if (!form.text) continue;
    if (NAMES[kind].has(name)) {
      const type = attrs.type;
      if (type === 'adjective') e.adjectives.push(form);
      else if (type === 'description') e.descriptions.push(form);
      else if (type === 'role') e.roles.push(form);
      else e.names.push(form);
    } else if (name === 'occupation' && kind === 'person') {
      e.roles.push(form);
    }
  }
  const langs = new Set<string>();
  const pointers = new Set<string>();
  e.xml = builder.build([plain(n, langs, pointers)]) as string;
  e.langs = [...langs].sort();
  e.pointers = [...pointers].filter((p) => p !== id).sort();
  return e;
}

/** A copy of an entry for another document: TEI names without prefix, no namespace declarations. */
function plain(n: OrderedNode, langs: Set<string>, pointers: Set<string>): OrderedNode {
  const tag = tagOf(n);
  if (!tag || tag.startsWith('#')) return n;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsOf(n))) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    if (k === 'xml:lang') langs.add(v);
    if (POINTING.has(k)) for (const t of v.split(/\s+/)) if (t.startsWith('#') && t.length > 1) pointers.add(t.slice(1));
    attrs[k] = v;
  }
  const copy: OrderedNode = { [local(tag)]: childrenOf(n, tag).map((c) => plain(c, langs, pointers)) };
  if (Object.keys(attrs).length) copy[':@'] = attrs;
  return copy;
}
