import datatypesPkg from 'salve-annos/lib/salve/datatypes.js';
import type { Datatype } from 'salve-annos/lib/salve/datatypes.js';
import type { ValueError as SalveValueError } from 'salve-annos/lib/salve/datatypes/errors.js';
import type { Context, ParsedParams, ParsedValue, RawParameter } from 'salve-annos/lib/salve/datatypes/library.js';
import errorsPkg from 'salve-annos/lib/salve/datatypes/errors.js';
import regexpPkg from 'salve-annos/lib/salve/datatypes/regexp.js';
import {
  compareDateTime,
  compareDuration,
  DATE_TIME_TYPES,
  INTEGER_RANGES,
  isUri,
  parseBase64,
  parseDateTime,
  parseDuration,
  parseFloating,
  parseHex,
  parseInteger,
  sameFloating,
  type DateTimeType,
} from './xsd-values.js';
import { XsdRegexError, xsdRegExp } from './xsd-regex.js';

/**
 * diwan's corrections to salve-annos's XML Schema datatype library, installed into salve's own
 * registry (so compiled and cached schemas use them too): the types below replace salve's, whose
 * recurring dates lack their leading hyphens (--11-25 refused, 11-25 accepted), whose date, time
 * and duration types have no value space (no equality by value, no min/max facets), whose
 * long and unsignedLong are JavaScript numbers, whose float accepts "+INF", whose binary
 * lengths and string lengths count UTF-16 units, and whose anyURI accepts "[" in a path.
 * The values themselves are in xsd-values.ts. Bump CACHE_FORMAT in schema.ts when this changes.
 */

const { ParamError, ValueError, ParameterParsingError, ValueValidationError } = errorsPkg as unknown as {
  ParamError: new (m: string) => object;
  ValueError: new (m: string) => SalveValueError;
  ParameterParsingError: new (location: string, errors: object[]) => Error;
  ValueValidationError: new (location: string, errors: object[]) => Error;
};
const salveRegexp = regexpPkg as unknown as { parse(v: string): RegExp; SalveParsingError: new (m: string) => Error };

/** salve's pattern facet reads regexp.parse at each call: it then takes XML Schema's syntax as jing does. */
function parseRegExp(source: string): RegExp {
  try {
    return xsdRegExp(source);
  } catch (e) {
    if (e instanceof XsdRegexError) throw new salveRegexp.SalveParsingError(e.message);
    throw e;
  }
}

const XSD_URI = 'http://www.w3.org/2001/XMLSchema-datatypes';

type Whitespace = 'preserve' | 'replace' | 'collapse';
const ORDER = ['minInclusive', 'minExclusive', 'maxInclusive', 'maxExclusive'] as const;
const LENGTHS = ['length', 'minLength', 'maxLength'] as const;

interface Space<V> {
  name: string;
  whitespace: Whitespace;
  /** The value of a whitespace-processed literal, or undefined outside the lexical space. */
  parse(literal: string, context?: Context): V | undefined;
  equal(a: V, b: V): boolean;
  /** -1, 0, 1, or NaN (incomparable); absent for unordered types. */
  compare?(a: V, b: V): number;
  /** Length for the length facets, in the type's unit (characters, octets). */
  length?(v: V, literal: string): number;
  /** Facets the type takes besides pattern (and enumeration, which RELAX NG does with <value>). */
  facets: string[];
  needsContext?: boolean;
  /** Totals for totalDigits / fractionDigits (decimal-like types). */
  digits?(literal: string): { total: number; fraction: number };
}

function processWhitespace(v: string, ws: Whitespace): string {
  if (ws === 'preserve') return v;
  const replaced = v.replace(/[\t\n\r]/g, ' ');
  return ws === 'replace' ? replaced : replaced.replace(/ +/g, ' ').trim();
}

interface Params {
  pattern?: { rng: string; internal: RegExp }[];
  length?: number;
  minLength?: number;
  maxLength?: number;
  totalDigits?: number;
  fractionDigits?: number;
  minInclusive?: unknown;
  minExclusive?: unknown;
  maxInclusive?: unknown;
  maxExclusive?: unknown;
}

class XsdType<V> implements Datatype<V> {
  readonly name: string;
  readonly needsContext: boolean;
  /** Only its identity is used (datatypeNameOf, for messages); the checks are parse(). */
  readonly regexp: RegExp;

  constructor(private readonly space: Space<V>) {
    this.name = space.name;
    this.needsContext = space.needsContext ?? false;
    this.regexp = new RegExp(`^(?:${space.name})$`);
  }

