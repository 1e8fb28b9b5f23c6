import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { fragment } from 'xmlbuilder2';
import type { Node } from 'yaml';
import { RegisterError } from './errors.js';
import { NAME_ELEMENT, newEntry, type Entry, type Form, type Kind } from './register.js';

/**
 * The register for people who do not write TEI: YAML or JSON (JSON is read as YAML 1.2, so
 * both give the same positions in messages).
 *
 *   persons:
 *     - id: haftar                       # the xml:id mentions point to
 *       names: { ar: [خليفة حفتر, حفتر], en: [Khalifa Haftar, Haftar] }
 *       roles: { ar: اللواء الليبي المتقاعد }     # roleName next to a name
 *       idno: { wikidata: https://www.wikidata.org/entity/Q… }
 *       note: Authority identifier still to be verified.
 *   places:
 *     - id: russia
 *       names: { ar: روسيا, en: Russia }
 *       adjectives: { ar: [روسي, روسية, روس] }  # marked rs type="place"
 *   orgs: [ … ]
 *   groups:                               # phrases naming several entries at once
 *     - refs: [shoigu, lavrov]
 *       type: person
 *       descriptions: { ar: وزيري الدفاع والخارجية }
 *
 * A form list is a string, a list of strings, or a map from language tag to either.
 */
const forms = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 } },
    {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' },
      additionalProperties: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', items: { type: 'string', minLength: 1 } },
        ],
      },
    },
  ],
};
const ID = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.\\-]*$' };
const entry = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'names'],
  properties: {
    id: ID,
    names: forms,
    adjectives: forms,
    descriptions: forms,
    roles: forms,
    idno: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_.:\\-]*$' } },
    note: { type: 'string' },
  },
};
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    persons: { type: 'array', items: entry },
    places: { type: 'array', items: entry },
    orgs: { type: 'array', items: entry },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['refs', 'type', 'descriptions'],
        properties: { refs: { type: 'array', minItems: 2, items: ID }, type: { enum: ['person', 'place', 'org'] }, descriptions: forms },
      },
    },
  },
};

/** A problem found on the fast path, which has no positions: the slow path finds and locates it. */
class Unlocated extends Error {}

interface DataEntry {
  id: string;
  names: unknown;
  adjectives?: unknown;
  descriptions?: unknown;
  roles?: unknown;
  idno?: Record<string, string>;
  note?: string;
}
interface DataRegister {
  persons?: DataEntry[];
  places?: DataEntry[];
  orgs?: DataEntry[];
  groups?: { refs: string[]; type: Kind; descriptions: unknown }[];
}

// yaml and ajv are loaded, and the schema compiled, on first use (~60 ms to load, ~100 ms to
// compile): every build imports this module (the corpus registers read a project's registers)
// whether or not any register is YAML or JSON. Both packages ship CommonJS, so require is sync.
const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
const yaml = () => (yamlModule ??= require('yaml') as typeof import('yaml'));
let compiled: ValidateFunction<DataRegister> | undefined;
const validate = (data: unknown): data is DataRegister => {
  compiled ??= new (require('ajv') as typeof import('ajv')).Ajv({ allErrors: false, strict: true, verbose: true }).compile<DataRegister>(SCHEMA);
  const ok = compiled(data);
  validate.errors = compiled.errors;
  return ok;
};
validate.errors = null as ErrorObject[] | null | undefined;

export function readDataRegister(file: string, text: string): Entry[] {
  // JSON that parses and validates takes the fast path; YAML, and JSON with a problem, go
  // through the YAML parser, which keeps the positions the messages need.
  if (/\.json$/i.test(file)) {
    try {
      const data = JSON.parse(text) as unknown;
      if (validate(data)) return entriesOf(file, data, null);
    } catch (err) {
      if (!(err instanceof Unlocated) && !(err instanceof SyntaxError)) throw err;
      // reported below, with a position
    }
    // (a RegisterError from the fast path is thrown again below, located)
  }
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => lines.linePos(offset);
  const problem = doc.errors[0];
  if (problem) {
    const p = at(problem.pos[0]);
    throw new RegisterError(file, p.line, p.col, `not valid YAML or JSON: ${problem.message.split('\n')[0]}`);
  }
  const data = doc.toJS() as unknown;
  if (data === null || data === undefined) return [];
  if (!validate(data)) {
    // anyOf reports its branches first; its own error says what shape was expected.
    const errs = validate.errors!;
    const err = errs.find((e) => e.keyword === 'anyOf') ?? errs[0]!;
    const { node, key } = locate(doc.contents, err);
    const p = node?.range ? at(node.range[0]) : { line: 1, col: 1 };
    throw new RegisterError(file, p.line, p.col, messageOf(err, key));
  }
  return entriesOf(file, data, (path) => {
    const node = doc.getIn(path, true) as Node | undefined;
    return node?.range ? at(node.range[0]) : { line: 1, col: 1 };
  });
}

