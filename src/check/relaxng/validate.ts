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

/** For each element's enterStartTag op: its endTag op, and the enter op of its parent element. */
interface Structure {
  end: Map<number, number>;
  /** endTag op → the element's enterStartTag op. */
  startOf: Map<number, number>;
  /** enter-op index → the enter-op index of the parent element (-1 at the root). */
  parent: Map<number, number>;
}

function structureOf(ops: Op[]): Structure {
  const end = new Map<number, number>();
  const startOf = new Map<number, number>();
  const parent = new Map<number, number>();
  const stack: { enter: number; start: number }[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind === 'enter') {
      parent.set(i, stack.length ? stack[stack.length - 1]!.enter : -1);
      stack.push({ enter: i, start: i + 1 });
    } else if (op.kind === 'fire' && op.name === 'endTag') {
      end.set(stack[stack.length - 1]!.start, i);
      startOf.set(i, stack[stack.length - 1]!.start);
    } else if (op.kind === 'leave') stack.pop();
  }
  return { end, startOf, parent };
}

/** The walker salve would have made had the element been allowed where it stands. */
type WalkerFactory = () => GrammarWalker<DefaultNameResolver>;

/**
 * Validates ops[from, to) with a fresh walker; for each failing op, rewinds to the last
 * checkpoint and replays up to it, so walker.possible() can be asked what was expected just
 * before the failure (valid documents pay only for the checkpoints). Elements salve gives up on
 * (unknown ones, or ones with several definitions: its "misplaced" mode, where it checks
 * nothing until their end) are recovered as jing does: each child element inside them is
 * checked against its own definition, so every independent error is reported in one pass.
 */
function runOps(
  schema: RelaxNGSchema,
  ops: Op[],
  st: Structure,
  make: WalkerFactory,
  from: number,
  to: number,
  out: Located[],
): GrammarWalker<DefaultNameResolver> {
  const walker = make();
  const checkpoints: GrammarWalker<DefaultNameResolver>[] = [];
  const failed: number[] = [];
  const skipped: number[] = [];
  for (let i = from; i < to; i++) {
    if ((i - from) % CHECKPOINT_EVERY === 0) checkpoints.push(walker.clone());
    const wasMisplaced = misplacedDepth(walker) > 0;
    if (apply(walker, ops[i]!)) {
      failed.push(i);
      if (!wasMisplaced && misplacedDepth(walker) > 0) skipped.push(i);
    }
  }
  let replay: GrammarWalker<DefaultNameResolver> | undefined;
  let pos = from;
  const skippedSet = new Set(skipped);
  /** Elements (their enterStartTag op) with a known child element out of place. */
  const misplacedIn = new Set<number>();
  for (const i of failed) {
    const cp = Math.floor((i - from) / CHECKPOINT_EVERY);
    if (!replay || pos < from + cp * CHECKPOINT_EVERY) {
      replay = checkpoints[cp]!.clone();
      pos = from + cp * CHECKPOINT_EVERY;
    }
    for (; pos < i; pos++) apply(replay, ops[pos]!);
    const op = ops[i] as Extract<Op, { kind: 'fire' }>;
    const before = skippedSet.has(i) ? replay.clone() : undefined;
    const expected = replay.possible();
    const errors = replay.fireEvent(op.name, op.params);
    pos = i + 1;
    // A known element out of place that the parent may hold elsewhere ("not allowed yet", jing
    // says): jing takes it as standing where it may, and does not also call the parent incomplete.
    if (op.name === 'enterStartTag' && !before) {
      const parentStart = (st.parent.get(i - 1) ?? -2) + 1;
      const parentOp = ops[parentStart];
      if (parentOp?.kind === 'fire' && mayContain(schema, parentOp.params as [string, string], op.params as [string, string])) misplacedIn.add(parentStart);
    }
    if (op.name === 'endTag' && misplacedIn.has(st.startOf.get(i) ?? -1)) continue;
    const yet = op.name === 'enterStartTag' && misplacedIn.has((st.parent.get(i - 1) ?? -2) + 1);
    if (errors) out.push({ at: op.at, message: describe(op, errors, expected, replay.nameResolver, schema, yet) });
    if (before) recoverSkipped(schema, ops, st, i, before, out);
  }
  return walker;
}

function misplacedDepth(walker: GrammarWalker<DefaultNameResolver>): number {
  return (walker as unknown as { misplacedDepth: number }).misplacedDepth;
}

/** A name resolver with the namespace declarations in scope at an element (its enter op). */
function resolverAt(ops: Op[], st: Structure, enter: number): DefaultNameResolver {
  const chain: number[] = [];
  for (let e = enter; e >= 0; e = st.parent.get(e) ?? -1) chain.push(e);
  const resolver = new salve.DefaultNameResolver();
  for (const e of chain.reverse()) resolver.enterContextWithMapping((ops[e] as Extract<Op, { kind: 'enter' }>).ns);
  return resolver;
}

type NameClass = { match(ns: string, local: string): boolean };
type ElementDef = { name: NameClass; pat?: unknown; newWalker(n: unknown): unknown };