  private value(literal: string, context?: Context): V | undefined {
    return this.space.parse(processWhitespace(literal, this.space.whitespace), context);
  }

  parseParams(location: string, params?: RawParameter[]): ParsedParams {
    const out: Params = {};
    const errors: object[] = [];
    const allowed = new Set(['pattern', ...this.space.facets]);
    for (const { name, value } of params ?? []) {
      if (!allowed.has(name)) {
        errors.push(new ParamError(`unexpected parameter: ${name}`));
        continue;
      }
      if (name !== 'pattern' && (out as Record<string, unknown>)[name] !== undefined) {
        errors.push(new ParamError(`cannot repeat parameter ${name}`));
        continue;
      }
      if (name === 'pattern') {
        try {
          const internal = parseRegExp(value);
          out.pattern = [...(out.pattern ?? []), { rng: value, internal }];
        } catch (e) {
          errors.push(new ParamError((e as Error).message));
        }
      } else if ((LENGTHS as readonly string[]).includes(name) || name === 'totalDigits' || name === 'fractionDigits') {
        const n = Number(value.trim());
        if (!/^\s*\+?\d+\s*$/.test(value) || (name === 'totalDigits' && n === 0))
          errors.push(new ParamError(`${name} must be a ${name === 'totalDigits' ? 'positive' : 'non-negative'} integer`));
        else (out as Record<string, number>)[name] = n;
      } else {
        const v = this.value(value);
        if (v === undefined) errors.push(new ParamError(`${name}: "${value}" is not a valid ${this.name}`));
        else (out as Record<string, unknown>)[name] = v;
      }
    }
    if (out.length !== undefined && (out.minLength !== undefined || out.maxLength !== undefined))
      errors.push(new ParamError('length cannot appear with minLength or maxLength'));
    if (out.minInclusive !== undefined && out.minExclusive !== undefined) errors.push(new ParamError('minInclusive and minExclusive cannot appear together'));
    if (out.maxInclusive !== undefined && out.maxExclusive !== undefined) errors.push(new ParamError('maxInclusive and maxExclusive cannot appear together'));
    if (errors.length) throw new ParameterParsingError(location, errors);
    return out as unknown as ParsedParams;
  }

  parseValue(location: string, literal: string, context?: Context): ParsedValue<V> {
    const v = this.value(literal, context);
    if (v === undefined) throw new ValueValidationError(location, [new ValueError(`not a valid ${this.name}`)]);
    return { value: v };
  }

  equal(literal: string, schemaValue: ParsedValue<V>, context?: Context): boolean {
    const v = this.value(literal, context);
    return v !== undefined && this.space.equal(v, schemaValue.value);
  }

  disallows(literal: string, parsedParams: ParsedParams, context?: Context): SalveValueError[] | false {
    const processed = processWhitespace(literal, this.space.whitespace);
    const v = this.space.parse(processed, context);
    if (v === undefined) return [new ValueError(`not a valid ${this.name}`)];
    const params = parsedParams as unknown as Params;
    const errors: SalveValueError[] = [];
    for (const p of params.pattern ?? []) if (!p.internal.test(processed)) errors.push(new ValueError(`value does not match the pattern ${p.rng}`));
    const length = this.space.length?.(v, processed);
    if (length !== undefined) {
      if (params.length !== undefined && length !== params.length) errors.push(new ValueError(`length of value should be ${params.length}`));
      if (params.minLength !== undefined && length < params.minLength) errors.push(new ValueError(`length of value should be at least ${params.minLength}`));
      if (params.maxLength !== undefined && length > params.maxLength) errors.push(new ValueError(`length of value should be at most ${params.maxLength}`));
    }
    const cmp = this.space.compare;
    if (cmp) {
      const tests: Record<(typeof ORDER)[number], (c: number) => boolean> = {
        minInclusive: (c) => c >= 0,
        minExclusive: (c) => c > 0,
        maxInclusive: (c) => c <= 0,
        maxExclusive: (c) => c < 0,
      };
      for (const facet of ORDER) {
        const bound = params[facet];
        // An incomparable value (NaN) fails every bound, as XSD's partial order says.
        if (bound !== undefined && !tests[facet](cmp(v, bound as V))) errors.push(new ValueError(`value must satisfy ${facet}`));
      }
    }
    if (this.space.digits && (params.totalDigits !== undefined || params.fractionDigits !== undefined)) {
      const d = this.space.digits(processed);
      if (params.totalDigits !== undefined && d.total > params.totalDigits) errors.push(new ValueError(`value must have at most ${params.totalDigits} digits`));
      if (params.fractionDigits !== undefined && d.fraction > params.fractionDigits)
        errors.push(new ValueError(`value must have at most ${params.fractionDigits} fraction digits`));
    }
    return errors.length ? errors : false;
  }
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

function dateTimeSpace(name: DateTimeType): Space<ReturnType<typeof parseDateTime> & object> {
  return {
    name,
    whitespace: 'collapse',
    parse: (v) => parseDateTime(name, v),
    equal: (a, b) => compareDateTime(a, b) === 0,
    compare: compareDateTime,
    facets: [...ORDER],
  };
}

function integerDigits(literal: string): { total: number; fraction: number } {
  const digits = literal.replace(/^[+-]/, '').replace(/^0+(?=\d)/, '');
  return { total: digits === '0' ? 1 : digits.length, fraction: 0 };
}

function integerSpace(name: string): Space<bigint> {
  const [min, max] = INTEGER_RANGES[name]!;
  return {
    name,
    whitespace: 'collapse',
    parse: (v) => {
      const n = parseInteger(v);
      if (n === undefined || (min !== undefined && n < min) || (max !== undefined && n > max)) return undefined;
      return n;
    },
    equal: (a, b) => a === b,
    compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    facets: [...ORDER, 'totalDigits', 'fractionDigits'],
    digits: integerDigits,
  };
}

function floatingSpace(name: 'float' | 'double'): Space<number> {
  return {
    name,
    whitespace: 'collapse',
    parse: (v) => parseFloating(v, name === 'float'),
    equal: sameFloating,
    compare: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.sign(a - b) || 0),
    facets: [...ORDER],
  };
}

