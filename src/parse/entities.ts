/**
 * Internal general entities of a DOCTYPE, as older TEI files use them for characters
 * (`<!ENTITY mdash "&#x2014;">`). Accepted under a strict expansion budget, as libxml2 does;
 * external entities (SYSTEM/PUBLIC) are never read, and entities whose replacement text holds
 * markup are refused (diwan would have to parse it as XML; none of the corpora needs that).
 */

export interface EntityProblem {
  /** Offset of the declaration (or reference) in the document text. */
  at: number;
  message: string;
  kind: 'security' | 'xml' | 'limit';
}

/** Amplification allowed: expanded characters over the document's own length (libxml2 uses 5). */
export const AMPLIFICATION = 5;
/** Small documents may still expand this much in total. */
const MIN_BUDGET = 1 << 20;

const NAME = '[:A-Z_a-z\\u00C0-\\uFFFF][:A-Z_a-z\\u00C0-\\uFFFF0-9.\\-\\u00B7]*';
const DECL = new RegExp(`<!ENTITY\\s+(%\\s+)?(${NAME})\\s+(?:(SYSTEM|PUBLIC)\\b|"([^"]*)"|'([^']*)')`, 'g');

/**
 * The replacement texts of the internal general entities declared in `doctype` (the body saxes
 * reports, which starts at `offset` in `text`), checked against the budget for every reference
 * the rest of the document makes. Returns the entities, or the first problem.
 */
export function internalEntities(doctype: string, offset: number, text: string): Map<string, string> | EntityProblem {
  // Declarations inside comments are not declarations: blank the comments out, keeping offsets.
  const subset = doctype.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));
  const declared = new Map<string, { literal: string; at: number }>();
  for (const m of subset.matchAll(DECL)) {
    const at = offset + m.index;
    const [, percent, name, external, dq, sq] = m;
    if (external) {
      return {
        at,
        kind: 'security',
        message: `the DOCTYPE declares the external entity "${name}" (${external}); diwan never reads external entities (they can read local files or fetch URLs); expected the characters themselves or an internal entity`,
      };
    }
    // Parameter entities only shape a DTD, which diwan does not use; general ones reach the text.
    if (percent) continue;
    // The first declaration of a name binds (XML 1.0 §4.2).
    if (!declared.has(name!)) declared.set(name!, { literal: dq ?? sq ?? '', at });
  }
  if (declared.size === 0) return new Map();

  const budget = Math.max(MIN_BUDGET, AMPLIFICATION * text.length);
  const values = new Map<string, string>();
  const expanding = new Set<string>();
  let problem: EntityProblem | null = null;

  const expand = (name: string): string | null => {
    const done = values.get(name);
    if (done !== undefined) return done;
    const decl = declared.get(name)!;
    if (expanding.has(name)) {
      problem ??= { at: decl.at, kind: 'xml', message: `entity "${name}" refers to itself; expected entities that end` };
      return null;
    }
    expanding.add(name);
    let out = '';
    const re = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([^\s&;#]+));/g;
    let last = 0;
    for (const r of decl.literal.matchAll(re)) {
      out += decl.literal.slice(last, r.index);
      last = r.index + r[0].length;
      if (r[1] || r[2]) {
        const cp = parseInt(r[1] ?? r[2]!, r[1] ? 16 : 10);
        if (!(cp <= 0x10ffff)) {
          problem ??= { at: decl.at, kind: 'xml', message: `entity "${name}" holds the invalid character reference ${r[0]}` };
          return null;
        }
        out += String.fromCodePoint(cp);
      } else if (['lt', 'gt', 'amp', 'quot', 'apos'].includes(r[3]!)) {
        out += { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[r[3] as 'lt'];
      } else if (declared.has(r[3]!)) {
        const inner = expand(r[3]!);
        if (inner === null) return null;
        out += inner;
      } else {
        problem ??= { at: decl.at, kind: 'xml', message: `entity "${name}" uses the undeclared entity "${r[3]}"` };
        return null;
      }
      if (out.length > budget) {
        problem ??= {
          at: decl.at,
          kind: 'security',
          message: `entity "${name}" expands to more than ${budget} characters; diwan refuses entity expansion beyond ${AMPLIFICATION}× the document's size (an entity bomb?)`,
        };
        return null;
      }
    }
    out += decl.literal.slice(last);
    expanding.delete(name);
    if (/</.test(out)) {
      problem ??= {
        at: decl.at,
        kind: 'xml',
        message: `entity "${name}" holds markup; diwan accepts entities that stand for text only (write the markup in the document)`,
      };
      return null;
    }
    values.set(name, out);
    return out;
  };

  for (const name of declared.keys()) {
    if (expand(name) === null) return problem!;
  }

  // Every reference in the document counts against the budget (quadratic blow-up: one large
  // entity referenced many times).
  const body = text.slice(offset + doctype.length);
  let total = 0;
  for (const r of body.matchAll(/&([^\s&;#<]+);/g)) {
    const v = values.get(r[1]!);
    if (v === undefined) continue;
    total += v.length;
    if (total > budget) {
      return {
        at: offset + doctype.length + r.index,
        kind: 'security',
        message: `references to entities expand to more than ${budget} characters; diwan refuses entity expansion beyond ${AMPLIFICATION}× the document's size (quadratic blow-up?)`,
      };
    }
  }
  return values;
}
