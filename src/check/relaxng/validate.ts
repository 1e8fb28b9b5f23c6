import type { Finding } from '../finding.js';
import type { Tree } from '../../parse/index.js';
import { XMLNS_NS, type XdmNode } from '../../xdm/node.js';
import { datatypeNameOf, salve, type EventSet, type GrammarWalker, type ValidationError, type DefaultNameResolver } from './salve.js';
import type { RelaxNGSchema } from './schema.js';
import { describeNameClass, orList, type PrefixLookup } from './names.js';

/**
 * One step of the document as salve sees it. Recorded so that a document with
 * errors can be replayed: salve's errors do not say what was expected, and
 * walker.possible() must be asked *before* the offending event, which we only
 * know to do on the second pass.
 */
type Op =
  | { kind: 'enter'; ns: Record<string, string> }
  | { kind: 'leave' }
  | { kind: 'fire'; name: string; params: string[]; at: number; label: string; owner?: string; parent?: string };

interface Located {
  at: number;
  message: string;
}

const NO_DECLS: Record<string, string> = {};

/**
 * The events salve validates, read off the parse stage's tree (the document is not parsed
 * again). Text on both sides of a comment or processing instruction is one text event, as
 * RELAX NG sees it.
 */
function opsOf(tree: Tree, schema: RelaxNGSchema, problems: Located[], refs: { id: string; at: number }[]): Op[] {
  const text = tree.lines.text;
  const ops: Op[] = [];
  const ids = new Map<string, number>();
  const visit = (el: XdmNode, parent: string | undefined): void => {
    const i = tree.index.get(el)!;
    const start = tree.starts[i]!;
    const label = el.nodeName;
    ops.push({ kind: 'enter', ns: tree.nsDecls.get(el) ?? NO_DECLS });
    ops.push({ kind: 'fire', name: 'enterStartTag', params: [el.namespaceURI ?? '', el.localName ?? label], at: start, label, parent });
    const attrs = el.attributes;
    if (attrs?.length) {
      let raw: string | undefined;
      for (let k = 0; k < attrs.length; k++) {
        const a = attrs[k]!;
        const qname = a.name ?? a.nodeName;
        if (a.namespaceURI === XMLNS_NS || qname === 'xmlns' || qname.startsWith('xmlns:')) continue;
        raw ??= text.slice(start, tagEnd(text, start));
        const at = start + attributeOffset(raw, qname);
        const uri = a.namespaceURI ?? '';
        const local = a.localName ?? qname;
        ops.push({ kind: 'fire', name: 'attributeName', params: [uri, local], at, label: qname, owner: label });
        ops.push({ kind: 'fire', name: 'attributeValue', params: [a.value], at, label: qname, owner: label });
        const key = `{${uri}}${local}`;
        if (schema.idAttributes.has(key)) {
          const id = a.value.trim();
          const first = ids.get(id);
          // One finding per duplicate: at the second occurrence, naming the first.
          if (first !== undefined) {
            const where = tree.lines.at(first);
            problems.push({ at, message: `ID "${id}" has already been defined (first occurrence at ${where.line}:${where.col})` });
          } else ids.set(id, at);
        } else if (schema.idrefAttributes.has(key)) {
          refs.push({ id: a.value.trim(), at });
        } else if (schema.idrefsAttributes.has(key)) {
          for (const id of a.value.split(/\s+/).filter(Boolean)) refs.push({ id, at });
        }
      }
    }
    ops.push({ kind: 'fire', name: 'leaveStartTag', params: [], at: start, label });
    let buf = '';
    let bufAt = -1;
    const flushText = (): void => {
      if (buf !== '') ops.push({ kind: 'fire', name: 'text', params: [buf], at: bufAt < 0 ? start : bufAt, label: '', parent: label });
      buf = '';
      bufAt = -1;
    };
    for (let c = el.firstChild; c; c = c.nextSibling) {
      const type = c.nodeType;
      if (type === 3 || type === 4) {
        const data = c.nodeValue ?? '';
        if (bufAt < 0) {
          const s0 = tree.textStarts.get(c);
          if (s0 !== undefined) bufAt = s0 + Math.max(0, data.search(/\S/));
        }
        buf += data;
      } else if (type === 1) {
        flushText();
        visit(c, label);
      }
    }
    flushText();
    ops.push({ kind: 'fire', name: 'endTag', params: [el.namespaceURI ?? '', el.localName ?? label], at: tree.ends[i]!, label });
    ops.push({ kind: 'leave' });
  };
  const root = tree.doc.documentElement ?? tree.elements[0];
  if (root) visit(root, undefined);
  for (const r of refs) {
    if (!ids.has(r.id)) problems.push({ at: r.at, message: `IDREF "${r.id}" without matching ID` });
  }
  return ops;
}

