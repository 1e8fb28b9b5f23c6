import { lstatSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, parse, relative, resolve, sep } from 'node:path';

/** An output path diwan will not write to: the message says why and what was expected. */
export class OutputRefused extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutputRefused';
  }
  override toString(): string {
    return `${this.path}:0:0: error: ${this.message}`;
  }
}

/** The real path of p, or of its nearest existing ancestor with the rest appended (p need not exist). */
function real(p: string): string {
  const abs = resolve(p);
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(head), ...tail);
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      tail.unshift(head.slice(up.length + (up.endsWith(sep) ? 0 : 1)));
      head = up;
    }
  }
}

/** child is parent itself or lies below it. */
const inside = (child: string, parent: string) => {
  const r = relative(parent, child);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
};

function kindOf(path: string): string | null {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(path);
  } catch {
    return null;
  }
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'file';
}

/**
 * A file diwan is about to write (`-o OUT` of html, text, pdf): refused when it is one of the
 * inputs (the source would be replaced by its own edition), a device, FIFO, socket, symbolic link
 * or folder. An existing regular file is replaced atomically.
 */
export function checkOutputFile(out: string, inputs: string[]): void {
  const kind = kindOf(out);
  if (kind && kind !== 'file') throw new OutputRefused(out, `is ${kind}; expected a regular file to write (or a new name)`);
  const target = real(out);
  for (const input of inputs) {
    if (real(input) === target) throw new OutputRefused(out, `is the input ${input}; diwan never writes over its source: choose another -o`);
  }
  const parent = dirname(resolve(out));
  try {
    if (!statSync(parent).isDirectory()) throw new OutputRefused(out, `${parent} is not a folder; expected the output file's folder`);
  } catch (err) {
    if (err instanceof OutputRefused) throw err;
    // A missing folder is made when the file is written.
  }
}

/**
 * An output folder (`build -o OUT`): refused when it is the file-system root or the home folder,
 * a symbolic link, device or file, or when it is, or lies inside, an input folder (the editions
 * folder): a build must never write among its sources.
 */
export function checkOutputDir(out: string, inputDirs: string[]): void {
  const abs = resolve(out);
  const kind = kindOf(abs);
  if (kind && kind !== 'a folder') throw new OutputRefused(out, `is ${kind}; expected a folder for the built editions`);
  const target = real(abs);
  if (target === parse(target).root)
    throw new OutputRefused(out, 'is the root of the file system; expected a folder of its own for the built editions (e.g. dist)');
  if (target === real(homedir())) throw new OutputRefused(out, 'is the home folder; expected a folder of its own for the built editions (e.g. dist)');
  for (const dir of inputDirs) {
    const src = real(dir);
    if (inside(target, src)) throw new OutputRefused(out, `is inside the editions folder ${dir}; expected an output folder outside the sources (e.g. dist)`);
  }
}