const childCache = new WeakMap<RelaxNGSchema, Map<string, NameClass[]>>();

/** Whether an element's content model (any of its definitions) has a place for a child of that name. */
function mayContain(schema: RelaxNGSchema, [pu, pl]: [string, string], [cu, cl]: [string, string]): boolean {
  let cache = childCache.get(schema);
  if (!cache) {
    cache = new Map();
    childCache.set(schema, cache);
  }
  const key = `{${pu}}${pl}`;
  let names = cache.get(key);
  if (!names) {
    names = [];
    // In salve's simplified grammar every element in a content model sits behind a ref.
    const walk = (p: unknown, seen: Set<unknown>): void => {
      if (!p || typeof p !== 'object' || seen.has(p)) return;
      seen.add(p);
      const o = p as { resolvesTo?: { pat?: { name?: NameClass } }; pat?: unknown; patA?: unknown; patB?: unknown };
      if (o.resolvesTo?.pat?.name) {
        names!.push(o.resolvesTo.pat.name);
        return;
      }
      walk(o.pat, seen);
      walk(o.patA, seen);
      walk(o.patB, seen);
    };
    for (const d of definitionsOf(schema, pu, pl)) walk(d.pat, new Set());
    cache.set(key, names);
  }
  return names.some((n) => n.match(cu, cl));
}
const definitionCache = new WeakMap<RelaxNGSchema, Map<string, ElementDef[]>>();

/**
 * The element patterns that could stand for a name: those defined with that name, else those
 * whose name class (anyName, nsName) takes it, as jing recovers.
 */
function definitionsOf(schema: RelaxNGSchema, uri: string, local: string): ElementDef[] {
  let cache = definitionCache.get(schema);
  if (!cache) {
    cache = new Map();
    definitionCache.set(schema, cache);
  }
  const key = `{${uri}}${local}`;
  let defs = cache.get(key);
  if (!defs) {
    const all = schema.grammar.elementDefinitions as unknown as Record<string, ElementDef[]>;
    defs =
      all[new salve.Name(uri, local).toString()] ??
      Object.values(all)
        .flat()
        .filter((d) => d.name.match(uri, local));
    cache.set(key, defs);
  }
  return defs;
}

/**
 * An element salve skipped (its misplaced mode checks nothing inside): one it has definitions
 * for (several, or name classes such as anyName) is checked against the one that fits best;
 * an unknown one is looked through, as jing does: each element inside it is tried where the
 * unknown one stood (the parent's state, not advanced) and, when not allowed there, reported
 * and checked against its own definition.
 */
function recoverSkipped(schema: RelaxNGSchema, ops: Op[], st: Structure, start: number, before: GrammarWalker<DefaultNameResolver>, out: Located[]): void {
  const [uri, local] = (ops[start] as Extract<Op, { kind: 'fire' }>).params as [string, string];
  if (definitionsOf(schema, uri, local).length) checkByDefinition(schema, ops, st, start, out);
  else lookThrough(schema, ops, st, start, start, before, out);
}

/** Checks one element (its enterStartTag op at `start`) against its best-fitting definition. */
function checkByDefinition(schema: RelaxNGSchema, ops: Op[], st: Structure, start: number, out: Located[]): void {
  const [uri, local] = (ops[start] as Extract<Op, { kind: 'fire' }>).params as [string, string];
  const name = new salve.Name(uri, local);
  const end = st.end.get(start) ?? start;
  let best: Located[] | undefined;
  for (const def of definitionsOf(schema, uri, local)) {
    const found: Located[] = [];
    const make: WalkerFactory = () =>
      new (salve.GrammarWalker as unknown as new (...a: unknown[]) => GrammarWalker<DefaultNameResolver>)(
        schema.grammar,
        resolverAt(ops, st, start - 1),
        [[def.newWalker(name)]],
        0,
        false,
        undefined,
        false,
        false,
        undefined,
      );
    runOps(schema, ops, st, make, start + 1, end + 1, found);
    if (!best || found.length < best.length) best = found;
    if (best.length === 0) break;
  }
  out.push(...(best ?? []));
}

function lookThrough(
  schema: RelaxNGSchema,
  ops: Op[],
  st: Structure,
  outer: number,
  start: number,
  before: GrammarWalker<DefaultNameResolver>,
  out: Located[],
): void {
  const end = st.end.get(start) ?? start;
  const outerOp = ops[outer] as Extract<Op, { kind: 'fire' }>;
  for (let j = start + 1; j < end; j++) {
    const op = ops[j]!;
    if (op.kind !== 'fire' || op.name !== 'enterStartTag') continue;
    const childEnd = st.end.get(j) ?? j;
    const [uri, local] = op.params as [string, string];
    if (!definitionsOf(schema, uri, local).length) lookThrough(schema, ops, st, outer, j, before, out);
    else {
      const w = before.clone();
      // The namespace declarations between the skipped element and this one.
      const chain: number[] = [];
      for (let e = j - 1; e >= outer - 1 && e >= 0; e = st.parent.get(e) ?? -1) chain.push(e);
      for (const e of chain.reverse()) w.nameResolver.enterContextWithMapping((ops[e] as Extract<Op, { kind: 'enter' }>).ns);
      const expected = w.possible();
      const errors = w.fireEvent(op.name, op.params);
      if (!errors) runOps(schema, ops, st, () => w, j + 1, childEnd + 1, out);
      else {
        out.push({ at: op.at, message: describe({ ...op, parent: outerOp.parent }, errors, expected, w.nameResolver, schema) });
        checkByDefinition(schema, ops, st, j, out);
      }
    }
    j = childEnd;
  }
}

