/**
 * Rewriting function calls in XPath text: how diwan runs `key()` and a schema's own
 * `xsl:function`s, which SaxonJS's stand-alone XPath engine does not have (see xslt-decls.ts).
 * The scanner skips string literals and comments, matches parentheses, and splits the argument
 * list at top-level commas; arguments are rewritten too, so calls may nest.
 */

const NAME_START = /[A-Za-z_\u00C0-\uFFEF]/;
const NAME_CHAR = /[\w.\-\u00B7\u00C0-\uFFEF]/;

/** End (exclusive) of the string literal or comment starting at i, or i when there is none. */
function skipLiteral(expr: string, i: number): number {
  const c = expr[i];
  if (c === '"' || c === "'") {
    let j = i + 1;
    for (;;) {
      const k = expr.indexOf(c, j);
      if (k < 0) return expr.length;
      if (expr[k + 1] === c) j = k + 2;
      else return k + 1;
    }
  }
  if (c === '(' && expr[i + 1] === ':') {
    let depth = 0;
    let j = i;
    while (j < expr.length) {
      if (expr.startsWith('(:', j)) {
        depth++;
        j += 2;
      } else if (expr.startsWith(':)', j)) {
        depth--;
        j += 2;
        if (depth === 0) return j;
      } else j++;
    }
    return expr.length;
  }
  return i;
}

/** Index of the parenthesis closing the one at `open`, or -1. */
function closing(expr: string, open: number): number {
  let depth = 0;
  for (let i = open; i < expr.length; ) {
    const skip = skipLiteral(expr, i);
    if (skip > i) {
      i = skip;
      continue;
    }
    const c = expr[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return c === ')' ? i : -1;
    }
    i++;
  }
  return -1;
}

/** Splits an argument list (the text between the parentheses) at top-level commas. */
export function splitArgs(list: string): string[] {
  if (!list.trim()) return [];
  const args: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < list.length; ) {
    const skip = skipLiteral(list, i);
    if (skip > i) {
      i = skip;
      continue;
    }
    const c = list[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(list.slice(last, i));
      last = i + 1;
    }
    i++;
  }
  args.push(list.slice(last));
  return args.map((a) => a.trim());
}

/**
 * Replaces every call `name(args…)` for which `replace(name, args)` returns a string. `name` is
 * the lexical name as written (`key`, `fn:key`, `f:norm`, `Q{uri}local`); variables (`$f(…)`),
 * kind tests and names in literals are left alone.
 */
export function rewriteCalls(expr: string, replace: (name: string, args: string[]) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const skip = skipLiteral(expr, i);
    if (skip > i) {
      out += expr.slice(i, skip);
      i = skip;
      continue;
    }
    const c = expr[i]!;
    const prev = expr[i - 1] ?? '';
    const startsName =
      (NAME_START.test(c) || expr.startsWith('Q{', i)) && !NAME_CHAR.test(prev) && prev !== '$' && prev !== '@' && prev !== ':' && prev !== '}';
    if (!startsName) {
      out += c;
      i++;
      continue;
    }
    let j = i;
    if (expr.startsWith('Q{', i)) {
      const close = expr.indexOf('}', i);
      if (close < 0) {
        out += expr.slice(i);
        break;
      }
      j = close + 1;
    }
    while (j < expr.length && NAME_CHAR.test(expr[j]!)) j++;
    if (expr[j] === ':' && expr[j + 1] !== ':' && NAME_START.test(expr[j + 1] ?? '')) {
      j++;
      while (j < expr.length && NAME_CHAR.test(expr[j]!)) j++;
    }
    const name = expr.slice(i, j);
    let k = j;
    while (k < expr.length && /\s/.test(expr[k]!)) k++;
    if (expr[k] === '(' && expr[k + 1] !== ':') {
      const end = closing(expr, k);
      if (end > 0) {
        const args = splitArgs(expr.slice(k + 1, end)).map((a) => rewriteCalls(a, replace));
        const r = replace(name, args);
        if (r !== undefined) {
          out += r;
          i = end + 1;
          continue;
        }
        out += expr.slice(i, k + 1);
        i = k + 1;
        continue;
      }
    }
    out += name;
    i = j;
  }
  return out;
}
