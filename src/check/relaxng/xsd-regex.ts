import { createRequire } from 'node:module';

/**
 * XML Schema 1.0 regular expressions (appendix F) as JavaScript RegExps, as strict as jing:
 * the syntax is parsed by its own grammar (no lazy quantifiers, no anchors, "^" and "$" are
 * ordinary characters, "[", "]", "{", "}" must be escaped, "-" only at the ends of a class or
 * before a subtraction, \p{..} only with a category or an IsBlock name), and the result is a
 * Unicode-mode RegExp that matches the whole string, so "." and classes take astral characters
 * as one. salve-annos's own converter accepts `a??`, "[]", "\pL" and unknown blocks, treats "$"
 * as an anchor and has no astral blocks; diwan installs this one in its place (datatypes.ts).
 */

export class XsdRegexError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly at: number,
  ) {
    super(`invalid XML Schema regular expression "${source}": ${message} (at ${at + 1})`);
    this.name = 'XsdRegexError';
  }
}

const require = createRequire(import.meta.url);
const CATEGORIES = new Set('L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po Z Zs Zl Zp S Sm Sc Sk So C Cc Cf Co Cn'.split(' '));
/** XML Schema names some blocks as Unicode 3.1 did; Unicode renamed them since. */
const BLOCK_ALIASES: Record<string, string> = {
  greek: 'greekandcoptic',
  combiningmarksforsymbols: 'combiningdiacriticalmarksforsymbols',
  privateuse: 'privateusearea',
  cyrillicsupplementary: 'cyrillicsupplement',
};
/** Surrogate blocks are not character sets; jing refuses them. */
const REFUSED_BLOCKS = new Set(['highsurrogates', 'lowsurrogates', 'highprivateusesurrogates']);
const blockKey = (name: string) => name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

let blocks: Map<string, [number, number]> | undefined;
/** Unicode block ranges, from the block table xregexp (a dependency of salve-annos) ships. */
function blockRange(name: string): [number, number] | undefined {
  if (!blocks) {
    blocks = new Map();
    const table = require('xregexp/tools/output/blocks.js') as { name: string; bmp?: string; astral?: string }[];
    for (const b of table) {
      const range = b.bmp ? bmpRange(b.bmp) : astralRange(b.astral ?? '');
      if (range) blocks.set(blockKey(b.name.replace(/^In/, '')), range);
    }
  }
  const key = blockKey(name);
  return blocks.get(BLOCK_ALIASES[key] ?? key);
}

function bmpRange(s: string): [number, number] | undefined {
  if (!s) return undefined;
  return [s.charCodeAt(0), s.charCodeAt(s.length - 1)];
}

/** A block's astral part is written as surrogate pairs: its first and last pair bound it. */
function astralRange(s: string): [number, number] | undefined {
  const units = [...s].map((c) => c.charCodeAt(0)).filter((u) => u >= 0xd800 && u <= 0xdfff);
  const highs = units.filter((u) => u < 0xdc00);
  const lows = units.filter((u) => u >= 0xdc00);
  if (!highs.length || !lows.length) return undefined;
  const cp = (h: number, l: number) => (h - 0xd800) * 0x400 + (l - 0xdc00) + 0x10000;
  return [cp(highs[0]!, lows[0]!), cp(highs[highs.length - 1]!, lows[lows.length - 1]!)];
}

// XML 1.0 (fourth edition) name characters, BMP only, as XML Schema 1.0's \i and \c mean.
import xmlchars from 'salve-annos/lib/salve/datatypes/xmlcharacters.js';
const { xmlLetter, xmlNameChar } = xmlchars as unknown as { xmlLetter: string; xmlNameChar: string };

const hex = (cp: number) => `\\u{${cp.toString(16)}}`;
/** A class body (inside [...]) from code point ranges. */
const rangesToClass = (ranges: [number, number][]) => ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');

const MULTI: Record<string, { body: string; negated: boolean }> = {
  s: { body: '\\u{20}\\t\\n\\r', negated: false },
  i: { body: `${xmlLetter}_:`, negated: false },
  // salve's table starts with "-", which would join the previous item into a range.
  c: { body: xmlNameChar.replace(/^-/, '\\-'), negated: false },
  d: { body: '\\p{Nd}', negated: false },
  w: { body: '\\p{P}\\p{Z}\\p{C}', negated: true },
};

