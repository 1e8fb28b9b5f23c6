import { readFileSync, statSync } from 'node:fs';
import { decodeXml } from './decode.js';
import { InputError } from './errors.js';
import { checkWellFormed, defaultLimits, type Shape } from './wellformed.js';

export { InputError } from './errors.js';
export type { Shape, XmlModel } from './wellformed.js';

/** The data shape passed along the pipeline: parse → check → transform → write. */
export interface Source {
  path: string;
  /** The file exactly as read: copied to the output untouched. */
  bytes: Uint8Array;
  /** Decoded text, handed to the schema and XSLT stages. */
  text: string;
  encoding: string;
  shape: Shape;
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

/** The same checks for bytes already in memory. */
export function parseSource(path: string, bytes: Uint8Array, options: ReadOptions = {}): Source {
  const { text, encoding } = decodeXml(path, bytes);
  const shape = checkWellFormed(path, text, { maxDepth: options.maxDepth ?? defaultLimits.maxDepth });
  return { path, bytes, text, encoding, shape };
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