function run(schema: RelaxNGSchema, ops: Op[]): Located[] {
  const out: Located[] = [];
  const st = structureOf(ops);
  const walker = runOps(schema, ops, st, () => newWalker(schema), 0, ops.length, out);
  const endErrors = walker.end();
  // When the root element itself was refused, that error says it all (as jing does).
  const rootStart = ops.findIndex((o) => o.kind === 'fire');
  const rootRefused = rootStart >= 0 && out.some((o) => o.at === (ops[rootStart] as Extract<Op, { kind: 'fire' }>).at);
  if (endErrors && !rootRefused) {
    let lastAt = 0;
    for (const o of ops) if (o.kind === 'fire') lastAt = o.at;
    const prefixOf: PrefixLookup = (u) => walker.nameResolver.prefixFromURI(u);
    for (const e of endErrors) out.push({ at: lastAt, message: `document incomplete: ${errorText(e, prefixOf)}` });
  }
  return out;
}

/** A salve error in words, its names shown as in the document (never salve's JSON). */
export function errorText(e: ValidationError, prefixOf: PrefixLookup): string {
  const kind = e instanceof salve.AttributeNameError || e instanceof salve.AttributeValueError ? 'attribute' : 'element';
  return e.toStringWithNames(e.getNames().map((n) => orList(describeNameClass(n, prefixOf, kind)))).replace(/\.$/, '');
}

function describe(
  op: Extract<Op, { kind: 'fire' }>,
  errors: readonly ValidationError[],
  expected: EventSet,
  resolver: DefaultNameResolver,
  schema: RelaxNGSchema,
  /** A known element the parent may hold later, once what is missing comes first. */
  yet = false,
): string {
  const prefixOf: PrefixLookup = (uri) => resolver.prefixFromURI(uri);
  const say = (e: ValidationError) => errorText(e, prefixOf);
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
  const blamed = (kind: 'element' | 'attribute') => sortUniq(errors.flatMap((e) => e.getNames().flatMap((n) => describeNameClass(n, prefixOf, kind))));
  const els = sortUniq(elements);
  const atts = sortUniq(attributes);
  const parent = op.parent;

  const expectedContent = (): string => {
    const alts: string[] = [];
    if (endOk && parent !== undefined) alts.push(`the end of "${parent}"`);
    if (textOk) alts.push('text');
    if (els.length === 1) alts.push(els[0]!.startsWith('any ') ? els[0]! : `element ${els[0]}`);
    else if (els.length > 1) alts.push(`one of ${els.join(', ')}`);
    return alts.length ? `; expected ${orList(alts)}` : '';
  };

  switch (op.name) {
    case 'enterStartTag': {
      const [uri, local] = op.params as [string, string];
      const known = schema.elementNames.has(`{${uri}}${local}`);
      if (yet && !endOk && !textOk && els.length)
        return `element "${op.label}" not allowed yet; ${els.length === 1 ? `missing required element ${els[0]}` : `expected one of ${els.join(', ')} first`}`;
      return `element "${op.label}" not allowed ${known ? 'here' : 'anywhere'}${expectedContent()}`;
    }
    case 'text':
      return `text not allowed here${expectedContent()}`;
    case 'endTag': {
      const required = blamed('element');
      if (required.length > 0 && errors.every((e) => /required/.test(e.msg))) {
        return `element "${op.label}" incomplete; missing required element ${orList(required)}`;
      }
      const missing =
        els.length === 1
          ? `missing required element ${els[0]}`
          : els.length > 1
            ? `missing one of ${els.join(', ')}`
            : textOk
              ? 'missing required text'
              : errors.map(say).join('; ');
      return `element "${op.label}" incomplete; ${missing}`;
    }
    case 'attributeName': {
      const exp = atts.length
        ? `; expected ${atts.length === 1 ? (atts[0]!.startsWith('any ') ? '' : 'attribute ') : 'one of '}${atts.join(', ')}`
        : '; no attributes allowed';
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
      return atts.length ? `element "${op.label}" ${required}` : `element "${op.label}": ${errors.map(say).join('; ')}`;
    }
    default:
      return errors.map(say).join('; ');
  }
}

/** Offset of an attribute's name inside its raw start tag. */
function attributeOffset(rawTag: string, qname: string): number {
  const esc = qname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\s${esc}\\s*=`).exec(rawTag);
  return m ? m.index + 1 : 0;
}
