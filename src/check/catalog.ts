import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

/**
 * Schemas named by URL (`<?xml-model href="https://…/tei_all.rng"?>`) are never fetched by
 * default: a catalog maps them to local copies. diwan reads OASIS XML Catalogs 1.1 (the format
 * oXygen, libxml2 and Saxon read: `uri`, `rewriteURI`, `uriSuffix`, `system`, `rewriteSystem`,
 * `nextCatalog`), from --catalog, $XML_CATALOG_FILES and the project, and knows TEI's own
 * addresses for the tei_all it has.
 */
export interface CatalogEntry {
  kind: 'uri' | 'rewrite' | 'suffix';
  /** The name (uri, system), the start string (rewrite) or the suffix. */
  match: string;
  /** Absolute file URL or path the match maps to (or the rewrite prefix). */
  target: string;
  /** Which catalog said so, for messages. */
  from: string;
}

export class Catalog {
  constructor(readonly entries: CatalogEntry[] = []) {}

  /** The local file a URI names, if any entry maps it (uri and system entries before rewrites, longest rewrite wins). */
  resolve(uri: string): { path: string; from: string } | null {
    const exact = this.entries.find((e) => e.kind === 'uri' && e.match === uri);
    if (exact) return local(exact.target, exact.from);
    const rewrites = this.entries.filter((e) => e.kind === 'rewrite' && uri.startsWith(e.match)).sort((a, b) => b.match.length - a.match.length);
    if (rewrites[0]) return local(rewrites[0].target + uri.slice(rewrites[0].match.length), rewrites[0].from);
    const suffixes = this.entries.filter((e) => e.kind === 'suffix' && uri.endsWith(e.match)).sort((a, b) => b.match.length - a.match.length);
    if (suffixes[0]) return local(suffixes[0].target, suffixes[0].from);
    return null;
  }

  with(entries: CatalogEntry[]): Catalog {
    return new Catalog([...this.entries, ...entries]);
  }
}

function local(target: string, from: string): { path: string; from: string } | null {
  try {
    const path = /^file:/i.test(target) ? fileURLToPath(target) : target;
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? null : { path, from };
  } catch {
    return null;
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  processEntities: false,
});

type Node = Record<string, unknown>;

/** Reads an OASIS XML Catalog file (and the catalogs it chains with nextCatalog). Throws with the file named. */
export function readCatalog(file: string, seen = new Set<string>()): CatalogEntry[] {
  const abs = resolve(file);
  if (seen.has(abs)) return [];
  seen.add(abs);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new Error(`catalog ${abs} cannot be read`);
  }
  if (/<!ENTITY/i.test(text)) throw new Error(`catalog ${abs} declares entities; expected a plain OASIS XML catalog`);
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (err) {
    throw new Error(`catalog ${abs} is not well-formed XML: ${(err as Error).message}`);
  }
  const out: CatalogEntry[] = [];
  const base = (node: Node, inherited: string): string => {
    const b = node['@xml:base'] ?? node['@base'];
    return typeof b === 'string' ? new URL(b, inherited).href : inherited;
  };
  const walk = (node: Node, baseUri: string): void => {
    const here = base(node, baseUri);
    const at = (v: unknown) => (typeof v === 'string' ? new URL(v, here).href : '');
    for (const [name, value] of Object.entries(node)) {
      if (name.startsWith('@') || !Array.isArray(value)) continue;
      for (const child of value as Node[]) {
        if (typeof child !== 'object' || child === null) continue;
        const a = (k: string) => child[`@${k}`] as string | undefined;
        if ((name === 'uri' && a('name')) || (name === 'system' && a('systemId'))) {
          out.push({ kind: 'uri', match: (a('name') ?? a('systemId'))!, target: at(a('uri')), from: abs });
        } else if (name === 'rewriteURI' || name === 'rewriteSystem') {
          const start = a('uriStartString') ?? a('systemIdStartString');
          if (start) out.push({ kind: 'rewrite', match: start, target: at(a('rewritePrefix')), from: abs });
        } else if (name === 'uriSuffix' || name === 'systemSuffix') {
          const suffix = a('uriSuffix') ?? a('systemIdSuffix');
          if (suffix) out.push({ kind: 'suffix', match: suffix, target: at(a('uri')), from: abs });
        } else if (name === 'nextCatalog' && a('catalog')) {
          const next = fileURLToPath(at(a('catalog')));
          if (existsSync(next)) out.push(...readCatalog(next, seen));
        } else if (name === 'group' || name === 'catalog') {
          walk(child, here);
        }
      }
    }
  };
  walk(doc, pathToFileURL(abs).href);
  return out;
}

/** The TEI release a tei_all.rng was generated from ("P5 Version 4.11.0"), read off its header comment. */
export function teiVersionOf(rng: string): string | null {
  try {
    const head = readFileSync(rng, 'utf8').slice(0, 2000);
    return /P5 Version (\d+\.\d+\.\d+)/.exec(head)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * TEI's published addresses of tei_all, mapped to the local copy diwan found: the current
 * release's address always, a versioned Vault address only for the version the copy is.
 */
export function teiCatalog(teiAll: string | null): CatalogEntry[] {
  if (!teiAll) return [];
  const from = 'diwan (TEI addresses of tei_all)';
  const out: CatalogEntry[] = [];
  for (const host of ['http://www.tei-c.org', 'https://www.tei-c.org', 'http://tei-c.org', 'https://tei-c.org']) {
    out.push({ kind: 'uri', match: `${host}/release/xml/tei/custom/schema/relaxng/tei_all.rng`, target: teiAll, from });
    const version = teiVersionOf(teiAll);
    if (version) out.push({ kind: 'uri', match: `${host}/Vault/P5/${version}/xml/tei/custom/schema/relaxng/tei_all.rng`, target: teiAll, from });
  }
  return out;
}

/** Catalog files named by $XML_CATALOG_FILES (space-separated paths or file: URLs), as libxml2 reads them. */
export function envCatalogFiles(): string[] {
  const v = process.env.XML_CATALOG_FILES;
  if (!v) return [];
  return v
    .split(/\s+/)
    .filter(Boolean)
    .map((f) => (/^file:/i.test(f) ? fileURLToPath(f) : f))
    .filter((f) => existsSync(f));
}
