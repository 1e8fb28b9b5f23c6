import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Format } from '../edition/build.js';
import { LineIndex } from '../parse/position.js';
import { CONFIG_SCHEMA, type ConfigFile, type HeaderDefaults } from './config-schema.js';
import { ConfigError, type ConfigProblem } from './errors.js';

export { ConfigError, type ConfigProblem } from './errors.js';

import { CONFIG_FILE, findProjectRoot } from './root.js';

export { CONFIG_FILE, findProjectRoot };

/** A project's configuration with every default filled in and every path absolute. */
export interface Project {
  /** The project's folder (where its configuration is). */
  root: string;
  /** The file the configuration was read from: diwan.config.json, or package.json ("diwan" key). */
  configFile: string;
  editions: string;
  out: string;
  registers: string[];
  schemas: { relaxng: string; schematron: string };
  formats: Format[];
  paper: 'A4' | 'Letter';
  site: { title: string; baseUrl?: string };
  header: HeaderDefaults;
  customise: { xslt?: string; textXslt?: string; css?: string };
  serve: { host: string; port: number };
  /** The configuration as written, for tools that show it. */
  raw: ConfigFile;
}

/**
 * The project that holds `dir` (default: the working folder), found by walking up, with its
 * configuration checked against the schema and resolved: defaults filled, paths absolute.
 * Null outside any project; ConfigError (file:line:col of each bad key) for a bad configuration.
 */
export function loadProject(dir: string = process.cwd()): Project | null {
  const root = findProjectRoot(dir);
  if (!root) return null;
  const own = join(root, CONFIG_FILE);
  const file = existsSync(own) ? own : join(root, 'package.json');
  return resolveConfig(root, file, readConfig(file, file === own ? [] : ['diwan']));
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Reads and checks a configuration file; `at` is the path of the configuration inside the JSON. */
export function readConfig(file: string, at: (string | number)[] = []): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new ConfigError([{ file, line: 0, col: 0, key: '', message: 'cannot be read; expected a JSON file' }]);
  }
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  // Strict JSON: the file is read by npm, editors and other tools too.
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !tree) {
    // The first error only: the ones after it follow from it.
    const e = errors[0];
    throw new ConfigError([
      { file, ...lines.at(e?.offset ?? 0), key: '', message: `not valid JSON: ${e ? describeParseError(printParseErrorCode(e.error)) : 'empty file'}` },
    ]);
  }
  const node = at.length ? findNodeAtLocation(tree, at) : tree;
  if (!node) throw new ConfigError([{ file, line: 1, col: 1, key: '', message: `no "${at.join('.')}" key` }]);
  const value = getNodeValue(node) as unknown;
  validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(CONFIG_SCHEMA);
  if (!validator(value)) {
    const problems = (validator.errors ?? []).map((e) => problemOf(e, tree, at, file, lines));
    // Ajv reports each failed branch; one line per key and message is enough.
    const seen = new Set<string>();
    const unique = problems.filter((p) => !seen.has(`${p.key}\0${p.message}`) && seen.add(`${p.key}\0${p.message}`));
    throw new ConfigError(unique.sort((a, b) => a.line - b.line || a.col - b.col));
  }
  return value as ConfigFile;
}

function describeParseError(code: string): string {
  return code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/ expected$/, ' expected here');
}

/** An Ajv error as a problem located at its key (the key's own position for an unknown key). */
function problemOf(e: ErrorObject, tree: Node, at: (string | number)[], file: string, lines: LineIndex): ConfigProblem {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const keyOf = (p: (string | number)[]) => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  // The key's name in the file, where there is one, else the value's start.
  const located = (p: (string | number)[]) => {
    const n = findNodeAtLocation(tree, [...at, ...p]);
    const keyNode = n?.parent?.type === 'property' ? n.parent.children?.[0] : undefined;
    return lines.at((keyNode ?? n ?? tree).offset);
  };
  const where = keyOf(path);
  const named = where ? `"${where}"` : 'the configuration';
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const key = keyOf([...path, extra]);
      const allowed = Object.keys(propertiesAt(path));
      return {
        file,
        ...located([...path, extra]),
        key,
        message: `unknown key "${key}"${allowed.length ? `; expected one of: ${allowed.filter((k) => k !== '$schema').join(', ')}` : ''}`,
      };
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { file, ...located(path), key: keyOf([...path, missing]), message: `${named} needs a "${missing}" key` };
    }
    case 'type':
      return {
        file,
        ...located(path),
        key: where,
        message: `${named} must be ${article((e.params as { type: string }).type)}, got ${jsonType(getNodeValue(findNodeAtLocation(tree, [...at, ...path])!))}`,
      };
    case 'enum':
      return {
        file,
        ...located(path),
        key: where,
        message: `${named} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(getNodeValue(findNodeAtLocation(tree, [...at, ...path])!))}`,
      };
    case 'pattern':
      return {
        file,
        ...located(path),
        key: where,
        message: `${named} ${patternMeaning(path)}, got ${JSON.stringify(getNodeValue(findNodeAtLocation(tree, [...at, ...path])!))}`,
      };
    case 'minLength':
      return { file, ...located(path), key: where, message: `${named} must not be empty` };
    default:
      return { file, ...located(path), key: where, message: `${named} ${(e.message ?? 'is not allowed here').toLowerCase()}` };
  }
}

function patternMeaning(path: (string | number)[]): string {
  const last = path[path.length - 1];
  if (last === 'lang') return 'must be a BCP 47 language tag (ar, en, ar-EG)';
  return 'must be an absolute http(s) URL';
}

const article = (t: string) => (t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`);
const jsonType = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;

/** The properties the schema allows at a path of the configuration (for "expected one of"). */
function propertiesAt(path: (string | number)[]): Record<string, unknown> {
  let s: unknown = CONFIG_SCHEMA;
  for (const seg of path) {
    const o = s as { properties?: Record<string, unknown>; items?: unknown };
    s = typeof seg === 'number' ? o.items : o.properties?.[seg];
  }
  return ((s as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<string, unknown>;
}

/** Defaults filled in, paths made absolute against the project's folder. */
export function resolveConfig(root: string, configFile: string, c: ConfigFile): Project {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  const opt = (p: string | undefined) => (p === undefined ? undefined : abs(p));
  return {
    root,
    configFile,
    editions: abs(c.editions ?? 'editions'),
    out: abs(c.out ?? 'dist'),
    registers: (c.registers ?? ['registers/register.xml']).map(abs),
    schemas: { relaxng: abs(c.schemas?.relaxng ?? 'schemas/diwan.rng'), schematron: abs(c.schemas?.schematron ?? 'schemas/diwan.sch') },
    formats: [...(c.formats ?? ['html', 'text', 'tei', 'pdf'])],
    paper: c.paper ?? 'A4',
    site: { title: c.site?.title ?? 'Editions', ...(c.site?.baseUrl ? { baseUrl: c.site.baseUrl } : {}) },
    header: c.header ?? {},
    customise: { xslt: opt(c.customise?.xslt), textXslt: opt(c.customise?.textXslt), css: opt(c.customise?.css) },
    serve: { host: c.serve?.host ?? '127.0.0.1', port: c.serve?.port ?? 4173 },
    raw: c,
  };
}