/** Erases a space's value type: the registry holds types of every value type. */
const space = <V>(s: Space<V>): Space<unknown> => s as unknown as Space<unknown>;

const replacements: Space<unknown>[] = [
  ...DATE_TIME_TYPES.map((t) => space(dateTimeSpace(t))),
  space({
    name: 'duration',
    whitespace: 'collapse',
    parse: parseDuration,
    equal: (a, b) => compareDuration(a, b) === 0,
    compare: compareDuration,
    facets: [...ORDER],
  }),
  ...Object.keys(INTEGER_RANGES).map((t) => space(integerSpace(t))),
  space(floatingSpace('float')),
  space(floatingSpace('double')),
  space({
    name: 'hexBinary',
    whitespace: 'collapse',
    parse: parseHex,
    equal: (a, b) => a === b,
    length: (v: string) => v.length / 2,
    facets: [...LENGTHS],
  }),
  space({
    name: 'base64Binary',
    whitespace: 'collapse',
    parse: parseBase64,
    equal: (a, b) => a === b,
    length: (v: string) => v.length / 2,
    facets: [...LENGTHS],
  }),
  space({
    name: 'anyURI',
    whitespace: 'collapse',
    parse: (v) => (isUri(v) ? v : undefined),
    equal: (a, b) => a === b,
    length: (_v: string, literal: string) => codePoints(literal),
    facets: [...LENGTHS],
  }),
  // An ENTITY names an unparsed entity declared in the document's DTD. The parse stage refuses
  // every external entity declaration (NDATA ones included), so no document diwan reads declares
  // one, and no value can be valid.
  ...['ENTITY', 'ENTITIES'].map((name) => space<string>({ name, whitespace: 'collapse', parse: () => undefined, equal: () => false, facets: [...LENGTHS] })),
  // XSD 1.1 / XPath types that jing's library also knows: any string at all.
  ...['anyAtomicType', 'untypedAtomic'].map((name) =>
    space<string>({ name, whitespace: 'preserve', parse: (v) => v, equal: (a, b) => a === b, length: (_v, l) => codePoints(l), facets: [...LENGTHS] }),
  ),
];

/** String types whose length facets must count characters (code points), not UTF-16 units. */
const STRING_LIKE = ['string', 'normalizedString', 'token', 'language', 'Name', 'NCName', 'NMTOKEN', 'ID', 'IDREF', 'QName', 'NOTATION'];

let installed = false;
/** Puts diwan's datatypes into salve's registry; idempotent. */
export function installDatatypes(): void {
  if (installed) return;
  installed = true;
  const lib = datatypesPkg.registry.find(XSD_URI) as unknown as { types: Record<string, Datatype> } | undefined;
  if (!lib) throw new Error('salve-annos has no XML Schema datatype library');
  for (const s of replacements) lib.types[s.name] = new XsdType(s) as unknown as Datatype;
  salveRegexp.parse = parseRegExp;
  for (const name of STRING_LIKE) {
    const t = lib.types[name] as unknown as { valueLength?: (v: string) => number } | undefined;
    if (t) t.valueLength = codePoints;
  }
}
