import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Finding } from '../finding.js';
import { datatypeNameOf, salve, type EventSet, type GrammarWalker, type ValidationError, type DefaultNameResolver } from './salve.js';
import type { RelaxNGSchema } from './schema.js';
import { describeNameClass, displayName, orList, type PrefixLookup } from './names.js';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

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

/** Validate one document against a compiled schema; never throws on bad input. */
export function validateRelaxNG(schema: RelaxNGSchema, doc: { path: string; text: string }): Finding[] {
  const { text } = doc;
  const ops: Op[] = [];
  const problems: Located[] = [];
  const ids = new Map<string, number>();
  const refs: { id: string; at: number }[] = [];

  const parser = new SaxesParser({ xmlns: true, position: true, fileName: doc.path });
  let textBuf = '';
  let textAt = -1;
  let tagStart = 0;
  let wellFormed = true;
  const stack: SaxesTagNS[] = [];

  const flushText = (): void => {
    if (textBuf !== '') {
      const lead = textBuf.search(/\S/);
      ops.push({ kind: 'fire', name: 'text', params: [textBuf], at: textAt + Math.max(0, lead), label: '', parent: stack[stack.length - 1]?.name });
      textBuf = '';
    }
  };

  parser.on('text', (t) => {
    if (textBuf === '') textAt = parser.position - t.length - 1;
    textBuf += t;
  });
  parser.on('cdata', (t) => {
    if (textBuf === '') textAt = text.lastIndexOf('<![CDATA[', parser.position);
    textBuf += t;
  });
  parser.on('opentagstart', () => {
    tagStart = text.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag) => {
    flushText();
    const start = tagStart;
    const parent = stack[stack.length - 1]?.name;
    stack.push(tag);
    ops.push({ kind: 'enter', ns: tag.ns });
    ops.push({ kind: 'fire', name: 'enterStartTag', params: [tag.uri, tag.local], at: start, label: tag.name, parent });
    const raw = text.slice(start, parser.position);
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XMLNS_NS || a.name === 'xmlns') continue;
      const at = start + attributeOffset(raw, a.name);
      ops.push({ kind: 'fire', name: 'attributeName', params: [a.uri, a.local], at, label: a.name, owner: tag.name });
      ops.push({ kind: 'fire', name: 'attributeValue', params: [a.value], at, label: a.name, owner: tag.name });
      const key = `{${a.uri}}${a.local}`;
      if (schema.idAttributes.has(key)) {
        const id = a.value.trim();
        const first = ids.get(id);
        if (first !== undefined) {
          const where = lineCol(text, first);
          problems.push({ at, message: `ID "${id}" has already been defined (first occurrence at ${where.line}:${where.col})` });
          problems.push({ at: first, message: `first occurrence of ID "${id}"` });
        } else ids.set(id, at);
      } else if (schema.idrefAttributes.has(key)) {
        refs.push({ id: a.value.trim(), at });
      } else if (schema.idrefsAttributes.has(key)) {
        for (const id of a.value.split(/\s+/).filter(Boolean)) refs.push({ id, at });
      }
    }
    ops.push({ kind: 'fire', name: 'leaveStartTag', params: [], at: start, label: tag.name });
  });
  parser.on('closetag', (tag) => {
    flushText();
    stack.pop();
    const at = tag.isSelfClosing ? tagStart : text.lastIndexOf('</', parser.position - 1);
    ops.push({ kind: 'fire', name: 'endTag', params: [tag.uri, tag.local], at, label: tag.name });
    ops.push({ kind: 'leave' });
  });
  parser.on('error', (err) => {
    if (wellFormed) problems.push({ at: parser.position, message: `not well-formed, validation stopped: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}` });
    wellFormed = false;
  });
  try {
    parser.write(text).close();
  } catch {
    /* reported through the error handler */
  }

  if (wellFormed) {
    problems.push(...run(schema, ops));
    for (const r of refs) {
      if (!ids.has(r.id)) problems.push({ at: r.at, message: `IDREF "${r.id}" without matching ID` });
    }
  }

  problems.sort((a, b) => a.at - b.at);
  const index = lineIndex(text);
  return problems.map((p) => {
    const { line, col } = lineColIndexed(index, p.at);
    return { file: doc.path, line, col, severity: 'error', rule: 'relaxng', message: p.message };
  });
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

function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineColIndexed(starts: number[], at: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: at - starts[lo]! + 1 };
}

function lineCol(text: string, at: number): { line: number; col: number } {
  return lineColIndexed(lineIndex(text.slice(0, at + 1)), at);
}