/** Validate one parsed document against a compiled schema; never throws on bad input. */
export function validateRelaxNG(schema: RelaxNGSchema, doc: { path: string; tree: Tree }): Finding[] {
  const problems: Located[] = [];
  const ops = opsOf(doc.tree, schema, problems, []);
  problems.push(...run(schema, ops));
  problems.sort((a, b) => a.at - b.at);
  return problems.map((p) => {
    const { line, col } = doc.tree.lines.at(p.at);
    return { file: doc.path, line, col, severity: 'error', rule: 'relaxng', message: p.message };
  });
}

/** Offset just past the '>' of the start tag at `start` (quoted values may hold '>'). */
function tagEnd(text: string, start: number): number {
  let quote = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return text.length;
}

function newWalker(schema: RelaxNGSchema): GrammarWalker<DefaultNameResolver> {
  // ID checks are ours: salve's reports no location for the first occurrence.
  return schema.grammar.newWalker(new salve.DefaultNameResolver(), false);
}

/** Ops between two saved walker states; bounds the replay needed per error. */
const CHECKPOINT_EVERY = 4096;

function apply(walker: GrammarWalker<DefaultNameResolver>, op: Op) {
  if (op.kind === 'enter') walker.nameResolver.enterContextWithMapping(op.ns);
  else if (op.kind === 'leave') walker.nameResolver.leaveContext();
  else return walker.fireEvent(op.name, op.params);
  return false;
}

/**
 * Validate the recorded ops; for each failing op, rewind to the last
 * checkpoint and replay up to it, so walker.possible() can be asked what was
 * expected just before the failure. Valid documents pay only for the
 * checkpoints.
 */
function run(schema: RelaxNGSchema, ops: Op[]): Located[] {
  const walker = newWalker(schema);
  const checkpoints: GrammarWalker<DefaultNameResolver>[] = [];
  const failed: number[] = [];
  for (let i = 0; i < ops.length; i++) {
    if (i % CHECKPOINT_EVERY === 0) checkpoints.push(walker.clone());
    if (apply(walker, ops[i]!)) failed.push(i);
  }
  const out: Located[] = [];
  let replay: GrammarWalker<DefaultNameResolver> | undefined;
  let pos = 0;
  for (const i of failed) {
    const cp = Math.floor(i / CHECKPOINT_EVERY);
    if (!replay || pos < cp * CHECKPOINT_EVERY) {
      replay = checkpoints[cp]!.clone();
      pos = cp * CHECKPOINT_EVERY;
    }
    for (; pos < i; pos++) apply(replay, ops[pos]!);
    const op = ops[i] as Extract<Op, { kind: 'fire' }>;
    const expected = replay.possible();
    const errors = replay.fireEvent(op.name, op.params);
    pos = i + 1;
    if (errors) out.push({ at: op.at, message: describe(op, errors, expected, replay.nameResolver, schema) });
  }
  const endErrors = walker.end();
  if (endErrors) {
    let lastAt = 0;
    for (const o of ops) if (o.kind === 'fire') lastAt = o.at;
    for (const e of endErrors) out.push({ at: lastAt, message: `document incomplete: ${e.toString()}` });
  }
  return out;
}

