import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchematronSchemaError } from './errors.js';
import type { Trust } from './sandbox.js';
import { parseSchemaTree, XmlSyntaxError, type SchNode } from './xml.js';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';

/**
 * ISO Schematron's `include` (replaced by the element it points to) and `extends/@href` (a rule
 * in another file whose body the rule takes), resolved before compiling. An href is resolved
 * against the file the element was read from (XInclude's base URI fix-up), so a file included
 * from a subfolder includes its own neighbours. The included element keeps its own file and
 * positions, so errors in it name that file. A cycle is an error.
 *
 * A sandboxed schema (named by the document) may only include files in its own folder or below,
 * by relative path; a trusted one any local file. Neither reaches the network.
 */
export function resolveIncludes(root: SchNode, opts: { path?: string; trust: Trust; read?: Set<string> }): SchNode {
  const top = opts.path ? dirname(resolve(opts.path)) : undefined;
  const walk = (n: SchNode, chain: string[]): void => {
    for (let i = 0; i < n.children.length; i++) {
      const c = n.children[i]!;
      if (typeof c === 'string' || c.uri !== SCH_NS) continue;
      if (c.local === 'include') {
        const { target, file } = load(c, chain, top, opts.trust);
        opts.read?.add(file);
        target.parent = n;
        n.children[i] = target;
        walk(target, [...chain, file]);
        // the included element may itself be an include
        if (target.uri === SCH_NS && target.local === 'include') i--;
        continue;
      }
      if (c.local === 'extends' && c.attrs.has('href')) {
        const { target, file } = load(c, chain, top, opts.trust);
        opts.read?.add(file);
        if (target.uri !== SCH_NS || target.local !== 'rule')
          fail(`<extends href="${c.attrs.get('href')}"> points to <${target.name}>, not to a Schematron <rule>`, c);
        target.parent = c;
        c.children = [target];
        walk(target, [...chain, file]);
        continue;
      }
      walk(c, chain);
    }
  };
  walk(root, opts.path ? [resolve(opts.path)] : []);
  return root;
}

function fail(message: string, at: SchNode): never {
  throw new SchematronSchemaError(message, at.file, at.line, at.col);
}

/** Reads the element an include or extends points to (the root, or the element with that id). */
function load(at: SchNode, chain: string[], top: string | undefined, trust: Trust): { target: SchNode; file: string } {
  const what = `<${at.local} href="${at.attrs.get('href') ?? ''}">`;
  const href = at.attrs.get('href');
  if (!href) fail(`<${at.local}> without @href`, at);
  const [ref, fragment] = href.split('#', 2) as [string, string | undefined];
  let file: string;
  if (/^file:/i.test(ref)) {
    if (trust === 'sandboxed') fail(`${what}: a schema named by the document may include files by relative path only`, at);
    file = fileURLToPath(ref);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    fail(`${what}: diwan reads no network resources; include a local file`, at);
  } else {
    const base = at.file ? dirname(resolve(at.file)) : top;
    if (base === undefined) fail(`${what}: a schema read from a string cannot include files (its folder is unknown)`, at);
    if (trust === 'sandboxed' && isAbsolute(ref)) fail(`${what}: a schema named by the document may include files by relative path only`, at);
    file = resolve(base, ref || (at.file ?? ''));
    if (trust === 'sandboxed' && top !== undefined) {
      const rel = relative(top, file);
      if (rel.startsWith('..') || isAbsolute(rel)) fail(`${what}: a schema named by the document may only include files in its own folder or below`, at);
    }
  }
  if (chain.includes(file) && !fragment) fail(`${what}: ${file} includes itself (a cycle)`, at);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(`${what}: cannot read ${file}${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`, at);
  }
  let root: SchNode;
  try {
    root = parseSchemaTree(text, file);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new SchematronSchemaError(`not well-formed XML: ${e.message}`, file, e.line, e.col);
    throw e;
  }
  if (!fragment) return { target: root, file };
  const found = findId(root, fragment);
  if (!found) fail(`${what}: ${file} has no element with id "${fragment}"`, at);
  found.parent = undefined;
  return { target: found, file };
}

function findId(n: SchNode, id: string): SchNode | undefined {
  if (n.attrs.get('id') === id || n.attrs.get('Q{http://www.w3.org/XML/1998/namespace}id') === id) return n;
  for (const c of n.children) {
    if (typeof c === 'string') continue;
    const f = findId(c, id);
    if (f) return f;
  }
  return undefined;
}
