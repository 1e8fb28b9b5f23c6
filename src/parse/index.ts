import { readFileSync, statSync } from 'node:fs';
import type { Finding } from '../check/finding.js';
import { decodeXml } from './decode.js';
import { InputError } from './errors.js';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { buildTree, defaultLimits, type Shape, type Tree } from './tree.js';

export { InputError } from './errors.js';
export { parseCounter, nodePosition, elementOf, defaultLimits } from './tree.js';
export type { Shape, XmlModel, Tree, Limits } from './tree.js';
export { LineIndex, positionOf, type Position } from './position.js';

/** The data shape passed along the pipeline: parse → check → transform → write. */
export interface Source {
  path: string;
  /** The file exactly as read: copied to the output untouched. */
  bytes: Uint8Array;
  /** Decoded text, handed to the schema and XSLT stages. */
  text: string;
  encoding: string;
  shape: Shape;
  /** The one parsed tree (SaxonJS DOM with source positions) every later stage reads. */
  tree: Tree;
  /** Warnings of the parse stage (a doubtful encoding declaration), reported with the checks. */
  notes: Finding[];
}

export interface ReadOptions {
  /** Larger files are refused before they are read (default 64 MiB). */
  maxBytes?: number;
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Reads, decodes and checks one XML file; throws InputError with a one-line reason. */
export function readSource(path: string, options: ReadOptions = {}): Source {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(path, 'is a directory; expected an XML file', 0, 0, 'io');
    if (!st.isFile()) throw new InputError(path, 'is not a regular file; expected an XML file', 0, 0, 'io');
    size = st.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw ioError(path, err);
  }
  if (size > maxBytes) {
    throw new InputError(
      path,
      `file is ${mib(size)} MiB, over the limit of ${mib(maxBytes)} MiB; expected a smaller document (raise the limit with --max-size MiB if the machine has the memory)`,
      0,
      0,
      'limit',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw ioError(path, err);
  }
  return parseSource(path, bytes, options);
}

/** The same checks for bytes already in memory (the document is parsed here, once). */
export function parseSource(path: string, bytes: Uint8Array, options: ReadOptions = {}): Source {
  const { text, encoding, doubt } = decodeXml(path, bytes);
  const { tree, shape } = buildTree(path, text, { maxDepth: options.maxDepth ?? defaultLimits.maxDepth });
  // base-uri() and relative references in the stylesheets resolve against the file itself.
  tree.doc._saxonBaseUri = pathToFileURL(resolve(path)).href;
  const notes: Finding[] = doubt ? [{ file: path, ...tree.lines.at(doubt.at), severity: 'warning', rule: 'encoding', message: doubt.message }] : [];
  return { path, bytes, text, encoding, shape, tree, notes };
}

/** A Source from XML text already in memory (tests, generated documents); the path names it in messages. */
export function sourceFromText(path: string, text: string, options: ReadOptions = {}): Source {
  const { tree, shape } = buildTree(path, text, { maxDepth: options.maxDepth ?? defaultLimits.maxDepth });
  tree.doc._saxonBaseUri = pathToFileURL(resolve(path)).href;
  return { path, bytes: new TextEncoder().encode(text), text, encoding: 'utf-8', shape, tree, notes: [] };
}

function mib(n: number): string {
  return (n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0);
}

function ioError(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory; expected an XML file'
          : `cannot be read (${code ?? 'unknown error'})`;
  return new InputError(path, reason, 0, 0, 'io');
}