function describe(
  op: Extract<Op, { kind: 'fire' }>,
  errors: readonly ValidationError[],
  expected: EventSet,
  resolver: DefaultNameResolver,
  schema: RelaxNGSchema,
): string {
  const prefixOf: PrefixLookup = (uri) => resolver.prefixFromURI(uri);
  const elements: string[] = [];
  const attributes: string[] = [];
  const values: string[] = [];
  const types: string[] = [];
  let textOk = false;
  let endOk = false;
  for (const ev of expected) {
    switch (ev.name) {
      case 'enterStartTag':
        elements.push(...describeNameClass(ev.namePattern, prefixOf, 'element'));
        break;
      case 'attributeName':
        attributes.push(...describeNameClass(ev.namePattern, prefixOf, 'attribute'));
        break;
      case 'endTag':
        endOk = true;
        break;
      case 'text':
      case 'attributeValue':
        if (typeof ev.value === 'string') values.push(`"${ev.value}"`);
        else if (ev.name === 'attributeValue') types.push(datatypeNameOf(ev.value) ?? `a value matching ${ev.value.source}`);
        else textOk = true;
        break;
      default:
        break;
    }
  }
  // Code-point order, as jing sorts: stable across locales.
  const sortUniq = (xs: string[]) => [...new Set(xs)].sort();
  // Names salve itself blames ("tag required", "attribute missing") are the required ones.
  const blamed = (kind: 'element' | 'attribute') =>
    sortUniq(errors.flatMap((e) => e.getNames().flatMap((n) => describeNameClass(n, prefixOf, kind))));
  const els = sortUniq(elements);
  const atts = sortUniq(attributes);
  const parent = op.parent;

  const expectedContent = (): string => {
    const alts: string[] = [];
    if (endOk && parent !== undefined) alts.push(`the end of "${parent}"`);
    if (textOk) alts.push('text');
    if (els.length === 1) alts.push(`element ${els[0]}`);
    else if (els.length > 1) alts.push(`one of ${els.join(', ')}`);
    return alts.length ? `; expected ${orList(alts)}` : '';
  };

  switch (op.name) {
    case 'enterStartTag': {
      const [uri, local] = op.params as [string, string];
      const known = schema.elementNames.has(`{${uri}}${local}`);
      return `element "${op.label}" not allowed ${known ? 'here' : 'anywhere'}${expectedContent()}`;
    }
    case 'text':
      return `text not allowed here${expectedContent()}`;
    case 'endTag': {
      const required = blamed('element');
      if (required.length > 0 && errors.every((e) => /required/.test(e.msg))) {
        return `element "${op.label}" incomplete; missing required element ${orList(required)}`;
      }
      const missing = els.length === 1 ? `missing required element ${els[0]}` : els.length > 1 ? `missing one of ${els.join(', ')}` : textOk ? 'missing required text' : errors.map(String).join('; ');
      return `element "${op.label}" incomplete; ${missing}`;
    }
    case 'attributeName': {
      const exp = atts.length ? `; expected ${atts.length === 1 ? 'attribute ' : 'one of '}${atts.join(', ')}` : '; no attributes allowed';
      return `attribute "${op.label}" not allowed on element "${op.owner}"${exp}`;
    }
    case 'attributeValue': {
      const musts: string[] = [];
      if (values.length) musts.push(`equal to ${orList(sortUniq(values))}`);
      for (const t of sortUniq(types)) musts.push(/^(xsd:|[aeiou])/.test(t) ? `an ${t}` : `a ${t}`);
      const must = musts.length ? `; must be ${orList(musts)}` : '';
      return `value of attribute "${op.label}" on element "${op.owner}" is invalid${must}`;
    }
    case 'leaveStartTag': {
      const named = blamed('attribute');
      if (named.length > 0) return `element "${op.label}" missing required attribute ${orList(named)}`;
      const required = atts.length === 1 ? `missing required attribute ${atts[0]}` : `missing one of attributes ${atts.join(', ')}`;
      return atts.length ? `element "${op.label}" ${required}` : `element "${op.label}": ${errors.map(String).join('; ')}`;
    }
    default:
      return errors.map(String).join('; ');
  }
}

/** Offset of an attribute's name inside its raw start tag. */
function attributeOffset(rawTag: string, qname: string): number {
  const esc = qname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\s${esc}\\s*=`).exec(rawTag);
  return m ? m.index + 1 : 0;
}
