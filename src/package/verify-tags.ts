import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.js';
import { parseBagInfo, parseFetch, tagLines } from './bagit.js';
import { unsafePath } from './names.js';
import type { BagTree } from './walk.js';

/** Reports a problem at a path inside the bag (and a line of it). */
export type At = (path: string, message: string, line?: number, severity?: Finding['severity']) => void;

/** What the bag declaration says: the encoding of the other tag files, and the BagIt version. */
export interface TagFormat {
  encoding: string;
  version: string;
}

/** Tag files are small; a larger one is refused rather than read into memory. */
const MAX_TAG_FILE = 256 * 1024 * 1024;

const isUtf8 = (encoding: string) => /^utf-?8$/i.test(encoding);

/**
 * A tag file's text: only a regular file found by the walk, opened without following a link,
 * decoded strictly in the declared encoding (§2.4: no byte-order mark in UTF-8; an encoding that
 * needs one, UTF-16, may have it). Null, with a finding, when it cannot be read.
 */
export function readTag(root: string, tree: BagTree, rel: string, format: TagFormat, at: At): string | null {
  const onDisk = tree.files.get(rel.normalize('NFC'));
  if (onDisk === undefined) return null;
  let bytes: Buffer;
  try {
    const fd = openSync(join(root, onDisk), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      if (fstatSync(fd).size > MAX_TAG_FILE) {
        at(onDisk, `is over ${MAX_TAG_FILE / 1024 / 1024} MiB; not read as a tag file`);
        return null;
      }
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    at(onDisk, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return null;
  }
  // The declaration itself is always UTF-8 (§2.1.1).
  let encoding = rel === 'bagit.txt' ? 'utf-8' : format.encoding;
  // "UTF-16" names no byte order: the byte-order mark gives it (TextDecoder's "utf-16" is little-endian).
  if (/^utf-?16$/i.test(encoding) && bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  if (isUtf8(encoding) && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    at(onDisk, 'begins with a byte-order mark; UTF-8 tag files must not (RFC 8493 §2.4)', 1);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return null; // an unknown encoding: reported once, at the declaration
  }
  try {
    return decoder.decode(bytes);
  } catch {
    at(onDisk, `is not ${encoding} text, the encoding bagit.txt declares (RFC 8493 §2.4)`);
    return null;
  }
}

/** Checks the bag declaration (§2.1.1) and returns what it declares. */
export function checkDeclaration(text: string, at: At): TagFormat {
  const { lines } = tagLines(text);
  const format: TagFormat = { encoding: 'utf-8', version: '1.0' };
  const version = /^BagIt-Version: ([0-9]+)\.([0-9]+)$/.exec(lines[0] ?? '');
  if (!version) at('bagit.txt', `line 1 must be "BagIt-Version: M.N", got ${JSON.stringify(lines[0] ?? '')}`, 1);
  else {
    format.version = `${version[1]}.${version[2]}`;
    if (format.version !== '1.0') at('bagit.txt', `BagIt-Version ${format.version}: checked by the rules of BagIt 1.0`, 1, 'warning');
  }
  const encoding = /^Tag-File-Character-Encoding: (.+)$/.exec(lines[1] ?? '');
  if (!encoding) at('bagit.txt', `line 2 must be "Tag-File-Character-Encoding: ENCODING", got ${JSON.stringify(lines[1] ?? '')}`, 2);
  else {
    format.encoding = encoding[1]!;
    let known = true;
    try {
      new TextDecoder(format.encoding);
    } catch {
      known = false;
    }
    if (!known) at('bagit.txt', `tag files in ${JSON.stringify(format.encoding)}: an encoding diwan verify does not know; expected UTF-8`, 2);
    else if (!isUtf8(format.encoding)) at('bagit.txt', `tag files in ${format.encoding}; RFC 8493 §2.4 strongly recommends UTF-8`, 2, 'warning');
  }
  if (lines.length !== 2) at('bagit.txt', `must consist of exactly two lines (RFC 8493 §2.1.1), has ${lines.length}`, Math.min(lines.length, 3));
  return format;
}

/** bag-info.txt (§2.2.2): well-formed elements, Payload-Oxum once and equal to the payload, Bagging-Date's form. */
export function checkBagInfo(text: string, format: TagFormat, payload: { files: number; octets: number }, listedFiles: number, at: At): void {
  const older = /^0\./.test(format.version);
  const { fields, problems } = parseBagInfo(text, older);
  for (const p of problems) at('bag-info.txt', p.message, p.line);
  const oxums = fields.filter((f) => f.label.toLowerCase() === 'payload-oxum');
  if (oxums.length > 1) at('bag-info.txt', 'Payload-Oxum is given more than once; it must not be repeated (RFC 8493 §2.2.2)', oxums[1]!.line);
  const oxum = oxums[0];
  if (oxum) {
    const m = /^([0-9]+)\.([0-9]+)$/.exec(oxum.value.trim());
    if (!m) at('bag-info.txt', `Payload-Oxum must be "OctetCount.StreamCount", got ${JSON.stringify(oxum.value)}`, oxum.line);
    else if (Number(m[1]) !== payload.octets || Number(m[2]) !== listedFiles) {
      at('bag-info.txt', `Payload-Oxum says ${m[1]}.${m[2]} (octets.files), the payload has ${payload.octets}.${listedFiles}`, oxum.line);
    }
  }
  for (const f of fields.filter((x) => x.label.toLowerCase() === 'bagging-date')) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.value.trim())) at('bag-info.txt', `Bagging-Date should be YYYY-MM-DD, got ${JSON.stringify(f.value)}`, f.line, 'warning');
  }
}

/**
 * fetch.txt (§2.2.3): each line's path must be a payload path inside the bag (§5.1), its URL
 * absolute. verify fetches nothing: a listed file not yet in the bag leaves it incomplete. Returns
 * the listed payload paths (NFC), so that their absence is reported once, here.
 */
export function checkFetch(text: string, present: (path: string) => boolean, at: At): Set<string> {
  const { entries, problems } = parseFetch(text);
  for (const p of problems) at('fetch.txt', p.message, p.line);
  const listed = new Set<string>();
  for (const e of entries) {
    const unsafe = unsafePath(e.path);
    if (unsafe) {
      at('fetch.txt', `${JSON.stringify(e.written)}: ${unsafe}; refused (RFC 8493 §5.1)`, e.line);
      continue;
    }
    if (!e.path.startsWith('data/')) {
      at('fetch.txt', `${JSON.stringify(e.written)}: a fetch file lists only payload files under data/ (RFC 8493 §2.2.3)`, e.line);
      continue;
    }
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(e.url)) at('fetch.txt', `${JSON.stringify(e.url)} is not an absolute URI (RFC 8493 §2.2.3)`, e.line);
    const key = e.path.normalize('NFC');
    listed.add(key);
    if (!present(key))
      at('fetch.txt', `${JSON.stringify(e.written)} is not in the bag yet: the bag is incomplete until it is fetched (diwan verify fetches nothing)`, e.line);
  }
  return listed;
}