/** Entries of a validated register; `where` locates a path for messages (null: the caller has no positions). */
function entriesOf(file: string, data: DataRegister, where: ((path: (string | number)[]) => { line: number; col: number }) | null): Entry[] {
  const locate = (path: (string | number)[]) => {
    if (!where) throw new Unlocated();
    return where(path);
  };
  const out: Entry[] = [];
  const seen = new Map<string, string>();
  for (const [list, kind] of [
    ['persons', 'person'],
    ['places', 'place'],
    ['orgs', 'org'],
  ] as const) {
    (data[list] ?? []).forEach((d, i) => {
      const first = seen.get(d.id);
      if (first) {
        const p = locate([list, i, 'id']);
        throw new RegisterError(file, p.line, p.col, `id "${d.id}" is used twice (also in ${first}); expected one entry per id`);
      }
      seen.set(d.id, `${list}[${i}]`);
      if (d.roles !== undefined && kind !== 'person') {
        const p = locate([list, i]);
        throw new RegisterError(
          file,
          p.line,
          p.col,
          `"roles" in ${list}[${i}] ("${d.id}"): only persons have roles; expected names, adjectives or descriptions`,
        );
      }
      out.push(entryOf(file, kind, d));
    });
  }
  for (const g of data.groups ?? []) {
    const e = newEntry(g.refs.join('+'), g.type, file);
    e.refs = g.refs.map((r) => `#${r}`);
    e.descriptions = formsOf(g.descriptions);
    out.push(e);
  }
  return out;
}

function formsOf(v: unknown): Form[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return [{ text: v }];
  if (Array.isArray(v)) return v.map((text: string) => ({ text }));
  return Object.entries(v as Record<string, string | string[]>).flatMap(([lang, t]) => (Array.isArray(t) ? t : [t]).map((text) => ({ text, lang })));
}

function entryOf(file: string, kind: Kind, d: DataEntry): Entry {
  const e = newEntry(d.id, kind, file);
  e.names = formsOf(d.names);
  e.adjectives = formsOf(d.adjectives);
  e.descriptions = formsOf(d.descriptions);
  e.roles = formsOf(d.roles);
  // The entry as TEI, as an archivist would have written it (diwan.rng's order: names, idno, note).
  const el = fragment().ele(kind).att('xml:id', d.id);
  const name = NAME_ELEMENT[kind];
  const langs = new Set<string>();
  const put = (tag: string, f: Form, type?: string) => {
    const n = el.ele(tag);
    if (f.lang) {
      n.att('xml:lang', f.lang);
      langs.add(f.lang);
    }
    if (type) n.att('type', type);
    n.txt(f.text);
  };
  for (const f of e.names) put(name, f);
  for (const f of e.adjectives) put(name, f, 'adjective');
  for (const f of e.descriptions) put(name, f, 'description');
  for (const f of e.roles) put('occupation', f);
  for (const [type, value] of Object.entries(d.idno ?? {})) el.ele('idno').att('type', type).txt(value);
  if (d.note) el.ele('note').txt(d.note);
  e.xml = el.end();
  e.langs = [...langs].sort();
  return e;
}

/** The YAML node an ajv error is about, and the offending key when it names one. */
function locate(root: unknown, err: ErrorObject): { node: Node | undefined; key?: string } {
  const { isMap, isScalar } = yaml();
  let node = root as Node | undefined;
  const path = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const step of path) {
    const next = node && (node as unknown as { get(k: unknown, keep: boolean): unknown }).get?.(/^\d+$/.test(step) && !isMap(node) ? Number(step) : step, true);
    node = next as Node | undefined;
  }
  const key =
    (err.params as { additionalProperty?: string; propertyName?: string }).additionalProperty ?? (err.params as { propertyName?: string }).propertyName;
  if (key && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) return { node: pair.key as Node, key };
  }
  return { node, key };
}

function messageOf(err: ErrorObject, key: string | undefined): string {
  const where = err.instancePath ? err.instancePath.slice(1).replace(/\//g, '.') : 'the register';
  switch (err.keyword) {
    case 'additionalProperties':
      return `unknown key "${key}" in ${where}; expected one of ${Object.keys((err.parentSchema as { properties: object }).properties).join(', ')}`;
    case 'required':
      return `${where} has no "${(err.params as { missingProperty: string }).missingProperty}"; expected it`;
    case 'propertyNames':
      return `key "${key}" in ${where} is not valid; expected a language tag (ar, en) or an identifier`;
    case 'enum':
      return `${where} is not one of ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'pattern':
      return `${where} is not a valid id; expected letters, digits, "_", "-" or ".", starting with a letter`;
    case 'anyOf':
      return `${where} has the wrong shape; expected a string, a list of strings, or a map from language to strings`;
    default:
      return `${where} ${err.message ?? 'is not valid'}`;
  }
}