/**
 * A set of characters as a JS expression matching one character of it, and, when it can be
 * written inside a class, the class body too (so unions stay one class).
 */
interface CharSet {
  expr: string;
  body?: string;
}
const simple = (body: string): CharSet => ({ expr: `[${body}]`, body });
const negatedSet = (body: string): CharSet => ({ expr: `[^${body}]` });

const SINGLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
const SINGLE_ESCAPABLE = new Set(['\\', '|', '.', '?', '*', '+', '(', ')', '{', '}', '-', '[', ']', '^']);

/** A literal character inside a JS class or outside: always escaped as a code point. */
const lit = (ch: string) => hex(ch.codePointAt(0)!);

class Parser {
  private i = 0;
  private readonly chars: string[];

  constructor(private readonly src: string) {
    this.chars = [...src];
  }

  private fail(message: string): never {
    throw new XsdRegexError(message, this.src, this.i);
  }
  private peek(k = 0): string | undefined {
    return this.chars[this.i + k];
  }

  parse(): string {
    const out = this.regExp();
    if (this.i < this.chars.length) this.fail(`unexpected "${this.peek()}"`);
    return out;
  }

  private regExp(): string {
    const branches = [this.branch()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.branch());
    }
    return branches.join('|');
  }

  private branch(): string {
    let out = '';
    while (this.i < this.chars.length && this.peek() !== '|' && this.peek() !== ')') out += this.piece();
    return out;
  }

  private piece(): string {
    const atom = this.atom();
    const q = this.quantifier();
    return q ? `(?:${atom})${q}` : atom;
  }

  private quantifier(): string {
    const c = this.peek();
    if (c === '?' || c === '*' || c === '+') {
      this.i++;
      return c;
    }
    if (c !== '{') return '';
    this.i++;
    const min = this.digits();
    if (min === undefined) this.fail('a quantifier {..} needs a number');
    let max: string | undefined = min;
    if (this.peek() === ',') {
      this.i++;
      max = this.digits();
    }
    if (this.peek() !== '}') this.fail('unterminated quantifier');
    this.i++;
    if (max !== undefined && BigInt(max) < BigInt(min)) this.fail(`quantifier {${min},${max}}: the maximum is less than the minimum`);
    return max === min ? `{${min}}` : `{${min},${max ?? ''}}`;
  }

  private digits(): string | undefined {
    let s = '';
    while (/[0-9]/.test(this.peek() ?? '')) s += this.chars[this.i++];
    return s || undefined;
  }

  private atom(): string {
    const c = this.peek();
    if (c === undefined) this.fail('unexpected end');
    if (c === '(') {
      this.i++;
      const inner = this.regExp();
      if (this.peek() !== ')') this.fail('unclosed "("');
      this.i++;
      return `(?:${inner})`;
    }
    if (c === '[') return this.classExpr().expr;
    if (c === '.') {
      this.i++;
      return '[^\\n\\r]';
    }
    if (c === '\\') return this.escape(false).expr;
    if ('?*+{}()|]'.includes(c)) this.fail(`"${c}" must be escaped`);
    this.i++;
    return lit(c);
  }

  /** An escape: a single character (as a set of one) or a multi-character, category or block escape. */
  private escape(inClass: boolean): CharSet {
    this.i++; // the backslash
    const c = this.peek();
    if (c === undefined) this.fail('"\\" at the end');
    this.i++;
    if (SINGLE_ESCAPES[c]) return simple(lit(SINGLE_ESCAPES[c]!));
    if (SINGLE_ESCAPABLE.has(c)) return simple(lit(c));
    const lower = c.toLowerCase();
    if (MULTI[lower]) {
      const m = MULTI[lower]!;
      return m.negated !== (c !== lower) ? negatedSet(m.body) : simple(m.body);
    }
    if (c === 'p' || c === 'P') {
      if (this.peek() !== '{') this.fail(`\\${c} needs {category} or {IsBlock}`);
      this.i++;
      let name = '';
      while (this.peek() !== undefined && this.peek() !== '}') name += this.chars[this.i++];
      if (this.peek() !== '}') this.fail(`unterminated \\${c}{`);
      this.i++;
      const prop = this.property(name);
      if (prop.startsWith('\\p')) return simple(c === 'P' ? `\\P${prop.slice(2)}` : prop);
      return c === 'P' ? negatedSet(prop) : simple(prop);
    }
    this.fail(`unknown escape "\\${c}"${inClass ? ' in a character class' : ''}`);
  }

  private property(name: string): string {
    if (CATEGORIES.has(name)) return `\\p{${name}}`;
    if (/^Is[A-Za-z0-9-]+$/.test(name)) {
      const key = blockKey(name.slice(2));
      if (REFUSED_BLOCKS.has(key)) this.fail(`\\p{${name}}: surrogate blocks are not character sets`);
      const range = blockRange(name.slice(2));
      if (!range) this.fail(`unknown block "${name}"`);
      return rangesToClass([range]);
    }
    this.fail(`unknown character property "${name}"`);
  }

  /** [ charGroup ], with XML Schema's negation and subtraction. */
  private classExpr(): CharSet {
    this.i++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    const items: CharSet[] = [];
    let minus: CharSet | undefined;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('unclosed "["');
      if (c === ']') {
        if (!items.length) this.fail('empty character class');
        this.i++;
        break;
      }
      if (c === '-' && this.peek(1) === '[') {
        if (!items.length) this.fail('empty character class before "-["');
        this.i++;
        minus = this.classExpr();
        if (this.peek() !== ']') this.fail('a subtraction must end its character class');
        this.i++;
        break;
      }
      if (c === '[') this.fail('"[" must be escaped in a character class');
      if (c === '-' && items.length && this.peek(1) !== ']') this.fail('"-" must be escaped here');
      items.push(this.rangeOrEscape());
    }
    let set: CharSet;
    if (items.every((x) => x.body !== undefined)) {
      const body = items.map((x) => x.body).join('');
      set = negated ? negatedSet(body) : simple(body);
    } else {
      const union = `(?:${items.map((x) => x.expr).join('|')})`;
      set = { expr: negated ? `(?:(?!${union})[^])` : union };
    }
    return minus ? { expr: `(?:(?!${minus.expr})${set.expr})` } : set;
  }

  private rangeOrEscape(): CharSet {
    const c = this.peek()!;
    if (c === '\\') {
      const start = this.i;
      const e = this.escape(true);
      // A single-character escape may start a range; a multi-character one may not.
      const single = e.body !== undefined && /^\\u\{[0-9a-f]+\}$/.test(e.body);
      if (single && this.peek() === '-' && this.peek(1) !== '[' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i = start;
        return this.range();
      }
      return e;
    }
    if (this.peek(1) === '-' && this.peek(2) !== '[' && this.peek(2) !== ']' && this.peek(2) !== undefined) return this.range();
    this.i++;
    return simple(lit(c));
  }

  private rangeEnd(): number {
    const c = this.peek();
    if (c === undefined) this.fail('unclosed "["');
    if (c === '\\') {
      this.i++;
      const e = this.peek();
      this.i++;
      if (e && SINGLE_ESCAPES[e]) return SINGLE_ESCAPES[e]!.codePointAt(0)!;
      if (e && SINGLE_ESCAPABLE.has(e)) return e.codePointAt(0)!;
      this.fail('a range bound must be a single character');
    }
    if (c === '[' || c === ']') this.fail(`"${c}" must be escaped in a range`);
    this.i++;
    return c.codePointAt(0)!;
  }

  private range(): CharSet {
    const a = this.rangeEnd();
    this.i++; // -
    const b = this.rangeEnd();
    if (b < a) this.fail('a range ends before it starts');
    return simple(`${hex(a)}-${hex(b)}`);
  }
}

/** XML Schema regex → anchored Unicode JS RegExp; throws XsdRegexError when it is not one. */
export function xsdRegExp(source: string): RegExp {
  const body = new Parser(source).parse();
  try {
    return new RegExp(`^(?:${body})$`, 'u');
  } catch (e) {
    throw new XsdRegexError((e as Error).message, source, 0);
  }
}
